package io.xlat.examples.plat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.handoff.ShardHandoff;
import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64ShardRouter;
import io.xlat.core.nat64.Nat64Shards;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.examples.io.PacketChannel;
import io.xlat.examples.io.VirtioNetHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class Nat64ShardChannelTest
{
    private static final Nat64Shards SHARDS = new Nat64Shards(Nat64Config.builder().seed(1).sessionCapacity(256)
        .build(), Pool4.parse("192.0.2.0/30"), 2, List.of());

    /** A TUN queue stand-in: returns queued packets, each with an optional virtio-net header. */
    private static final class FakeQueue implements PacketChannel
    {
        private final ArrayDeque<byte[]> packets = new ArrayDeque<>();
        private final ArrayDeque<byte[]> headers = new ArrayDeque<>();
        private final VirtioNetHeader header = new VirtioNetHeader();
        private VirtioNetHeader current;

        void add(final byte[] packet, final byte[] vnet)
        {
            packets.add(packet);
            headers.add(null == vnet ? new byte[0] : vnet);
        }

        @Override
        public int read(final MutableDirectBuffer buffer, final int offset, final int capacity)
        {
            final byte[] p = packets.poll();
            if (null == p)
            {
                return 0;
            }
            final byte[] h = headers.poll();
            current = h.length == 0 ? null : header.wrap(new UnsafeBuffer(h), 0);
            buffer.putBytes(offset, p);
            return p.length;
        }

        @Override
        public VirtioNetHeader readHeader()
        {
            return current;
        }

        @Override
        public int write(final DirectBuffer buffer, final int offset, final int length)
        {
            return length;
        }

        @Override
        public int awaitReadable(final int timeoutMillis)
        {
            return packets.isEmpty() ? 0 : 1;
        }

        @Override
        public void close()
        {
        }
    }

    private static String hostOfShard(final int shard)
    {
        for (int h = 1; ; h++)
        {
            final String host = "2001:db8::" + Integer.toHexString(h);
            final long[] a = Ipv6Addresses.parse(host);
            if (SHARDS.shardForOutbound(a[0], a[1]) == shard)
            {
                return host;
            }
        }
    }

    @Test
    void shouldHandForeignPacketsToTheirShardWithTheirVirtioHeaderAndKeepOwnOnes()
    {
        final ShardHandoff handoff = new ShardHandoff(2, 4, 65535, Nat64ShardChannel.METADATA_LENGTH);
        final FakeQueue q0 = new FakeQueue();
        final FakeQueue q1 = new FakeQueue();
        final Nat64ShardChannel c0 = new Nat64ShardChannel(q0, handoff.endpoint(0), new Nat64ShardRouter(SHARDS, 0),
            new TranslatorCounters());
        final Nat64ShardChannel c1 = new Nat64ShardChannel(q1, handoff.endpoint(1), new Nat64ShardRouter(SHARDS, 1),
            new TranslatorCounters());
        final byte[] foreign = PacketBuilder.ipv6(hostOfShard(1), "64:ff9b::c633:640a").tcp(5000, 80)
            .payloadOfLength(3000).build();
        final byte[] own = PacketBuilder.ipv6(hostOfShard(0), "64:ff9b::c633:640a").udp(5000, 53).build();
        final byte[] vnet = new byte[12];
        new VirtioNetHeader().wrap(new UnsafeBuffer(vnet), 0).flags(VirtioNetHeader.FLAG_NEEDS_CSUM)
            .gsoType(VirtioNetHeader.GSO_TCPV6).hdrLen(60).gsoSize(1400).csumStart(40).csumOffset(16);
        q0.add(foreign, vnet);
        q0.add(own, null);

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[65535]);
        assertEquals(own.length, c0.read(buffer, 0, buffer.capacity()), "the foreign packet is skipped");
        assertArrayEquals(own, Arrays.copyOf(buffer.byteArray(), own.length));
        assertNull(c0.readHeader());
        assertTrue(c1.awaitReadable(0) > 0, "the inbox makes shard 1 readable");

        assertEquals(foreign.length, c1.read(buffer, 0, buffer.capacity()));
        assertArrayEquals(foreign, Arrays.copyOf(buffer.byteArray(), foreign.length));
        final VirtioNetHeader header = c1.readHeader();
        assertEquals(VirtioNetHeader.GSO_TCPV6, header.gsoType());
        assertEquals(1400, header.gsoSize());
        assertEquals(60, header.hdrLen());
        assertEquals(40, header.csumStart());
        assertEquals(16, header.csumOffset());
        assertTrue(header.needsChecksum());
        assertEquals(0, c1.read(buffer, 0, buffer.capacity()));
        assertEquals(1, handoff.endpoint(0).counter(ShardHandoff.SENT));
    }

    @Test
    void shouldCountAFullLaneAsADropOfTheReadingWorker()
    {
        final ShardHandoff handoff = new ShardHandoff(2, 1, 2048, Nat64ShardChannel.METADATA_LENGTH);
        final FakeQueue q0 = new FakeQueue();
        final TranslatorCounters counters = new TranslatorCounters();
        final Nat64ShardChannel c0 = new Nat64ShardChannel(q0, handoff.endpoint(0), new Nat64ShardRouter(SHARDS, 0),
            counters);
        final byte[] foreign = PacketBuilder.ipv6(hostOfShard(1), "64:ff9b::c633:640a").udp(5000, 53).build();
        q0.add(foreign, null);
        q0.add(foreign, null);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        assertEquals(0, c0.read(buffer, 0, buffer.capacity()));
        assertEquals(1, counters.drops(DropReason.HANDOFF_FULL));
        assertEquals(1, handoff.endpoint(0).counter(ShardHandoff.FULL));
    }
}
