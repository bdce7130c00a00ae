package io.xlat.core.codec;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Hand-made packets with documentation addresses. Each was written to a raw-IP pcap and checked with
 * {@code tshark -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE -V}: every
 * checksum reads "[correct]"/"Good" and the headers decode as described.
 */
final class GoldenPackets
{
    /** IPv4/UDP DNS query 192.0.2.1:53124 -> 198.51.100.53:53, A example.com, ID 0x4f2a, DF, TTL 64. */
    static final String DNS_QUERY_V4 = "450000394f2a40004011ff1fc0000201c6336435cf840035002559e71a2b0100" +
        "0001000000000000076578616d706c6503636f6d0000010001";
    /** IPv4/TCP SYN 192.0.2.1:40000 -> 198.51.100.10:80, seq 0x12345678, options MSS 1460, SACK-perm, TS, NOP, WS 7. */
    static final String TCP_SYN_V4 = "4500003c0000400040064e7dc0000201c633640a9c4000501234567800000000a002faf0" +
        "457b0000020405b40402080a0a0b0c0d0000000001030307";
    /**
     * IPv6 2001:db8::1 -> 64:ff9b::c633:640a, traffic class 0x2e, flow label 0x12345, hop limit 64, with Hop-by-Hop
     * (PadN, 8 bytes) + Destination Options (16 bytes) + Fragment (offset 0, M=0, id 0xdeadbeef) + UDP 5000 -> 7
     * carrying "hello xlat".
     */
    static final String UDP_V6_WITH_EXTENSIONS = "62e123450032004020010db80000000000000000000000010064ff9b0000000000" +
        "000000c633640a3c000104000000002c01010c00000000000000000000000011000000deadbeef138800070012767068656c6c6f" +
        "20786c6174";
    /** IPv4 ICMP echo request 192.0.2.1 -> 198.51.100.10, id 0x1234, seq 1, "abcdefgh". */
    static final String ECHO_V4 = "450000241111000040017d89c0000201c633640a08005435123400016162636465666768";
    /** ICMPv6 echo request 2001:db8::1 -> 64:ff9b::c633:640a, id 0x4321, seq 7, "ping". */
    static final String ECHO_V6 = "60000000000c3a4020010db80000000000000000000000010064ff9b000000000000" +
        "0000c633640a800005c84321000770696e67";
    /** IPv4 (IHL 7) with NOP + Loose Source Route via 203.0.113.1 + EOL, then an empty UDP datagram 1 -> 2. */
    static final String LSRR_V4 = "4700002400070000401147fac0000201c633640a01830704cb007101000100020008139c";

    private GoldenPackets()
    {
    }

    static byte[] bytes(final String hex)
    {
        final String clean = hex.replace(" ", "");
        final byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** A buffer of exactly the packet's size, so any over-read fails with an exception. */
    static UnsafeBuffer exact(final String hex)
    {
        return new UnsafeBuffer(bytes(hex));
    }

    static String hex(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            sb.append(String.format("%02x", buffer.getByte(offset + i) & 0xFF));
        }
        return sb.toString();
    }
}
