/**
 * Flyweight DNS message codec over Agrona buffers (RFC 1035 4.1, RFC 6891 6.1): {@link io.xlat.dns64.codec.DnsHeader}
 * field access, {@link io.xlat.dns64.codec.DnsName} for names with compression pointers (bounded, loop-safe,
 * allocation-free, case-insensitive comparison), {@link io.xlat.dns64.codec.DnsMessageReader} that validates a whole
 * message once and then iterates its sections without allocation, and {@link io.xlat.dns64.codec.DnsMessageWriter}
 * that writes a message with a moving limit and compresses names.
 * <p>
 * Malformed input never throws: every method that reads untrusted bytes returns a negative
 * {@link io.xlat.dns64.codec.DnsError} code, which a server answers with FORMERR (queries) or SERVFAIL (upstream
 * responses).
 */
package io.xlat.dns64.codec;
