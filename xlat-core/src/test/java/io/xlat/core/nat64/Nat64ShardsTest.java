package io.xlat.core.nat64;

import io.xlat.core.addr.Ipv4Addresses;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Nat64ShardsTest
{
    private static final long NET = 0x2001_0db8_0000_0000L;
    private static final int REMOTE = Ipv4Addresses.parse("198.51.100.10");

    @Test
    void inboundPacketsShouldReachTheShardThatCreatedTheirMapping()
    {
        final Nat64Shards shards = new Nat64Shards(
            Nat64Config.builder().seed(3).sessionCapacity(8192).build(), Pool4.parse("192.0.2.0/30"), 4, List.of());
        final Set<Integer> used = new HashSet<>();
        final Set<Long> transportAddresses = new HashSet<>();
        for (int h = 1; h <= 400; h++)
        {
            final int shard = shards.shardForOutbound(NET + h, 1);
            used.add(shard);
            final Nat64State st = shards.shard(shard);
            final int s = st.outbound(Nat64Protocol.UDP, NET + h, 1, 5000, REMOTE, 53, 0, 0);
            assertTrue(s >= 0);
            final int b = st.sessionBib(s);
            assertEquals(shard, shards.shardForInbound(st.bibV4Address(b), st.bibV4Port(b)), "owner of the port");
            assertTrue(transportAddresses.add((long)st.bibV4Address(b) << 16 | st.bibV4Port(b)), "disjoint slices");
            assertEquals(s, st.inbound(Nat64Protocol.UDP, st.bibV4Address(b), st.bibV4Port(b), REMOTE, 53, 0, 1));
        }
        assertEquals(4, used.size(), "hosts spread over every shard");
        assertEquals(2048, shards.shard(0).config().sessionCapacity(), "capacity divided evenly");
        long owned = 0;
        for (int s = 0; s < 4; s++)
        {
            owned += shards.shard(s).ownedPorts(Nat64Protocol.TCP);
        }
        assertEquals(4L * 64512, owned, "the slices cover pool4");
    }

    @Test
    void aSubscriberPrefixShouldStayOnOneShardSoItsLimitIsExact()
    {
        final Nat64Shards shards = new Nat64Shards(Nat64Config.builder().seed(9).subscriberPrefixLength(56)
            .maxSessionsPerSubscriber(3).build(), Pool4.parse("192.0.2.0/28"), 8, List.of());
        final int shard = shards.shardForOutbound(NET | 0x1200, 0);
        for (int i = 0; i < 50; i++)
        {
            assertEquals(shard, shards.shardForOutbound(NET | 0x1200 | (i & 0xFF), i * 77L));
        }
        final Nat64State st = shards.shard(shard);
        for (int i = 0; i < 3; i++)
        {
            assertTrue(st.outbound(Nat64Protocol.UDP, NET | 0x1200 | i, 1, 1000, REMOTE, 53, 0, 0) >= 0);
        }
        assertTrue(st.outbound(Nat64Protocol.UDP, NET | 0x12FF, 1, 1000, REMOTE, 53, 0, 0) < 0);
    }

    @Test
    void staticEntriesShouldLiveWithTheirIpv6HostAndOwnTheirPort()
    {
        final StaticBibEntry web = StaticBibEntry.parse("tcp:192.0.2.1#8080=2001:db8::10#80");
        final StaticBibEntry dns = StaticBibEntry.parse("udp:192.0.2.2#53=2001:db8::53#53");
        final Nat64Shards shards = new Nat64Shards(
            Nat64Config.builder().seed(5).build(), Pool4.parse("192.0.2.0/30:1-65535"), 4, List.of(web, dns));
        for (final StaticBibEntry e : List.of(web, dns))
        {
            final int shard = shards.shardForOutbound(e.v6High(), e.v6Low());
            assertEquals(shard, shards.shardForInbound(e.v4Address(), e.v4Port()));
            assertTrue(shards.shard(shard).findBib4(e.protocol(), e.v4Address(), e.v4Port()) >= 0);
        }
        assertThrows(IllegalArgumentException.class, () -> new Nat64Shards(Nat64Config.builder().build(),
            Pool4.parse("192.0.2.0/30"), 0, List.of()));
    }
}
