package io.xlat.examples.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.DirectBuffer;

/**
 * Writes a classic libpcap file, by default of raw IP packets (link type 101), without allocating per packet.
 */
public final class PcapWriter implements AutoCloseable
{
    private final OutputStream out;
    private final boolean littleEndian;
    private final byte[] header = new byte[16];
    private final byte[] scratch = new byte[PcapReader.MAX_RECORD];
    private long packets;

    private PcapWriter(final OutputStream out, final boolean littleEndian)
    {
        this.out = out;
        this.littleEndian = littleEndian;
    }

    /**
     * Creates (or replaces) a raw-IP capture file in little-endian byte order, the order libpcap writes on x86.
     *
     * @param file       the file.
     * @param nanosecond true for nanosecond timestamps ({@code a1b23c4d} magic), false for microseconds.
     * @return the writer.
     * @throws IOException when the file cannot be written.
     */
    public static PcapWriter openRaw(final Path file, final boolean nanosecond) throws IOException
    {
        return open(file, LinkType.RAW, nanosecond, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or replaces) a capture file.
     *
     * @param file       the file.
     * @param linkType   the LINKTYPE_* value written in the global header.
     * @param nanosecond true for nanosecond timestamps.
     * @param order      byte order of the header fields.
     * @return the writer.
     * @throws IOException when the file cannot be written.
     */
    public static PcapWriter open(final Path file, final int linkType, final boolean nanosecond, final ByteOrder order)
        throws IOException
    {
        final PcapWriter writer = new PcapWriter(
            new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), order == ByteOrder.LITTLE_ENDIAN);
        final byte[] global = new byte[24];
        writer.put32(global, 0, nanosecond ? 0xa1b23c4d : 0xa1b2c3d4);
        writer.put16(global, 4, 2);
        writer.put16(global, 6, 4);
        writer.put32(global, 16, PcapReader.MAX_RECORD);
        writer.put32(global, 20, linkType);
        writer.out.write(global);
        return writer;
    }

    /**
     * Appends one record.
     *
     * @param seconds  timestamp seconds.
     * @param fraction timestamp microseconds or nanoseconds, as the file was opened.
     * @param buffer   the packet bytes.
     * @param offset   first byte.
     * @param length   number of bytes, at most {@link PcapReader#MAX_RECORD}.
     * @throws IOException when the write fails.
     */
    public void write(final long seconds, final int fraction, final DirectBuffer buffer, final int offset,
        final int length) throws IOException
    {
        if (length < 0 || length > PcapReader.MAX_RECORD)
        {
            throw new IllegalArgumentException("length=" + length + " is outside 0.." + PcapReader.MAX_RECORD);
        }
        put32(header, 0, (int)seconds);
        put32(header, 4, fraction);
        put32(header, 8, length);
        put32(header, 12, length);
        out.write(header);
        buffer.getBytes(offset, scratch, 0, length);
        out.write(scratch, 0, length);
        packets++;
    }

    /**
     * Number of records written.
     *
     * @return the count.
     */
    public long packets()
    {
        return packets;
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }

    private void put16(final byte[] b, final int off, final int v)
    {
        if (littleEndian)
        {
            b[off] = (byte)v;
            b[off + 1] = (byte)(v >>> 8);
        }
        else
        {
            b[off] = (byte)(v >>> 8);
            b[off + 1] = (byte)v;
        }
    }

    private void put32(final byte[] b, final int off, final int v)
    {
        final int w = littleEndian ? Integer.reverseBytes(v) : v;
        b[off] = (byte)(w >>> 24);
        b[off + 1] = (byte)(w >>> 16);
        b[off + 2] = (byte)(w >>> 8);
        b[off + 3] = (byte)w;
    }
}
