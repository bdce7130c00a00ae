/**
 * {@code xlat dns64}: the DNS64 server of xlat-dns64 as a daemon (flags, config file, metrics endpoint, signals).
 */
package io.xlat.examples.dns64;
