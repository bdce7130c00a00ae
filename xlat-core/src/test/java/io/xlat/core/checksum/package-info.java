/**
 * Tests of the one's-complement checksum: RFC 1071 and RFC 1624 examples, real headers, and jqwik properties
 * against {@link io.xlat.core.checksum.ModuloChecksum}, an oracle that reduces modulo 0xFFFF instead of folding.
 */
package io.xlat.core.checksum;
