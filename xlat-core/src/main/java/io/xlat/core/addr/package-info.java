/**
 * Addresses for IPv4/IPv6 translation: IPv4 as {@code int}, IPv6 as two {@code long}s (or 16 bytes left in an
 * Agrona buffer, read and written big-endian).
 * <ul>
 *     <li>{@link io.xlat.core.addr.Ipv4Addresses}, {@link io.xlat.core.addr.Ipv6Addresses},
 *     {@link io.xlat.core.addr.Ipv4Prefix}, {@link io.xlat.core.addr.Ipv6Prefix}: text forms (RFC 4291 2.2 in,
 *     RFC 5952 out) and prefixes; parsing is cold code that names the bad value.</li>
 *     <li>{@link io.xlat.core.addr.Rfc6052}: IPv4-embedded IPv6 addresses for /32 /40 /48 /56 /64 /96.</li>
 *     <li>{@link io.xlat.core.addr.Ipv4Classification}: the non-global ranges of RFC 6052 3.1.</li>
 *     <li>{@link io.xlat.core.addr.EamTable}: RFC 7757 explicit address mappings, longest match both ways.</li>
 *     <li>{@link io.xlat.core.addr.Rfc6791Pool}, {@link io.xlat.core.addr.Rfc6791v6Pool}: sources for ICMP
 *     errors from untranslatable addresses.</li>
 *     <li>{@link io.xlat.core.addr.AddressMapper} and {@link io.xlat.core.addr.SiitAddressMapper}: what the SIIT
 *     translator calls per address.</li>
 * </ul>
 * Everything called per packet is allocation-free and exception-free; configuration objects are immutable once
 * built and shared between threads freely.
 */
package io.xlat.core.addr;
