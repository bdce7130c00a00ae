package io.xlat.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class PacketBuilderTest
{
    private static byte[] hex(final String text)
    {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @Test
    void shouldSumTheRfc1071NumericExample()
    {
        // RFC 1071 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2.
        assertEquals(0xddf2, RefChecksum.onesComplementSum(hex("0001f203f4f5f6f7"), 0, 8));
        // Odd length: the trailing byte is the high byte of a zero-padded word.
        assertEquals(0x0102 + 0x0300, RefChecksum.onesComplementSum(hex("010203"), 0, 3));
    }

    @Test
    void shouldReproduceTheTextbookIpv4HeaderChecksum()
    {
        // The classic worked example: 4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7.
        final byte[] packet = PacketBuilder.ipv4("192.168.0.1", "192.168.0.199").df(true).ttl(64)
            .udp(1000, 2000).payloadOfLength(0x73 - 28).build();
        assertArrayEquals(hex("4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7"), Arrays.copyOf(packet, 20));
        assertEquals(List.of(), RefChecksum.problems(packet));
    }

    @Test
    void shouldReproduceAnEchoReplyWrittenByTheLinuxKernel()
    {
        // Captured with tcpdump on lo: the kernel's reply to a raw-socket echo request to 127.0.0.1.
        final byte[] captured = hex("4500002cb102000040 01cbcc7f0000017f000001 00005305 12340001"
            + "786c61742d683520 6f7261636c652121");
        final byte[] built = PacketBuilder.ipv4("127.0.0.1", "127.0.0.1").id(0xb102).echoReply(0x1234, 1)
            .payload("xlat-h5 oracle!!").build();
        assertArrayEquals(captured, built);
        assertEquals(List.of(), RefChecksum.problems(captured));
    }

    @Test
    void shouldReproduceAnIcmpv6EchoRequestChecksummedByTheLinuxKernel()
    {
        // Captured with tcpdump on lo: ICMPv6 echo request to ::1, checksum filled in by the kernel.
        final byte[] captured = hex("600ee16d00183a40 00000000000000000000000000000001 00000000000000000000000000000001"
            + "8000a1bd43210007 786c61742d683520 6f7261636c652121");
        final byte[] built = PacketBuilder.ipv6("::1", "::1").flowLabel(0xee16d).echoRequest(0x4321, 7)
            .payload("xlat-h5 oracle!!").build();
        assertArrayEquals(captured, built);
        assertEquals(List.of(), RefChecksum.problems(captured));
    }

    @Test
    void shouldReportACorruptedL4ChecksumOffByExactlyTheDelta()
    {
        final PacketBuilder good = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").tcp(1234, 80).flags(
            PacketBuilder.SYN).seq(77).tcpOptions(2, 4, 0x05, 0xb4).payload("x");
        assertEquals(0, RefChecksum.checksumDiscrepancy(good.build()));
        final byte[] bad = good.corruptL4Checksum(0x0102).build();
        assertEquals(0x0102, RefChecksum.checksumDiscrepancy(bad));
        assertEquals(1, RefChecksum.problems(bad).size(), RefChecksum.problems(bad).toString());
        assertTrue(RefChecksum.problems(bad).get(0).startsWith("TCP checksum bad"));
    }

    @Test
    void shouldTreatUdpChecksumZeroAsNoneOverIpv4Only()
    {
        final byte[] v4 = PacketBuilder.ipv4("192.0.2.1", "198.51.100.1").udp(53, 53).udpZeroChecksum().build();
        assertEquals(List.of(), RefChecksum.problems(v4));
        assertEquals(RefChecksum.NOT_VERIFIABLE, RefChecksum.checksumDiscrepancy(v4));
        final byte[] v6 = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").udp(53, 53).udpZeroChecksum().build();
        assertEquals(1, RefChecksum.problems(v6).size());
    }

    @Test
    void shouldFlagABadIpv4HeaderChecksumAndWrongLengths()
    {
        final byte[] bad = PacketBuilder.ipv4("192.0.2.1", "198.51.100.1").corruptIpv4HeaderChecksum(1)
            .echoRequest(1, 1).build();
        assertTrue(RefChecksum.problems(bad).get(0).startsWith("IPv4 header checksum bad"));
        final byte[] longer = PacketBuilder.ipv4("192.0.2.1", "198.51.100.1").totalLengthOverride(100)
            .echoRequest(1, 1).build();
        assertTrue(RefChecksum.problems(longer).get(0).startsWith("IPv4 total length 100"));
    }

    @Test
    void shouldSplitAnIpv4DatagramIntoFragmentsThatReassembleToIt()
    {
        final PacketBuilder b = PacketBuilder.ipv4("192.0.2.1", "198.51.100.1").id(4242)
            .ipv4Options(0x94, 4, 0, 0, 0x07, 3, 4).udp(5000, 53).payloadOfLength(1000);
        final byte[] whole = b.build();
        final List<byte[]> fragments = b.fragments(300);
        assertEquals(4, fragments.size());
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        int expectedOffset = 0;
        for (int i = 0; i < fragments.size(); i++)
        {
            final byte[] f = fragments.get(i);
            assertEquals(List.of(), RefChecksum.problems(f));
            final int ihl = (f[0] & 0x0F) * 4;
            // First fragment keeps every option (8 bytes); later ones only router alert, which has the copied flag.
            assertEquals(i == 0 ? 28 : 24, ihl);
            final int flags = (f[6] & 0xFF) << 8 | f[7] & 0xFF;
            assertEquals(expectedOffset / 8, flags & 0x1FFF);
            assertEquals(i < fragments.size() - 1, (flags & 0x2000) != 0);
            assertEquals(4242, (f[4] & 0xFF) << 8 | f[5] & 0xFF);
            data.write(f, ihl, f.length - ihl);
            expectedOffset += f.length - ihl;
        }
        assertArrayEquals(Arrays.copyOfRange(whole, 28, whole.length), data.toByteArray());
        assertEquals(0, RefChecksum.checksumDiscrepancy(whole));
    }

    @Test
    void shouldSplitAnIpv6DatagramAfterTheUnfragmentablePart()
    {
        final PacketBuilder b = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").hopByHop(5, 2, 0, 0)
            .destinationOptions().fragmentId(99).udp(5000, 53).payloadOfLength(500);
        final List<byte[]> fragments = b.fragments(200);
        assertEquals(3, fragments.size());
        final byte[] first = fragments.get(0);
        assertEquals(0, first[6]);
        assertEquals(44, first[40]);
        assertEquals(60, first[48]);
        assertEquals(17, first[56]);
        for (final byte[] f : fragments)
        {
            assertEquals(List.of(), RefChecksum.problems(f));
        }
    }

    @Test
    void shouldUseTheRoutingHeaderFinalDestinationInThePseudoHeader()
    {
        final byte[] routed = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2")
            .routingHeader(0, 1, "2001:db8::99").udp(1, 2).payload("p").build();
        final byte[] direct = PacketBuilder.ipv6("2001:db8::1", "2001:db8::99").udp(1, 2).payload("p").build();
        assertEquals(List.of(), RefChecksum.problems(routed));
        // Same pseudo-header as a packet sent straight to the final destination.
        assertArrayEquals(Arrays.copyOfRange(direct, 40, 48), Arrays.copyOfRange(routed, 64, 72));
    }

    @Test
    void shouldVerifyTheInnerPacketOfAnIcmpError()
    {
        final byte[] inner = PacketBuilder.ipv4("198.51.100.1", "192.0.2.1").udp(53, 5000).payloadOfLength(40)
            .build();
        final byte[] error = PacketBuilder.ipv4("203.0.113.1", "198.51.100.1").icmpError(3, 4, 1400, inner)
            .build();
        assertEquals(List.of(), RefChecksum.problems(error));
        final byte[] badInner = PacketBuilder.ipv4("198.51.100.1", "192.0.2.1").corruptIpv4HeaderChecksum(5)
            .udp(53, 5000).payloadOfLength(40).build();
        final List<String> problems = RefChecksum.problems(
            PacketBuilder.ipv4("203.0.113.1", "198.51.100.1").icmpError(3, 4, 1400, badInner).build());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("inner IPv4 header checksum bad"));
        final byte[] truncated = PacketBuilder.ipv4("203.0.113.1", "198.51.100.1")
            .icmpError(11, 0, 0, PacketBuilder.truncate(inner, 28)).build();
        assertEquals(List.of(), RefChecksum.problems(truncated));
    }

    @Test
    void shouldPadTheQuotedPacketAndWriteTheRfc4884Length()
    {
        final byte[] inner = PacketBuilder.ipv6("2001:db8::2", "2001:db8::9").udp(1, 2).payloadOfLength(10).build();
        final byte[] ext = PacketBuilder.icmpExtensionStructure(hex("00080101 0000002a"));
        final byte[] error = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").icmpError(1, 0, 0, inner)
            .rfc4884(16, ext).build();
        assertEquals(40 + 8 + 128 + ext.length, error.length);
        assertEquals(16, error[44]);
        assertEquals(0xFFFF, RefChecksum.onesComplementSum(ext, 0, ext.length));
        assertEquals(List.of(), RefChecksum.problems(error));
        assertNotEquals(0, RefChecksum.expectedL4Checksum(error));
    }
}
