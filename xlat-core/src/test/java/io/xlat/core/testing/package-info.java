/**
 * Test-only packet builders and an independent checksum oracle, shared through xlat-core's test-jar.
 * <p>
 * Nothing here uses the production codec or checksum classes: {@link io.xlat.core.testing.PacketBuilder} writes
 * packets with plain byte arrays and {@link io.xlat.core.testing.RefChecksum} verifies them with a byte-by-byte
 * one's-complement sum (RFC 1071), so a bug in the production code cannot hide behind the same bug here.
 */
package io.xlat.core.testing;
