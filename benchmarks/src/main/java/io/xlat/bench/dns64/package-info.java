/**
 * Benchmarks of DNS64 synthesis (xlat-dns64).
 */
package io.xlat.bench.dns64;
