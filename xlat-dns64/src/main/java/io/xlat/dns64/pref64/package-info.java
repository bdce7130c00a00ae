/**
 * Learning the NAT64 prefix (Pref64::/n): {@link io.xlat.dns64.pref64.Pref64Discovery} for RFC 7050 (AAAA query
 * for ipv4only.arpa, well-known addresses 192.0.0.170/171 found in the answers) and
 * {@link io.xlat.dns64.pref64.Pref64Option} for the RFC 8781 PREF64 option in Router Advertisements.
 */
package io.xlat.dns64.pref64;
