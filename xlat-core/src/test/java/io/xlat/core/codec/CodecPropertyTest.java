package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import io.xlat.core.stats.DropReason;

class CodecPropertyTest
{
    private static final byte CANARY = (byte)0xA5;
    private static final String[] GOLDEN =
    {
        GoldenPackets.DNS_QUERY_V4,
        GoldenPackets.TCP_SYN_V4,
        GoldenPackets.UDP_V6_WITH_EXTENSIONS,
        GoldenPackets.ECHO_V4,
        GoldenPackets.ECHO_V6,
        GoldenPackets.LSRR_V4,
    };

    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();
    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();
    private final Icmpv4Message icmpv4 = new Icmpv4Message();
    private final Icmpv6Message icmpv6 = new Icmpv6Message();
    private final TcpHeader tcp = new TcpHeader();
    private final UdpHeader udp = new UdpHeader();

    @Property(tries = 1000)
    void arbitraryBytesInAnExactSizeBufferNeverThrowAndValidateToACode(
        @ForAll @Size(max = 200) final byte[] data,
        @ForAll @IntRange(max = 16) final int offset,
        @ForAll @IntRange(min = 3, max = 7) final int version)
    {
        if (data.length > 0)
        {
            data[0] = (byte)((version << 4) | (data[0] & 0x0F));
        }
        final byte[] exact = new byte[offset + data.length];
        System.arraycopy(data, 0, exact, offset, data.length);
        checkEveryFlyweight(new UnsafeBuffer(exact), offset, data.length);
    }

    @Property(tries = 1000)
    void mutatedAndTruncatedGoldenPacketsNeverThrowAndValidateToACode(
        @ForAll @IntRange(max = 5) final int which,
        @ForAll @IntRange(max = 127) final int position,
        @ForAll final byte value,
        @ForAll @IntRange(max = 127) final int cut)
    {
        final byte[] packet = GoldenPackets.bytes(GOLDEN[which]);
        packet[position % packet.length] = value;
        final int length = packet.length - (cut % (packet.length + 1));
        final byte[] exact = new byte[length];
        System.arraycopy(packet, 0, exact, 0, length);
        checkEveryFlyweight(new UnsafeBuffer(exact), 0, length);
    }

    private void checkEveryFlyweight(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final int v4 = ipv4.wrap(buffer, offset, length).validate(true);
        assertCode(v4, Ipv4Header.MIN_HEADER_LENGTH);
        if (v4 >= 0)
        {
            readAll(ipv4);
            final int protocolOffset = offset + v4;
            final int transportLength = ipv4.totalLength() - v4;
            checkTransport(buffer, protocolOffset, transportLength);
        }

        final int v6 = ipv6.wrap(buffer, offset, length).validate();
        assertCode(v6, Ipv6Header.HEADER_LENGTH);
        if (v6 >= 0)
        {
            readAll(ipv6);
            final int upper = walker.walk(ipv6);
            assertCode(upper, offset + Ipv6Header.HEADER_LENGTH);
            if (upper >= 0)
            {
                final int end = offset + Ipv6Header.HEADER_LENGTH + ipv6.payloadLength();
                assertTrue(upper <= end, "upper-layer offset within the packet");
                if (walker.hasFragmentHeader())
                {
                    assertEquals(8, fragment.wrap(buffer, walker.fragmentHeaderOffset(),
                        end - walker.fragmentHeaderOffset()).validate());
                    fragment.nextHeader();
                    fragment.fragmentOffset();
                    fragment.moreFragments();
                    fragment.identification();
                }
                walker.segmentsLeftPointer();
                checkTransport(buffer, upper, end - upper);
            }
        }

        for (int type = -1; type < 256; type += 64)
        {
            final int found = Ipv4Header.findOption(buffer, offset, Math.min(length, 40), type);
            assertTrue(found == Ipv4Header.NO_OPTION || found == -DropReason.BAD_IPV4_OPTIONS ||
                (found >= offset && found < offset + length));
        }
        checkTransport(buffer, offset, length);
    }

    private void checkTransport(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final int t = tcp.wrap(buffer, offset, length).validate();
        assertCode(t, TcpHeader.MIN_HEADER_LENGTH);
        if (t >= 0)
        {
            tcp.sourcePort();
            tcp.destinationPort();
            tcp.sequenceNumber();
            tcp.acknowledgmentNumber();
            tcp.flags();
            tcp.window();
            tcp.checksum();
            tcp.urgentPointer();
        }
        for (int firstFragment = 0; firstFragment < 2; firstFragment++)
        {
            final int u = udp.wrap(buffer, offset, length).validate(firstFragment == 1);
            assertCode(u, UdpHeader.HEADER_LENGTH);
            if (u >= 0)
            {
                udp.sourcePort();
                udp.destinationPort();
                udp.datagramLength();
                udp.checksum();
            }
        }
        final int i4 = icmpv4.wrap(buffer, offset, length).validate();
        assertCode(i4, Icmpv4Message.HEADER_LENGTH);
        if (i4 >= 0)
        {
            icmpv4.type();
            icmpv4.code();
            icmpv4.checksum();
            icmpv4.identifier();
            icmpv4.sequence();
            icmpv4.mtu();
            icmpv4.pointer();
            icmpv4.rfc4884Length();
        }
        final int i6 = icmpv6.wrap(buffer, offset, length).validate();
        assertCode(i6, Icmpv6Message.HEADER_LENGTH);
        if (i6 >= 0)
        {
            icmpv6.type();
            icmpv6.code();
            icmpv6.checksum();
            icmpv6.mtu();
            icmpv6.pointer();
            icmpv6.rfc4884Length();
        }
        final int f = fragment.wrap(buffer, offset, length).validate();
        assertCode(f, Ipv6FragmentHeader.HEADER_LENGTH);
    }

    private static void assertCode(final int result, final int minimumValid)
    {
        if (result < 0)
        {
            assertTrue(-result > DropReason.NONE && -result < DropReason.COUNT, "a known drop reason: " + result);
        }
        else
        {
            assertTrue(result >= minimumValid, "a header length: " + result);
        }
    }

    private static void readAll(final Ipv4Header header)
    {
        header.version();
        header.ihl();
        header.tos();
        header.identification();
        header.isFragment();
        header.fragmentOffsetBytes();
        header.ttl();
        header.protocol();
        header.headerChecksum();
        header.source();
        header.destination();
        header.hasSourceRoute();
        header.computeHeaderChecksum();
    }

    private static void readAll(final Ipv6Header header)
    {
        header.trafficClass();
        header.flowLabel();
        header.nextHeader();
        header.hopLimit();
        header.sourceHigh();
        header.sourceLow();
        header.destinationHigh();
        header.destinationLow();
    }

    // ----- setters write only inside [offset, offset + header length) and round-trip -----

    private static UnsafeBuffer framed(final int offset, final int headerLength)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + headerLength + 16]);
        buffer.setMemory(0, buffer.capacity(), CANARY);
        return buffer;
    }

    private static void assertCanaries(final UnsafeBuffer buffer, final int offset, final int headerLength)
    {
        for (int i = 0; i < buffer.capacity(); i++)
        {
            if (i < offset || i >= offset + headerLength)
            {
                assertEquals(CANARY, buffer.getByte(i), "stray write at " + i);
            }
        }
    }

    @Property(tries = 300)
    void ipv4SettersStayInTheirWindowAndRoundTrip(
        @ForAll @IntRange(max = 16) final int offset,
        @ForAll @IntRange(max = 0xFF) final int tos,
        @ForAll @IntRange(max = 0xFFFF) final int totalLength,
        @ForAll @IntRange(max = 0xFFFF) final int identification,
        @ForAll final boolean dontFragment,
        @ForAll final boolean moreFragments,
        @ForAll @IntRange(max = 0x1FFF) final int fragmentOffset,
        @ForAll @IntRange(max = 0xFF) final int ttl,
        @ForAll @IntRange(max = 0xFF) final int protocol,
        @ForAll final int source,
        @ForAll final int destination)
    {
        final UnsafeBuffer buffer = framed(offset, Ipv4Header.MIN_HEADER_LENGTH);
        ipv4.wrap(buffer, offset, Ipv4Header.MIN_HEADER_LENGTH).version(4).ihl(5).tos(tos).totalLength(totalLength)
            .identification(identification).flagsAndFragmentOffset(0).dontFragment(dontFragment)
            .moreFragments(moreFragments).fragmentOffset(fragmentOffset).ttl(ttl).protocol(protocol)
            .source(source).destination(destination).updateHeaderChecksum();
        assertCanaries(buffer, offset, Ipv4Header.MIN_HEADER_LENGTH);
        assertEquals(4, ipv4.version());
        assertEquals(20, ipv4.headerLength());
        assertEquals(tos, ipv4.tos());
        assertEquals(totalLength, ipv4.totalLength());
        assertEquals(identification, ipv4.identification());
        assertEquals(dontFragment, ipv4.dontFragment());
        assertEquals(moreFragments, ipv4.moreFragments());
        assertEquals(fragmentOffset, ipv4.fragmentOffset());
        assertEquals(ttl, ipv4.ttl());
        assertEquals(protocol, ipv4.protocol());
        assertEquals(source, ipv4.source());
        assertEquals(destination, ipv4.destination());
        assertEquals(ipv4.computeHeaderChecksum(), ipv4.headerChecksum());
    }

    @Property(tries = 300)
    void ipv6SettersStayInTheirWindowAndRoundTrip(
        @ForAll @IntRange(max = 16) final int offset,
        @ForAll @IntRange(max = 0xFF) final int trafficClass,
        @ForAll @IntRange(max = 0xFFFFF) final int flowLabel,
        @ForAll @IntRange(max = 0xFFFF) final int payloadLength,
        @ForAll @IntRange(max = 0xFF) final int nextHeader,
        @ForAll @IntRange(max = 0xFF) final int hopLimit,
        @ForAll final long sourceHigh,
        @ForAll final long sourceLow,
        @ForAll final long destinationHigh,
        @ForAll final long destinationLow)
    {
        final UnsafeBuffer buffer = framed(offset, Ipv6Header.HEADER_LENGTH);
        ipv6.wrap(buffer, offset, Ipv6Header.HEADER_LENGTH).version(6).trafficClass(trafficClass)
            .flowLabel(flowLabel).payloadLength(payloadLength).nextHeader(nextHeader).hopLimit(hopLimit)
            .source(sourceHigh, sourceLow).destination(destinationHigh, destinationLow);
        assertCanaries(buffer, offset, Ipv6Header.HEADER_LENGTH);
        assertEquals(6, ipv6.version());
        assertEquals(trafficClass, ipv6.trafficClass());
        assertEquals(flowLabel, ipv6.flowLabel());
        assertEquals(payloadLength, ipv6.payloadLength());
        assertEquals(nextHeader, ipv6.nextHeader());
        assertEquals(hopLimit, ipv6.hopLimit());
        assertEquals(sourceHigh, ipv6.sourceHigh());
        assertEquals(sourceLow, ipv6.sourceLow());
        assertEquals(destinationHigh, ipv6.destinationHigh());
        assertEquals(destinationLow, ipv6.destinationLow());
    }

    @Property(tries = 300)
    void transportSettersStayInTheirWindowAndRoundTrip(
        @ForAll @IntRange(max = 16) final int offset,
        @ForAll @IntRange(max = 0xFFFF) final int a,
        @ForAll @IntRange(max = 0xFFFF) final int b,
        @ForAll @IntRange(max = 0xFFFF) final int c,
        @ForAll @IntRange(max = 0xFF) final int small,
        @ForAll final int word,
        @ForAll final boolean flag)
    {
        UnsafeBuffer buffer = framed(offset, TcpHeader.MIN_HEADER_LENGTH);
        tcp.wrap(buffer, offset, TcpHeader.MIN_HEADER_LENGTH).sourcePort(a).destinationPort(b).sequenceNumber(word)
            .acknowledgmentNumber(~word).dataOffset(small & 0x0F).flags(small).window(c).checksum(b)
            .urgentPointer(a);
        assertCanaries(buffer, offset, TcpHeader.MIN_HEADER_LENGTH);
        assertEquals(a, tcp.sourcePort());
        assertEquals(b, tcp.destinationPort());
        assertEquals(word, tcp.sequenceNumber());
        assertEquals(~word, tcp.acknowledgmentNumber());
        assertEquals(small & 0x0F, tcp.dataOffset());
        assertEquals(small, tcp.flags());
        assertEquals(c, tcp.window());
        assertEquals(b, tcp.checksum());
        assertEquals(a, tcp.urgentPointer());

        buffer = framed(offset, UdpHeader.HEADER_LENGTH);
        udp.wrap(buffer, offset, UdpHeader.HEADER_LENGTH).sourcePort(a).destinationPort(b).datagramLength(c)
            .checksum(a ^ b);
        assertCanaries(buffer, offset, UdpHeader.HEADER_LENGTH);
        assertEquals(a, udp.sourcePort());
        assertEquals(b, udp.destinationPort());
        assertEquals(c, udp.datagramLength());
        assertEquals(a ^ b, udp.checksum());

        buffer = framed(offset, Icmpv4Message.HEADER_LENGTH);
        icmpv4.wrap(buffer, offset, Icmpv4Message.HEADER_LENGTH).type(small).code(~small & 0xFF).checksum(c)
            .pointer(small).rfc4884Length(~small & 0xFF).mtu(a);
        assertCanaries(buffer, offset, Icmpv4Message.HEADER_LENGTH);
        assertEquals(small, icmpv4.type());
        assertEquals(~small & 0xFF, icmpv4.code());
        assertEquals(c, icmpv4.checksum());
        assertEquals(small, icmpv4.pointer());
        assertEquals(~small & 0xFF, icmpv4.rfc4884Length());
        assertEquals(a, icmpv4.mtu());
        icmpv4.identifier(a).sequence(b);
        assertCanaries(buffer, offset, Icmpv4Message.HEADER_LENGTH);
        assertEquals(a, icmpv4.identifier());
        assertEquals(b, icmpv4.sequence());

        buffer = framed(offset, Icmpv6Message.HEADER_LENGTH);
        icmpv6.wrap(buffer, offset, Icmpv6Message.HEADER_LENGTH).type(small).code(~small & 0xFF).checksum(c)
            .mtu(word & 0xFFFFFFFFL);
        assertCanaries(buffer, offset, Icmpv6Message.HEADER_LENGTH);
        assertEquals(small, icmpv6.type());
        assertEquals(~small & 0xFF, icmpv6.code());
        assertEquals(c, icmpv6.checksum());
        assertEquals(word & 0xFFFFFFFFL, icmpv6.mtu());
        assertEquals(word & 0xFFFFFFFFL, icmpv6.pointer());
        icmpv6.rfc4884Length(small);
        assertEquals(small, icmpv6.rfc4884Length());
        assertCanaries(buffer, offset, Icmpv6Message.HEADER_LENGTH);

        buffer = framed(offset, Ipv6FragmentHeader.HEADER_LENGTH);
        fragment.wrap(buffer, offset, Ipv6FragmentHeader.HEADER_LENGTH).nextHeader(small).clearReserved()
            .fragmentOffset(a & 0x1FFF).moreFragments(flag).identification(word);
        assertCanaries(buffer, offset, Ipv6FragmentHeader.HEADER_LENGTH);
        assertEquals(small, fragment.nextHeader());
        assertEquals(a & 0x1FFF, fragment.fragmentOffset());
        assertEquals(flag, fragment.moreFragments());
        assertEquals(word, fragment.identification());
    }
}
