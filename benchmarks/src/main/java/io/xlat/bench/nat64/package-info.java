/**
 * Benchmarks of the stateful NAT64 translator (RFC 6146).
 */
package io.xlat.bench.nat64;
