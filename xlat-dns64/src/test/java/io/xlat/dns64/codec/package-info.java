/**
 * Tests of the DNS codec: hand-built wire messages, compression pointer attacks, lying counts, truncated records,
 * the RFC 1035 4.1.4 compression example, and jqwik properties (arbitrary bytes never throw; write-then-read).
 */
package io.xlat.dns64.codec;
