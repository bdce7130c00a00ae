package io.xlat.core.nat64;

import static io.xlat.core.nat64.Nat64Fixture.POOL;
import static io.xlat.core.nat64.Nat64Fixture.POOL6;
import static io.xlat.core.nat64.Nat64Fixture.slice;
import static io.xlat.core.nat64.Nat64Fixture.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * RFC 6146 3.8 hairpinning when the two IPv6 hosts live in different shards: the sender's shard translates the
 * outbound half and, since the destination transport address belongs to the other shard, emits that IPv4 packet
 * (the kernel routes pool4 back into the translator); the shard that owns the address translates it inbound like
 * any IPv4 packet. The reply takes the same way back.
 */
class Nat64CrossShardHairpinTest
{
    private static final long T0 = 1_000_000;

    @Test
    void shouldHairpinBetweenHostsOfDifferentShardsThroughTheOwnerOfTheDestination()
    {
        final String server = "2001:db8::53";
        final StaticBibEntry service = StaticBibEntry.parse("udp:" + POOL + "#5000=" + server + "#53");
        final Nat64Shards shards = new Nat64Shards(Nat64Config.builder().seed(3).sessionCapacity(4096).build(),
            Pool4.parse(POOL + "/32:1024-65535"), 2, List.of(service));
        final long[] serverAddress = Ipv6Addresses.parse(server);
        final int serverShard = shards.shardForOutbound(serverAddress[0], serverAddress[1]);
        assertEquals(serverShard, shards.shardForInbound(Ipv4Addresses.parse(POOL), 5000),
            "a static entry lives in the shard of its IPv6 host");
        String client = null;
        for (int i = 1; i < 64 && null == client; i++)
        {
            final String candidate = "2001:db8::" + Integer.toHexString(0x1000 + i);
            final long[] a = Ipv6Addresses.parse(candidate);
            if (shards.shardForOutbound(a[0], a[1]) != serverShard)
            {
                client = candidate;
            }
        }
        final long[] clientAddress = Ipv6Addresses.parse(client);
        final int clientShard = shards.shardForOutbound(clientAddress[0], clientAddress[1]);
        assertNotEquals(serverShard, clientShard);
        final Nat64Translator[] translators = new Nat64Translator[2];
        for (int s = 0; s < 2; s++)
        {
            translators[s] = new Nat64Translator(shards.shard(s),
                SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true).build(),
                SiitConfig.builder());
        }

        // Client -> pool4:5000 (the server's static entry): the client's shard emits the IPv4 half.
        final byte[] question = PacketBuilder.ipv6(client, POOL6).udp(7777, 5000).payload("question").build();
        final byte[] half = one(translators[clientShard], question);
        assertEquals(4, half[0] >> 4, "the IPv4 half, for the kernel to route back into the translator");
        assertArrayEquals(PacketBuilder.address(POOL, 4), slice(half, 12, 4), "from pool4");
        assertArrayEquals(PacketBuilder.address(POOL, 4), slice(half, 16, 4), "to pool4");
        assertEquals(5000, u16(half, 22));
        assertEquals(List.of(), RefChecksum.problems(half));
        final int clientPort = u16(half, 20);
        assertEquals(clientShard, shards.shardForInbound(Ipv4Addresses.parse(POOL), clientPort),
            "the client's mapping is in its own shard's port slice");
        assertEquals(serverShard, shards.shardForInbound(Ipv4Addresses.parse(POOL), u16(half, 22)));

        // The owner translates it inbound: to the server, from the client's pool4 transport address in pool6.
        final byte[] atServer = one(translators[serverShard], half);
        assertEquals(6, atServer[0] >> 4);
        assertArrayEquals(PacketBuilder.address(POOL6, 16), slice(atServer, 8, 16));
        assertArrayEquals(PacketBuilder.address(server, 16), slice(atServer, 24, 16));
        assertEquals(clientPort, u16(atServer, 40));
        assertEquals(53, u16(atServer, 42));
        assertEquals(List.of(), RefChecksum.problems(atServer));

        // The answer goes back the same way: the server's shard emits the IPv4 half, the client's shard delivers.
        final byte[] answer = PacketBuilder.ipv6(server, POOL6).udp(53, clientPort).payload("answer").build();
        final byte[] back = one(translators[serverShard], answer);
        assertEquals(4, back[0] >> 4);
        assertEquals(clientPort, u16(back, 22));
        final byte[] atClient = one(translators[clientShard], back);
        assertArrayEquals(PacketBuilder.address(client, 16), slice(atClient, 24, 16));
        assertEquals(5000, u16(atClient, 40), "from the service's pool4 port");
        assertEquals(7777, u16(atClient, 42));
        assertEquals(List.of(), RefChecksum.problems(atClient));
    }

    private static byte[] one(final Nat64Translator translator, final byte[] packet)
    {
        final TranslationResult result = new TranslationResult();
        final int verdict = translator.translate(new UnsafeBuffer(packet.clone()), 0, packet.length, result, T0);
        assertEquals(1, verdict, "one packet out");
        return Nat64Fixture.packets(result).get(0);
    }
}
