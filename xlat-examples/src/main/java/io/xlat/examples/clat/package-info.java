/**
 * {@code xlat clat}: the customer-side translator of 464XLAT (RFC 6877) on a TUN device: stateless translation of
 * the IPv4 host range (RFC 7335 192.0.0.0/29) to the CLAT's IPv6 addresses, and of every other IPv4 address to the
 * PLAT prefix, configured or discovered with RFC 7050.
 */
package io.xlat.examples.clat;
