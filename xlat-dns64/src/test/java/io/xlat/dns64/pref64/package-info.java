/**
 * Tests of Pref64::/n discovery: RFC 7050 answers for ipv4only.arpa at every RFC 6052 length, ambiguity resolved
 * with the secondary WKA, and RFC 8781 PREF64 option encoding (prefix length codes, lifetime scaling) and RA parsing.
 */
package io.xlat.dns64.pref64;
