/**
 * A forwarding DNS64 server (RFC 6147) over UDP and TCP (RFC 7766): Java NIO channels driven by one Agrona
 * {@link org.agrona.concurrent.Agent}, a preallocated pending-query table, a TTL-respecting wire cache (RFC 2308
 * negative caching), an ACL, counters as Prometheus text.
 */
package io.xlat.dns64.server;
