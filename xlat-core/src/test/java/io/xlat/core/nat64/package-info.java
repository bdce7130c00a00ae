/**
 * Tests of the stateful NAT64 state: the RFC 6146 3.5.2.2 TCP table, pool4 parsing and port allocation, BIB and
 * session behaviour (filtering, limits, capacity, expiry under clock steps), sharding, and a jqwik model-based test
 * against a reference written with plain collections.
 */
package io.xlat.core.nat64;
