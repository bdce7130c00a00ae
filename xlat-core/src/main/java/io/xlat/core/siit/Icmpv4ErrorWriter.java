package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the ICMPv4 errors the translator originates as an IPv4 router (RFC 7915 4.1, 4.4; RFC 1812 4.3.2):
 * Time Exceeded, Destination Unreachable / Source Route Failed and Fragmentation Needed, back to the sender of the
 * packet that provoked them.
 * <p>
 * Source: {@code self4}; without it, the first address of the {@code rfc6791v4} pool (RFC 6791 addresses are the
 * ones this translator already uses as IPv4 sources of ICMP errors it cannot otherwise source); without either, no
 * error is sent. TTL 64, precedence 6 (TOS 0xC0, RFC 1812 4.3.2.5), DF clear, and the message capped at 576 bytes
 * (RFC 1812 4.3.2.3): as much of the original datagram as fits.
 */
public final class Icmpv4ErrorWriter
{
    /** Largest ICMPv4 error the translator originates (RFC 1812 4.3.2.3). */
    static final int MAX_ERROR_LENGTH = 576;
    /** TTL of originated errors. */
    static final int ERROR_TTL = 64;
    /** TOS of originated errors: precedence 6, internetwork control (RFC 1812 4.3.2.5). */
    static final int ERROR_TOS = 0xC0;

    private final SiitConfig config;
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Icmpv4Message icmp = new Icmpv4Message();

    /**
     * Creates a writer sending from the configured self4 (or RFC 6791 pool) address.
     *
     * @param config the translator settings.
     */
    public Icmpv4ErrorWriter(final SiitConfig config)
    {
        this.config = config;
    }

    /**
     * Tells whether the translator has an IPv4 address to send errors from.
     *
     * @return true if self4 or an rfc6791v4 pool is configured.
     */
    boolean canSend()
    {
        return config.hasSelf4() || config.hasRfc6791v4();
    }

    /**
     * Writes one ICMPv4 error at {@code result.limit()} and commits it as {@link TranslationResult#KIND_ICMP_ERROR}.
     *
     * @param in           buffer holding the offending IPv4 packet.
     * @param offset       its first byte.
     * @param totalLength  its Total Length.
     * @param type         ICMPv4 type.
     * @param code         ICMPv4 code.
     * @param restOfHeader the second 32-bit word (e.g. the next-hop MTU of Fragmentation Needed).
     * @param result       output.
     * @return true if written, false if there is no source address or no room.
     */
    public boolean write(
        final DirectBuffer in,
        final int offset,
        final int totalLength,
        final int type,
        final int code,
        final int restOfHeader,
        final TranslationResult result)
    {
        if (!canSend())
        {
            return false;
        }
        return write(in, offset, totalLength, config.hasSelf4() ? config.self4() : config.rfc6791v4Address(), type,
            code, restOfHeader, result);
    }

    /**
     * Writes one ICMPv4 error from a given source address (stateful NAT64 answers from the pool4 address the
     * offending packet was sent to, RFC 6146 3.5.2.2) and commits it as {@link TranslationResult#KIND_ICMP_ERROR}.
     *
     * @param in           buffer holding the offending IPv4 packet.
     * @param offset       its first byte.
     * @param totalLength  bytes of it available to quote.
     * @param source       IPv4 source of the error.
     * @param type         ICMPv4 type.
     * @param code         ICMPv4 code.
     * @param restOfHeader the second 32-bit word.
     * @param result       output.
     * @return true if written, false if there is no room.
     */
    public boolean write(
        final DirectBuffer in,
        final int offset,
        final int totalLength,
        final int source,
        final int type,
        final int code,
        final int restOfHeader,
        final TranslationResult result)
    {
        final int quoted = Math.min(totalLength, MAX_ERROR_LENGTH - Ipv4Header.MIN_HEADER_LENGTH - 8);
        final int length = Ipv4Header.MIN_HEADER_LENGTH + Icmpv4Message.HEADER_LENGTH + quoted;
        if (result.remaining() < length)
        {
            return false;
        }
        final MutableDirectBuffer out = result.buffer();
        final int o = result.limit();
        final int destination = in.getInt(offset + Ipv4Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);

        final int icmpOffset = o + Ipv4Header.MIN_HEADER_LENGTH;
        out.putBytes(icmpOffset + Icmpv4Message.HEADER_LENGTH, in, offset, quoted);
        icmp.wrap(out, icmpOffset, Icmpv4Message.HEADER_LENGTH + quoted)
            .type(type)
            .code(code)
            .checksum(0)
            .restOfHeader(restOfHeader);
        icmp.checksum(Checksum.finish(Checksum.sum(out, icmpOffset, Icmpv4Message.HEADER_LENGTH + quoted, 0)));

        ipv4.wrap(out, o, Ipv4Header.MIN_HEADER_LENGTH);
        out.putByte(o, (byte)0x45);
        ipv4.tos(ERROR_TOS)
            .totalLength(length)
            .identification(0)
            .flagsAndFragmentOffset(0)
            .ttl(ERROR_TTL)
            .protocol(IpProtocol.ICMP)
            .headerChecksum(0)
            .source(source)
            .destination(destination)
            .updateHeaderChecksum();
        result.commit(length, TranslationResult.KIND_ICMP_ERROR);
        return true;
    }
}
