package io.xlat.dns64.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds DNS wire messages by hand (uncompressed names unless raw bytes are given), written from RFC 1035 4.1 with
 * no production code involved. Counts are whatever the test sets (so they can lie).
 */
public final class WireBuilder
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /**
     * Starts an empty message (for non-DNS bytes such as ICMPv6).
     */
    public WireBuilder()
    {
    }

    /**
     * Starts a message with a header.
     *
     * @param id    ID.
     * @param flags flags word.
     * @param qd    QDCOUNT.
     * @param an    ANCOUNT.
     * @param ns    NSCOUNT.
     * @param ar    ARCOUNT.
     * @return the builder.
     */
    public static WireBuilder header(final int id, final int flags, final int qd, final int an, final int ns,
        final int ar)
    {
        final WireBuilder b = new WireBuilder();
        b.u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
        return b;
    }

    /**
     * Appends a 16-bit value.
     *
     * @param v value.
     * @return this.
     */
    public WireBuilder u16(final int v)
    {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    /**
     * Appends a 32-bit value.
     *
     * @param v value.
     * @return this.
     */
    public WireBuilder u32(final long v)
    {
        u16((int)(v >>> 16));
        return u16((int)v);
    }

    /**
     * Appends raw bytes.
     *
     * @param bytes values 0..255.
     * @return this.
     */
    public WireBuilder raw(final int... bytes)
    {
        for (final int b : bytes)
        {
            out.write(b);
        }
        return this;
    }

    /**
     * Appends a name, uncompressed, from dotted text ("." is the root).
     *
     * @param dotted the name.
     * @return this.
     */
    public WireBuilder name(final String dotted)
    {
        out.writeBytes(encode(dotted));
        return this;
    }

    /**
     * Appends a question.
     *
     * @param name  QNAME.
     * @param type  QTYPE.
     * @param clazz QCLASS.
     * @return this.
     */
    public WireBuilder question(final String name, final int type, final int clazz)
    {
        return name(name).u16(type).u16(clazz);
    }

    /**
     * Appends a record with raw RDATA.
     *
     * @param name  owner.
     * @param type  TYPE.
     * @param ttl   TTL.
     * @param rdata RDATA bytes.
     * @return this.
     */
    public WireBuilder rr(final String name, final int type, final long ttl, final byte[] rdata)
    {
        name(name).u16(type).u16(1).u32(ttl).u16(rdata.length);
        out.writeBytes(rdata);
        return this;
    }

    /**
     * Appends an A record.
     *
     * @param name owner.
     * @param ttl  TTL.
     * @param a    four octets.
     * @return this.
     */
    public WireBuilder a(final String name, final long ttl, final int... a)
    {
        return rr(name, 1, ttl, new byte[] {(byte)a[0], (byte)a[1], (byte)a[2], (byte)a[3]});
    }

    /**
     * Appends an AAAA record.
     *
     * @param name    owner.
     * @param ttl     TTL.
     * @param address 16 bytes.
     * @return this.
     */
    public WireBuilder aaaa(final String name, final long ttl, final byte[] address)
    {
        return rr(name, 28, ttl, address);
    }

    /**
     * Appends a CNAME (uncompressed target).
     *
     * @param name   owner.
     * @param ttl    TTL.
     * @param target target.
     * @return this.
     */
    public WireBuilder cname(final String name, final long ttl, final String target)
    {
        return rr(name, 5, ttl, encode(target));
    }

    /**
     * Appends an SOA.
     *
     * @param name    owner.
     * @param ttl     TTL.
     * @param minimum MINIMUM.
     * @return this.
     */
    public WireBuilder soa(final String name, final long ttl, final long minimum)
    {
        final ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(encode("ns." + name));
        r.writeBytes(encode("hostmaster." + name));
        for (final long v : new long[] {2024010101L, 3600, 600, 86400, minimum})
        {
            r.write((int)(v >>> 24));
            r.write((int)(v >>> 16));
            r.write((int)(v >>> 8));
            r.write((int)v);
        }
        return rr(name, 6, ttl, r.toByteArray());
    }

    /**
     * Appends an OPT record.
     *
     * @param udpSize  payload size.
     * @param extRcode upper 8 bits of the RCODE.
     * @param dnssecOk DO bit.
     * @return this.
     */
    public WireBuilder opt(final int udpSize, final int extRcode, final boolean dnssecOk)
    {
        return raw(0).u16(41).u16(udpSize).raw(extRcode, 0).u16(dnssecOk ? 0x8000 : 0).u16(0);
    }

    /**
     * The bytes so far.
     *
     * @return a copy.
     */
    public byte[] bytes()
    {
        return out.toByteArray();
    }

    /**
     * The bytes in an exact-size buffer (any over-read fails).
     *
     * @return the buffer.
     */
    public UnsafeBuffer buffer()
    {
        return new UnsafeBuffer(bytes());
    }

    /**
     * Uncompressed wire form of a dotted name.
     *
     * @param dotted the name.
     * @return bytes.
     */
    public static byte[] encode(final String dotted)
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (!".".equals(dotted))
        {
            for (final String label : dotted.split("\\."))
            {
                if (!label.isEmpty())
                {
                    b.write(label.length());
                    b.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        b.write(0);
        return b.toByteArray();
    }

    /**
     * Parses an IPv6 address with the JDK (an implementation independent of ours).
     *
     * @param text the address.
     * @return 16 bytes.
     */
    public static byte[] v6(final String text)
    {
        try
        {
            final byte[] address = java.net.InetAddress.getByName(text).getAddress();
            if (address.length == 16)
            {
                return address;
            }
            // The JDK turns ::ffff:a.b.c.d into an Inet4Address; rebuild the mapped form.
            final byte[] mapped = new byte[16];
            mapped[10] = (byte)0xFF;
            mapped[11] = (byte)0xFF;
            System.arraycopy(address, 0, mapped, 12, 4);
            return mapped;
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalArgumentException(text, ex);
        }
    }
}
