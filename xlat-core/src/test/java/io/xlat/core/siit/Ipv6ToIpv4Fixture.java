package io.xlat.core.siit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.xlat.core.addr.AddressMapper;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test-only set-up for the IPv6 to IPv4 tests: a mapper whose answer depends on the address role, so a test sees
 * in which role every address was mapped (2001:db8:5::/96 only as a source, 2001:db8:d::/96 only as a
 * destination, the checksum-neutral 64:ff9b::/96 in both), configurations, and a runner returning the emitted
 * packets as arrays.
 */
final class Ipv6ToIpv4Fixture
{
    /** High 64 bits of the prefix accepted in the source role: 2001:db8:5::/96 (not checksum-neutral). */
    static final long SOURCE_PREFIX = 0x2001_0db8_0005_0000L;
    /** High 64 bits of the prefix accepted in the destination role: 2001:db8:d::/96. */
    static final long DESTINATION_PREFIX = 0x2001_0db8_000d_0000L;
    /** High 64 bits of the Well-Known Prefix 64:ff9b::/96, accepted in both roles. */
    static final long WKP = 0x0064_ff9b_0000_0000L;
    /** The translator's own IPv6 address. */
    static final String SELF6 = "2001:db8:ffff::1";
    /** The translator's own IPv4 address. */
    static final String SELF4 = "192.0.2.254";
    /** An IPv6 router address that has no IPv4 counterpart. */
    static final String ROUTER6 = "2001:db8:77::1";
    /** The RFC 6791 pool used by {@link #config()}: 198.51.100.240/30 (usable .241 and .242). */
    static final String RFC6791_POOL = "198.51.100.240";

    static final AddressMapper MAPPER = new AddressMapper()
    {
        @Override
        public boolean ipv4ToIpv6(final int ipv4, final boolean isSource, final MutableDirectBuffer out, final int at)
        {
            return false;
        }

        @Override
        public long ipv6ToIpv4(final DirectBuffer buffer, final int offset, final boolean isSource)
        {
            final long high = buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
            final long low = buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
            if ((low >>> 32) != 0)
            {
                return NOT_MAPPED;
            }
            if (high == WKP || high == (isSource ? SOURCE_PREFIX : DESTINATION_PREFIX))
            {
                return low & 0xFFFF_FFFFL;
            }
            return NOT_MAPPED;
        }
    };

    private Ipv6ToIpv4Fixture()
    {
    }

    /** The IPv6 address the mapper turns into {@code ipv4} in the source role. */
    static String s6(final String ipv4)
    {
        return "2001:db8:5::" + ipv4;
    }

    /** The IPv6 address the mapper turns into {@code ipv4} in the destination role. */
    static String d6(final String ipv4)
    {
        return "2001:db8:d::" + ipv4;
    }

    static int ipv4(final String text)
    {
        return ByteBuffer.wrap(PacketBuilder.address(text, 4)).getInt();
    }

    static byte[] v4(final String text)
    {
        return PacketBuilder.address(text, 4);
    }

    /**
     * The fixture's configuration. Identification generation (on by default, RFC 7915 5.1 MAY) is off so that
     * expected packets can be built with the RFC's base rule, Identification 0; generation has its own tests.
     */
    static SiitConfig.Builder config()
    {
        final byte[] self6 = PacketBuilder.address(SELF6, 16);
        final ByteBuffer b = ByteBuffer.wrap(self6);
        return SiitConfig.builder().mapper(MAPPER).self6(b.getLong(0), b.getLong(8)).self4(ipv4(SELF4))
            .rfc6791v4(ipv4(RFC6791_POOL), 30).generateIpv4Identification(false);
    }

    /** One translation's outcome. */
    record Run(int verdict, List<byte[]> packets, List<Integer> kinds, TranslatorCounters counters)
    {
        byte[] packet(final int index)
        {
            return packets.get(index);
        }
    }

    static Run run(final SiitConfig config, final byte[] packet)
    {
        final TranslatorCounters counters = new TranslatorCounters();
        return run(new Ipv6ToIpv4Translator(config, counters), counters, packet);
    }

    static Run run(final byte[] packet)
    {
        return run(config().build(), packet);
    }

    static Run run(final Ipv6ToIpv4Translator translator, final TranslatorCounters counters, final byte[] packet)
    {
        final TranslationResult result = new TranslationResult();
        final UnsafeBuffer in = new UnsafeBuffer(packet.clone());
        final int verdict = translator.translate(in, 0, packet.length, result);
        final List<byte[]> packets = new ArrayList<>();
        final List<Integer> kinds = new ArrayList<>();
        for (int i = 0; i < result.count(); i++)
        {
            final byte[] p = new byte[result.length(i)];
            result.buffer().getBytes(result.offset(i), p);
            packets.add(p);
            kinds.add(result.kind(i));
        }
        return new Run(verdict, packets, kinds, counters);
    }

    static int u8(final byte[] p, final int i)
    {
        return p[i] & 0xFF;
    }

    static int u16(final byte[] p, final int i)
    {
        return ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
    }

    static long u32(final byte[] p, final int i)
    {
        return ((long)u16(p, i) << 16) | u16(p, i + 2);
    }

    static byte[] slice(final byte[] p, final int from, final int to)
    {
        return Arrays.copyOfRange(p, from, to);
    }
}
