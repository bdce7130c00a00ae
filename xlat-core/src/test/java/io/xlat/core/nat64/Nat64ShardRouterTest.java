package io.xlat.core.nat64;

import java.util.List;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.testing.PacketBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class Nat64ShardRouterTest
{
    private static final Nat64Shards SHARDS = new Nat64Shards(Nat64Config.builder().seed(3).sessionCapacity(1024)
        .build(), Pool4.parse("192.0.2.0/30:1024-65535"), 4, List.of());

    private static int route(final Nat64ShardRouter router, final byte[] packet)
    {
        return router.shardOf(new UnsafeBuffer(packet), 0, packet.length);
    }

    /** Finds a destination port of 192.0.2.1 owned by a shard other than {@code not}, per PortOwners itself. */
    private static int portNotOwnedBy(final int not)
    {
        for (int port = 1024; ; port += 64)
        {
            if (SHARDS.owners().owner(Ipv4Addresses.parse("192.0.2.1"), port) != not)
            {
                return port;
            }
        }
    }

    @Test
    void shouldSendAnIpv4PacketToTheOwnerOfItsDestinationPort()
    {
        final Nat64ShardRouter router = new Nat64ShardRouter(SHARDS, 0);
        final int port = portNotOwnedBy(0);
        final byte[] udp = PacketBuilder.ipv4("198.51.100.10", "192.0.2.1").udp(53, port).build();
        assertEquals(Pool4.owner(Ipv4Addresses.parse("192.0.2.1"), port, 4), route(router, udp));
    }

    @Test
    void shouldKeepAFragmentWhoseFirstFragmentItHasNotSeenLocalAndCountIt()
    {
        final Nat64ShardRouter router = new Nat64ShardRouter(SHARDS, 2);
        final int port = portNotOwnedBy(2);
        final List<byte[]> fragments = PacketBuilder.ipv4("198.51.100.10", "192.0.2.1").id(77).udp(53, port)
            .payloadOfLength(100).fragments(48);
        assertEquals(2, route(router, fragments.get(1)));
        assertEquals(1, router.unroutedFragments());
        final int owner = route(router, fragments.get(0));
        assertNotEquals(2, owner);
        assertEquals(owner, route(router, fragments.get(1)));
        assertEquals(owner, route(router, fragments.get(2)));
        assertEquals(1, router.unroutedFragments());
    }

    @Test
    void shouldNotConfuseFragmentsOfAnotherDatagram()
    {
        final Nat64ShardRouter router = new Nat64ShardRouter(SHARDS, 1);
        final int port = portNotOwnedBy(1);
        route(router, PacketBuilder.ipv4("198.51.100.10", "192.0.2.1").id(5).udp(53, port).payloadOfLength(100)
            .fragments(48).get(0));
        final byte[] otherId = PacketBuilder.ipv4("198.51.100.10", "192.0.2.1").id(6).udp(53, port)
            .payloadOfLength(100).fragments(48).get(1);
        assertEquals(1, route(router, otherId));
        assertEquals(1, router.unroutedFragments());
    }

    @Test
    void shouldKeepWhatItCannotParseOnTheLocalShard()
    {
        final Nat64ShardRouter router = new Nat64ShardRouter(SHARDS, 3);
        assertEquals(3, route(router, new byte[]{0x10, 0, 0}));
        assertEquals(3, route(router, new byte[]{0x45, 0, 0}));
        assertEquals(3, route(router, PacketBuilder.ipv4("198.51.100.10", "192.0.2.1").raw(47, new byte[8])
            .build()));
        assertEquals(3, route(router, PacketBuilder.truncate(
            PacketBuilder.ipv4("198.51.100.10", "192.0.2.1").udp(1, portNotOwnedBy(3)).build(), 22)));
    }

    @Test
    void shouldRouteIpv6FragmentsAndExtensionHeadersBySource()
    {
        final Nat64ShardRouter router = new Nat64ShardRouter(SHARDS, 0);
        for (int h = 1; h < 40; h++)
        {
            final String host = "2001:db8::" + Integer.toHexString(h);
            final long[] a = io.xlat.core.addr.Ipv6Addresses.parse(host);
            final int expected = SHARDS.shardForOutbound(a[0], a[1]);
            for (final byte[] f : PacketBuilder.ipv6(host, "64:ff9b::c633:640a").fragmentId(h).udp(5, 53)
                .payloadOfLength(100).fragments(48))
            {
                assertEquals(expected, route(router, f));
            }
            assertEquals(expected, route(router, PacketBuilder.ipv6(host, "64:ff9b::c633:640a").destinationOptions()
                .icmp(129, 0, 0).build()));
        }
    }

    @Test
    void shouldKeepEverythingLocalWithOneShard()
    {
        final Nat64Shards one = new Nat64Shards(Nat64Config.builder().seed(3).sessionCapacity(64).build(),
            Pool4.parse("192.0.2.0/30"), 1, List.of());
        assertEquals(0, route(new Nat64ShardRouter(one, 0),
            PacketBuilder.ipv4("198.51.100.10", "192.0.2.1").udp(53, 4000).build()));
    }
}
