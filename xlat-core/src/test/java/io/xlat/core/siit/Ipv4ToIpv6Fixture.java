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
 * Test-only set-up for the IPv4 to IPv6 tests: a mapper whose result depends on the address role (so tests can see
 * which role every address was mapped in), configurations, and a runner returning the emitted packets as arrays.
 */
final class Ipv4ToIpv6Fixture
{
    /** Prefix (high 64 bits) of addresses mapped in the source role: 2001:db8:5::/96. */
    static final long SOURCE_PREFIX = 0x2001_0db8_0005_0000L;
    /** Prefix (high 64 bits) of addresses mapped in the destination role: 2001:db8:d::/96. */
    static final long DESTINATION_PREFIX = 0x2001_0db8_000d_0000L;
    /** An IPv4 address the mapper refuses in either role. */
    static final String UNMAPPABLE = "203.0.113.99";
    /** The translator's own IPv4 address. */
    static final String SELF4 = "192.0.2.254";

    static final AddressMapper MAPPER = new AddressMapper()
    {
        @Override
        public boolean ipv4ToIpv6(final int ipv4, final boolean isSource, final MutableDirectBuffer out, final int at)
        {
            if (ipv4 == ipv4(UNMAPPABLE))
            {
                return false;
            }
            out.putLong(at, isSource ? SOURCE_PREFIX : DESTINATION_PREFIX, ByteOrder.BIG_ENDIAN);
            out.putLong(at + 8, ipv4 & 0xFFFF_FFFFL, ByteOrder.BIG_ENDIAN);
            return true;
        }

        @Override
        public long ipv6ToIpv4(final DirectBuffer buffer, final int offset, final boolean isSource)
        {
            return NOT_MAPPED;
        }
    };

    private Ipv4ToIpv6Fixture()
    {
    }

    static int ipv4(final String text)
    {
        return ByteBuffer.wrap(PacketBuilder.address(text, 4)).getInt();
    }

    /**
     * The IPv6 address the fixture mapper gives an IPv4 address in a role, computed independently.
     */
    static byte[] v6(final String ipv4, final boolean source)
    {
        final byte[] a = new byte[16];
        ByteBuffer.wrap(a).putLong(source ? SOURCE_PREFIX : DESTINATION_PREFIX);
        System.arraycopy(PacketBuilder.address(ipv4, 4), 0, a, 12, 4);
        return a;
    }

    static SiitConfig.Builder config()
    {
        return SiitConfig.builder().mapper(MAPPER).self4(ipv4(SELF4));
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
        final Ipv4ToIpv6Translator translator = new Ipv4ToIpv6Translator(config, counters);
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

    static Run run(final byte[] packet)
    {
        return run(config().build(), packet);
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
