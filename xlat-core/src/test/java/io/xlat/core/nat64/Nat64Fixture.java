package io.xlat.core.nat64;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A NAT64 translator under test with byte[] in, byte[] list out.
 */
final class Nat64Fixture
{
    static final String HOST = "2001:db8::1";
    static final String HOST2 = "2001:db8::2";
    static final String REMOTE = "198.51.100.10";
    static final String REMOTE6 = "64:ff9b::c633:640a";
    static final String REMOTE2 = "198.51.100.20";
    static final String REMOTE2_6 = "64:ff9b::c633:6414";
    static final String ROUTER4 = "203.0.113.1";
    static final String ROUTER4_6 = "64:ff9b::cb00:7101";
    static final String POOL = "192.0.2.1";
    static final String POOL6 = "64:ff9b::c000:201";

    final Nat64Translator translator;
    final Nat64State state;
    final TranslationResult result = new TranslationResult();
    int verdict;

    Nat64Fixture(final Nat64Config.Builder config, final String pool, final StaticBibEntry... statics)
    {
        state = new Nat64State(config.build(), Pool4.parse(pool));
        for (final StaticBibEntry e : statics)
        {
            state.addStaticBib(e);
        }
        final long[] self6 = io.xlat.core.addr.Ipv6Addresses.parse("2001:db8:ffff::1");
        translator = new Nat64Translator(state,
            SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true).build(),
            SiitConfig.builder().self4(io.xlat.core.addr.Ipv4Addresses.parse("192.0.2.254")).self6(self6[0], self6[1]));
    }

    Nat64Fixture()
    {
        this(Nat64Config.builder().seed(7).sessionCapacity(1024), POOL + "/32:1024-65535");
    }

    List<byte[]> send(final byte[] packet, final long now)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(packet.clone());
        verdict = translator.translate(buffer, 0, packet.length, result, now);
        return packets(result);
    }

    byte[] one(final byte[] packet, final long now)
    {
        final List<byte[]> out = send(packet, now);
        if (out.size() != 1)
        {
            throw new AssertionError("expected one packet, verdict " + verdict + ", got " + out.size());
        }
        return out.get(0);
    }

    static List<byte[]> packets(final TranslationResult result)
    {
        final List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < result.count(); i++)
        {
            final byte[] p = new byte[result.length(i)];
            result.buffer().getBytes(result.offset(i), p);
            out.add(p);
        }
        return out;
    }

    static int u16(final byte[] p, final int at)
    {
        return ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
    }

    static byte[] slice(final byte[] p, final int from, final int length)
    {
        final byte[] s = new byte[length];
        System.arraycopy(p, from, s, 0, length);
        return s;
    }
}
