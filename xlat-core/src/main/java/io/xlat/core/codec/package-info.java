/**
 * Flyweight codecs for the headers a translator reads and writes: IPv4 (RFC 791), IPv6 (RFC 8200) with its
 * extension-header walker and Fragment header, ICMPv4 (RFC 792) and ICMPv6 (RFC 4443), TCP (RFC 9293) and UDP
 * (RFC 768).
 * <p>
 * Each flyweight is a reusable view over {@code (buffer, offset, length)} of an Agrona buffer: {@code wrap()} it,
 * call {@code validate()} once at the edge (it returns the header length or minus a
 * {@link io.xlat.core.stats.DropReason}), then read and write fields with bare-noun getters and same-name fluent
 * setters. All multi-byte fields are big-endian. Nothing here allocates or throws for bad input.
 */
package io.xlat.core.codec;
