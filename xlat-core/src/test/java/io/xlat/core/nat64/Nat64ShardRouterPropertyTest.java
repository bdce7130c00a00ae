package io.xlat.core.nat64;

import java.util.List;
import java.util.Random;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.testing.PacketBuilder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every packet of a flow (the outbound packet, the replies, IPv4 fragments of a reply, ICMP errors about either
 * direction) must reach the one shard whose state holds the session. The expectation is independent of the router:
 * the shard that created the session is found by which shard's session count grew, and replies are checked to be
 * translatable there (verdict &gt; 0).
 */
class Nat64ShardRouterPropertyTest
{
    private static final String REMOTE = "198.51.100.10";
    private static final String REMOTE6 = "64:ff9b::c633:640a";

    @Property(tries = 40)
    void shouldRouteEveryReplyAndErrorToTheShardThatCreatedTheSession(
        @ForAll @IntRange(min = 2, max = 8) final int shardCount,
        @ForAll @IntRange(min = 1, max = 40) final int flows,
        @ForAll final long seed)
    {
        final Nat64Shards shards = new Nat64Shards(Nat64Config.builder().seed(seed).sessionCapacity(8192).build(),
            Pool4.parse("192.0.2.0/29:1024-65535"), shardCount, List.of());
        final SiitAddressMapper pool6 = SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true)
            .build();
        final long[] self6 = Ipv6Addresses.parse("2001:db8:ffff::1");
        final Nat64Translator[] translators = new Nat64Translator[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            translators[i] = new Nat64Translator(shards.shard(i), pool6, SiitConfig.builder()
                .self4(Ipv4Addresses.parse("203.0.113.254")).self6(self6[0], self6[1]));
        }
        final Random random = new Random(seed);
        final TranslationResult result = new TranslationResult();
        // Several reading threads: each packet may be read by any of them.
        final Nat64ShardRouter[] routers = new Nat64ShardRouter[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            routers[i] = new Nat64ShardRouter(shards, i);
        }
        for (int f = 0; f < flows; f++)
        {
            final String host = "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::" +
                Integer.toHexString(1 + random.nextInt(0xFFFF));
            final int kind = random.nextInt(3);
            final int port = 1024 + random.nextInt(60000);
            final Nat64ShardRouter reader = routers[random.nextInt(shardCount)];
            final byte[] out6 = (kind == 0 ? PacketBuilder.ipv6(host, REMOTE6).udp(port, 53) : kind == 1 ?
                PacketBuilder.ipv6(host, REMOTE6).tcp(port, 80).flags(PacketBuilder.SYN) :
                PacketBuilder.ipv6(host, REMOTE6).echoRequest(port, 1)).payloadOfLength(64).build();
            final int[] before = sessionCounts(shards);
            final int chosen = reader.shardOf(new UnsafeBuffer(out6), 0, out6.length);
            final int verdict = translators[chosen].translate(new UnsafeBuffer(out6.clone()), 0, out6.length,
                result, f);
            assertEquals(1, verdict, "outbound translated");
            final byte[] out4 = Nat64Fixture.packets(result).get(0);
            final int owner = grownShard(before, sessionCounts(shards));
            assertTrue(owner == chosen || owner == -1, "a session was created in the chosen shard");
            final String pool = Ipv4Addresses.format(new UnsafeBuffer(out4).getInt(12, java.nio.ByteOrder.BIG_ENDIAN));
            final int pool4Port = Nat64Fixture.u16(out4, kind == 2 ? 24 : 20);

            final byte[] reply = (kind == 0 ? PacketBuilder.ipv4(REMOTE, pool).udp(53, pool4Port) : kind == 1 ?
                PacketBuilder.ipv4(REMOTE, pool).tcp(80, pool4Port).flags(PacketBuilder.SYN | PacketBuilder.ACK) :
                PacketBuilder.ipv4(REMOTE, pool).echoReply(pool4Port, 1)).payloadOfLength(64).build();
            final Nat64ShardRouter other = routers[random.nextInt(shardCount)];
            assertEquals(chosen, other.shardOf(new UnsafeBuffer(reply), 0, reply.length), "reply");
            assertEquals(1, translators[chosen].translate(new UnsafeBuffer(reply.clone()), 0, reply.length, result,
                f), "the reply is translated by the chosen shard");
            final byte[] reply6 = Nat64Fixture.packets(result).get(0);

            // RFC 6146 3.5.3: an ICMPv4 error quotes the packet we sent, whose source is the pool4 address.
            final byte[] error4 = PacketBuilder.ipv4("203.0.113.1", pool).icmpError(3, 1, 0,
                PacketBuilder.truncate(out4, 28)).build();
            assertEquals(chosen, other.shardOf(new UnsafeBuffer(error4), 0, error4.length), "ICMPv4 error");
            assertTrue(translators[chosen].translate(new UnsafeBuffer(error4.clone()), 0, error4.length, result,
                f) > 0, "the ICMPv4 error is translated by the chosen shard");

            // An ICMPv6 error quotes the packet we delivered to the host; from the host itself or a router.
            final byte[] error6 = PacketBuilder.ipv6(host, REMOTE6).icmpError(1, 4, 0, reply6).build();
            assertEquals(chosen, other.shardOf(new UnsafeBuffer(error6), 0, error6.length), "ICMPv6 error");
            assertTrue(translators[chosen].translate(new UnsafeBuffer(error6.clone()), 0, error6.length, result,
                f) > 0, "the ICMPv6 error is translated by the chosen shard");
            final byte[] routerError6 = PacketBuilder.ipv6("2001:db8:ffff::2", REMOTE6).icmpError(3, 0, 0, reply6)
                .build();
            assertEquals(chosen, other.shardOf(new UnsafeBuffer(routerError6), 0, routerError6.length),
                "ICMPv6 error from a router on the path");

            if (kind == 0)
            {
                // RFC 6146 3.4: later fragments carry no ports and follow the first through the same reader.
                final List<byte[]> fragments = PacketBuilder.ipv4(REMOTE, pool).id(random.nextInt(0x10000))
                    .udp(53, pool4Port).payloadOfLength(200).fragments(64);
                for (final byte[] fragment : fragments)
                {
                    assertEquals(chosen, other.shardOf(new UnsafeBuffer(fragment), 0, fragment.length), "fragment");
                    assertEquals(1, translators[chosen].translate(new UnsafeBuffer(fragment.clone()), 0,
                        fragment.length, result, f), "the fragment is translated by the chosen shard");
                }
            }
        }
    }

    private static int[] sessionCounts(final Nat64Shards shards)
    {
        final int[] counts = new int[shards.shardCount()];
        for (int i = 0; i < counts.length; i++)
        {
            counts[i] = shards.shard(i).sessionCount();
        }
        return counts;
    }

    /** The one shard whose count grew, -1 when none did (an existing session), fails when several did. */
    private static int grownShard(final int[] before, final int[] after)
    {
        int grown = -1;
        for (int i = 0; i < before.length; i++)
        {
            if (after[i] != before[i])
            {
                assertEquals(-1, grown, "sessions appeared in one shard only");
                grown = i;
            }
        }
        return grown;
    }
}
