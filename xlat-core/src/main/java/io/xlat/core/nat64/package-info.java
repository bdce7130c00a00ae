/**
 * Stateful NAT64 state (RFC 6146): pool4 with RFC 6056 port allocation, the BIB and session tables with
 * endpoint-independent mapping, endpoint-independent or address-dependent filtering, the TCP state machine of
 * RFC 6146 3.5.2, timers with O(1) expiry, per-subscriber limits, and the shard router that spreads the state over
 * cores without locks.
 * <p>
 * Everything here is preallocated at start and allocation-free per packet; the packet-level translator builds on
 * {@link io.xlat.core.nat64.Nat64State} and {@link io.xlat.core.nat64.Nat64Shards}.
 */
package io.xlat.core.nat64;
