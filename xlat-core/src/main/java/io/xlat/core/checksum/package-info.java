/**
 * The Internet checksum (RFC 1071): one's-complement sums over buffers, IPv4 and IPv6 pseudo-headers, the RFC 1624
 * incremental update, and checksum-neutral address arithmetic (RFC 6052 4.1, RFC 7915 4.5/5.4). Static methods on
 * primitive ints and longs: nothing here allocates.
 */
package io.xlat.core.checksum;
