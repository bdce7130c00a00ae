/**
 * {@code xlat plat}: the provider-side translator of 464XLAT on a TUN device: stateful NAT64 (RFC 6146) or
 * stateless SIIT with an EAMT (RFC 7915, RFC 7757).
 */
package io.xlat.examples.plat;
