package io.xlat.core.nat64;

import java.nio.ByteOrder;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.siit.TranslationResult;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the probe of an idle established TCP session (RFC 6146 3.5.2.2): when the ESTABLISHED lifetime (2 h 4 min
 * by default) passes without a packet, the NAT64 "SHOULD send a probe packet ... to at least one of the endpoints of
 * the TCP connection. The probe packet is a TCP segment for the connection with no data. The sequence number and the
 * acknowledgment number are set to zero. All flags but the ACK flag are set to zero." and moves the session to TRANS.
 * <p>
 * The probe goes to the IPv6 endpoint, as if from the IPv4 peer (its RFC 6052 address under pool6). A live host finds
 * sequence number 0 outside its receive window and answers with an ACK (RFC 9293 3.10.7.4, the challenge ACK of RFC
 * 5961 3.2), which crosses the NAT64 and brings the session back to ESTABLISHED; a host that lost the connection
 * answers with a RST; a vanished host answers nothing and the session ends after the transitory lifetime (4 min).
 * The IPv6 side is the one probed because it is the NAT64's own customer, and the IPv4 peer's reply would reach it
 * anyway. No allocation: the packet is written into the caller's {@link TranslationResult}.
 */
final class Nat64Probe
{
    /** IPv6 header plus a 20-byte TCP header. */
    static final int LENGTH = 60;

    private static final int IPV6_HEADER = 40;
    private static final int TCP_HEADER = 20;
    private static final int HOP_LIMIT = 64;
    /** Data offset 5 words, flags ACK only. */
    private static final int OFFSET_AND_FLAGS = 0x5010;
    /** Sequence 0 is outside the host's window, so the window field is never used; zero is as good as any. */
    private static final int WINDOW = 0;
    private static final long VERSION6 = 6L << 60;

    private Nat64Probe()
    {
    }

    /**
     * Writes the probe of a session into a result.
     *
     * @param state   the state holding the session.
     * @param session the session index (an established TCP session that just idled out).
     * @param pool6   the NAT64 prefix mapping the IPv4 peer into IPv6.
     * @param out     where the packet goes, as {@link TranslationResult#KIND_TRANSLATED} (towards the IPv6 side).
     * @return true when written, false when {@code out} has no room.
     */
    static boolean write(
        final Nat64State state, final int session, final SiitAddressMapper pool6, final TranslationResult out)
    {
        if (out.remaining() < LENGTH)
        {
            return false;
        }
        final int bib = state.sessionBib(session);
        final int remote = state.sessionRemoteAddress(session);
        final long sourceHigh = pool6.pool6High(remote);
        final long sourceLow = pool6.pool6Low(remote);
        final long destinationHigh = state.bibV6High(bib);
        final long destinationLow = state.bibV6Low(bib);
        final int sourcePort = state.sessionRemotePort(session);
        final int destinationPort = state.bibV6Port(bib);
        final MutableDirectBuffer b = out.buffer();
        final int o = out.limit();
        b.putLong(o, VERSION6 | ((long)TCP_HEADER << 16) | ((long)IpProtocol.TCP << 8) | HOP_LIMIT,
            ByteOrder.BIG_ENDIAN);
        b.putLong(o + 8, sourceHigh, ByteOrder.BIG_ENDIAN);
        b.putLong(o + 16, sourceLow, ByteOrder.BIG_ENDIAN);
        b.putLong(o + 24, destinationHigh, ByteOrder.BIG_ENDIAN);
        b.putLong(o + 32, destinationLow, ByteOrder.BIG_ENDIAN);
        final int t = o + IPV6_HEADER;
        b.putInt(t, (sourcePort << 16) | destinationPort, ByteOrder.BIG_ENDIAN);
        b.putInt(t + 4, 0, ByteOrder.BIG_ENDIAN);
        b.putInt(t + 8, 0, ByteOrder.BIG_ENDIAN);
        b.putInt(t + 12, (OFFSET_AND_FLAGS << 16) | WINDOW, ByteOrder.BIG_ENDIAN);
        b.putInt(t + 16, 0, ByteOrder.BIG_ENDIAN);
        // RFC 9293 3.1 / RFC 8200 8.1: checksum over the IPv6 pseudo-header and the segment.
        final int pseudo = Checksum.ipv6PseudoHeaderSum(
            sourceHigh, sourceLow, destinationHigh, destinationLow, IpProtocol.TCP, TCP_HEADER);
        b.putShort(t + 16, (short)Checksum.finish(Checksum.sum(b, t, TCP_HEADER, pseudo)), ByteOrder.BIG_ENDIAN);
        out.commit(LENGTH, TranslationResult.KIND_TRANSLATED);
        return true;
    }
}
