package io.xlat.dns64.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsRecordType;
import io.xlat.dns64.testing.WireBuilder;

class Dns64SynthesizerPropertyTest
{
    private static final String[] PREFIXES =
    {
        "2001:db8:64::/96", "2001:db8:1::/64", "2001:db8:2:300::/56", "2001:db8:3::/48", "2001:db8:400::/40",
        "2001:db9::/32",
    };

    @Property(tries = 500)
    void synthesisNeverEmitsAnAddressOutsideTheConfiguredPrefixes(
        @ForAll @Size(min = 1, max = 10) final List<Integer> ipv4s,
        @ForAll @IntRange(min = 1, max = 63) final int prefixMask,
        @ForAll @IntRange(max = 1000) final int seedTtl)
    {
        final Dns64Config.Builder builder = Dns64Config.builder();
        for (int i = 0; i < PREFIXES.length; i++)
        {
            if ((prefixMask & (1 << i)) != 0)
            {
                builder.prefix(PREFIXES[i]);
            }
        }
        final Dns64Config config = builder.build();
        final Dns64Synthesizer synth = new Dns64Synthesizer(config);
        final UnsafeBuffer q = WireBuilder.header(1, 0x0100, 1, 0, 0, 0).question("p.example", 28, 1).buffer();
        final WireBuilder a = WireBuilder.header(2, 0x8180, 1, ipv4s.size(), 0, 0).question("p.example", 1, 1);
        final Set<Integer> sources = new HashSet<>();
        for (final int v4 : ipv4s)
        {
            a.a("p.example", seedTtl, v4 >>> 24, (v4 >>> 16) & 0xFF, (v4 >>> 8) & 0xFF, v4 & 0xFF);
            sources.add(v4);
        }
        final UnsafeBuffer aBuffer = a.buffer();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[65535]);
        final int length = synth.synthesize(q, 0, q.capacity(), null, 0, 0, aBuffer, 0, aBuffer.capacity(), out, 0,
            out.capacity());
        assertTrue(length > 0);
        final DnsMessageReader r = new DnsMessageReader();
        assertTrue(r.wrap(out, 0, length) >= 0);
        int synthesized = 0;
        while (r.next())
        {
            if (r.section() == DnsMessageReader.ANSWER && r.type() == DnsRecordType.AAAA)
            {
                synthesized++;
                final long high = r.aaaaHigh();
                final long low = r.aaaaLow();
                boolean inside = false;
                for (int i = 0; i < config.prefixCount(); i++)
                {
                    final Ipv6Prefix p = config.prefix(i);
                    if (p.contains(high, low) && sources.contains(extract(high, low, p.length())))
                    {
                        inside = true;
                    }
                }
                assertTrue(inside, "outside every prefix or not from an A record");
                assertTrue(r.ttl() <= Math.min(seedTtl, 600));
            }
        }
        assertTrue(synthesized == ipv4s.size() * config.prefixCount());
    }

    /** RFC 6052 2.2 extraction written independently of Rfc6052: gather the 32 IPv4 bits around the u-octet. */
    private static int extract(final long high, final long low, final int length)
    {
        final byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(high >>> (56 - 8 * i));
            bytes[8 + i] = (byte)(low >>> (56 - 8 * i));
        }
        int v4 = 0;
        int taken = 0;
        for (int i = length / 8; taken < 4; i++)
        {
            if (i == 8)
            {
                continue;
            }
            v4 = (v4 << 8) | (bytes[i] & 0xFF);
            taken++;
        }
        return v4;
    }
}
