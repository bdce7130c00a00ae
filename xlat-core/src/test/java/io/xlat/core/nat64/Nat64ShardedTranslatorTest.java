package io.xlat.core.nat64;

import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.testing.PacketBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Nat64ShardedTranslatorTest
{
    private static List<Integer> run(final int shardCount)
    {
        final Nat64Shards shards = new Nat64Shards(Nat64Config.builder().seed(11).sessionCapacity(4096).build(),
            Pool4.parse("192.0.2.0/30:1024-65535"), shardCount, List.of());
        final SiitAddressMapper pool6 = SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true)
            .build();
        final Nat64Translator[] translators = new Nat64Translator[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            translators[i] = new Nat64Translator(shards.shard(i), pool6, SiitConfig.builder());
        }
        final TranslationResult result = new TranslationResult();
        final List<Integer> verdicts = new ArrayList<>();
        final List<byte[]> replies = new ArrayList<>();
        for (int h = 0; h < 40; h++)
        {
            final String host = "2001:db8::" + Integer.toHexString(h + 1);
            final long[] a = Ipv6Addresses.parse(host);
            final byte[] out = PacketBuilder.ipv6(host, "64:ff9b::c633:640a").udp(3000 + h, 53).build();
            final int shard = shards.shardForOutbound(a[0], a[1]);
            final int v = translators[shard].translate(new UnsafeBuffer(out), 0, out.length, result, h);
            verdicts.add(v);
            final byte[] p = Nat64Fixture.packets(result).get(0);
            final String pool = (p[12] & 0xFF) + "." + (p[13] & 0xFF) + "." + (p[14] & 0xFF) + "." + (p[15] & 0xFF);
            replies.add(PacketBuilder.ipv4("198.51.100.10", pool).udp(53, Nat64Fixture.u16(p, 20)).build());
            replies.add(PacketBuilder.ipv4("198.51.100.10", pool).udp(53, 1).build());
            final byte[] tcp = PacketBuilder.ipv6(host, "64:ff9b::c633:640a").tcp(4000, 80).flags(PacketBuilder.ACK)
                .build();
            verdicts.add(translators[shard].translate(new UnsafeBuffer(tcp), 0, tcp.length, result, h));
        }
        for (final byte[] r : replies)
        {
            final int dst = new UnsafeBuffer(r).getInt(16, java.nio.ByteOrder.BIG_ENDIAN);
            final int shard = shards.shardForInbound(dst, Nat64Fixture.u16(r, 22));
            verdicts.add(translators[shard].translate(new UnsafeBuffer(r), 0, r.length, result, 100));
        }
        return verdicts;
    }

    @Test
    void shouldGiveTheSameVerdictsWithTwoShardsAsWithOne()
    {
        assertEquals(run(1), run(2));
    }
}
