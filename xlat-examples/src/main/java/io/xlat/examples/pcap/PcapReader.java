package io.xlat.examples.pcap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a classic libpcap file record by record into one reused buffer and finds the IP packet in each frame.
 * <p>
 * Accepts both byte orders and the microsecond ({@code a1b2c3d4}) and nanosecond ({@code a1b23c4d}) magics; link
 * types RAW (101), IPV4 (228), IPV6 (229), Ethernet (1, with any number up to 4 of 802.1Q / 802.1ad tags), Linux
 * cooked SLL (113) and SLL2 (276). Frames that carry something other than IPv4/IPv6 are counted in
 * {@link #skipped()} and passed over by {@link #next()}. A truncated or garbled file raises a
 * {@link PcapFormatException} naming the file and byte offset.
 * <pre>{@code
 * try (PcapReader in = PcapReader.open(path))
 * {
 *     while (in.next())
 *     {
 *         handle(in.buffer(), in.ipOffset(), in.ipLength(), in.timestampSeconds(), in.timestampFraction());
 *     }
 * }
 * }</pre>
 */
public final class PcapReader implements AutoCloseable
{
    /** Largest record accepted (libpcap's own maximum snapshot length). */
    public static final int MAX_RECORD = 262_144;

    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int MAGIC_PCAPNG = 0x0a0d0d0a;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int MAX_VLAN_TAGS = 4;

    private final Path file;
    private final InputStream in;
    private final boolean swapped;
    private final boolean nanosecond;
    private final int linkType;
    private final byte[] header = new byte[RECORD_HEADER];
    private final byte[] data = new byte[MAX_RECORD];
    private final UnsafeBuffer buffer = new UnsafeBuffer(data);

    private long position;
    private long recordOffset;
    private long records;
    private long skipped;
    private long seconds;
    private int fraction;
    private int capturedLength;
    private int originalLength;
    private int ipOffset;
    private int ipLength;

    private PcapReader(
        final Path file, final InputStream in, final boolean swapped, final boolean nanosecond, final int linkType)
    {
        this.file = file;
        this.in = in;
        this.swapped = swapped;
        this.nanosecond = nanosecond;
        this.linkType = linkType;
        this.position = GLOBAL_HEADER;
    }

    /**
     * Opens a capture file and reads its global header.
     *
     * @param file the file.
     * @return a reader positioned before the first record.
     * @throws IOException when the file cannot be read, or {@link PcapFormatException} when it is not a classic
     *                     pcap file of a supported link type.
     */
    public static PcapReader open(final Path file) throws IOException
    {
        final InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try
        {
            final byte[] global = new byte[GLOBAL_HEADER];
            final int n = readFully(in, global, GLOBAL_HEADER);
            if (n < 4)
            {
                throw new PcapFormatException(file, n, "not a pcap file: only " + n + " bytes");
            }
            final int magic = int32(global, 0, false);
            final boolean swapped;
            if (magic == MAGIC_MICROS || magic == MAGIC_NANOS)
            {
                swapped = false;
            }
            else if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS)
            {
                swapped = true;
            }
            else if (magic == MAGIC_PCAPNG)
            {
                throw new PcapFormatException(file, 0,
                    "pcapng is not supported; convert it with: editcap -F pcap IN.pcapng OUT.pcap");
            }
            else
            {
                throw new PcapFormatException(file, 0, String.format("not a pcap file: magic %08x", magic));
            }
            if (n < GLOBAL_HEADER)
            {
                throw new PcapFormatException(file, n, "truncated global header (" + n + " of 24 bytes)");
            }
            final boolean nanos = (swapped ? Integer.reverseBytes(magic) : magic) == MAGIC_NANOS;
            final int linkType = int32(global, 20, swapped) & 0xFFFF;
            if (!LinkType.isSupported(linkType))
            {
                throw new PcapFormatException(file, 20, "unsupported link type " + linkType
                    + " (supported: 1 Ethernet, 101 raw, 113 Linux SLL, 228 IPv4, 229 IPv6, 276 Linux SLL2)");
            }
            return new PcapReader(file, in, swapped, nanos, linkType);
        }
        catch (final IOException | RuntimeException ex)
        {
            in.close();
            throw ex;
        }
    }

    /**
     * Reads records until one that carries an IPv4 or IPv6 packet, skipping (and counting) the others.
     *
     * @return true when a packet is available, false at the end of the file.
     * @throws IOException on a read error or a truncated/garbled record ({@link PcapFormatException}).
     */
    public boolean next() throws IOException
    {
        while (true)
        {
            recordOffset = position;
            final int n = readFully(in, header, RECORD_HEADER);
            if (n == 0)
            {
                return false;
            }
            if (n < RECORD_HEADER)
            {
                throw new PcapFormatException(file, recordOffset, "truncated record header (" + n + " of 16 bytes)");
            }
            seconds = int32(header, 0, swapped) & 0xFFFF_FFFFL;
            fraction = int32(header, 4, swapped);
            capturedLength = int32(header, 8, swapped);
            originalLength = int32(header, 12, swapped);
            if (capturedLength < 0 || capturedLength > MAX_RECORD)
            {
                throw new PcapFormatException(file, recordOffset + 8, "garbled record: captured length "
                    + Integer.toUnsignedString(capturedLength) + " exceeds " + MAX_RECORD);
            }
            final int got = readFully(in, data, capturedLength);
            if (got < capturedLength)
            {
                throw new PcapFormatException(file, recordOffset + RECORD_HEADER, "truncated record: "
                    + got + " of " + capturedLength + " bytes");
            }
            position += RECORD_HEADER + capturedLength;
            records++;
            if (locateIp())
            {
                return true;
            }
            skipped++;
        }
    }

    private boolean locateIp()
    {
        switch (linkType)
        {
            case LinkType.RAW:
                return raw(0, capturedLength, 0);
            case LinkType.IPV4:
                return raw(0, capturedLength, 4);
            case LinkType.IPV6:
                return raw(0, capturedLength, 6);
            case LinkType.ETHERNET:
                return ethernet();
            case LinkType.LINUX_SLL:
                return capturedLength >= 16 && byEthertype(uint16(14), 16);
            case LinkType.LINUX_SLL2:
                return capturedLength >= 20 && byEthertype(uint16(0), 20);
            default:
                return false;
        }
    }

    private boolean ethernet()
    {
        int typeOffset = 12;
        if (capturedLength < 14)
        {
            return false;
        }
        int type = uint16(typeOffset);
        for (int i = 0; i < MAX_VLAN_TAGS && (type == 0x8100 || type == 0x88A8 || type == 0x9100); i++)
        {
            typeOffset += 4;
            if (typeOffset + 2 > capturedLength)
            {
                return false;
            }
            type = uint16(typeOffset);
        }
        return byEthertype(type, typeOffset + 2);
    }

    private boolean byEthertype(final int ethertype, final int offset)
    {
        final int version = ethertype == ETHERTYPE_IPV4 ? 4 : (ethertype == ETHERTYPE_IPV6 ? 6 : -1);
        if (version < 0 || !raw(offset, capturedLength - offset, version))
        {
            return false;
        }
        // A link layer may pad short frames (Ethernet's 60-byte minimum): trust the IP length when it is smaller.
        final int declared = version == 4 ? (ipLength >= 4 ? uint16(offset + 2) : ipLength)
            : (ipLength >= 6 ? 40 + uint16(offset + 4) : ipLength);
        if (declared >= (version == 4 ? 20 : 40) && declared < ipLength)
        {
            ipLength = declared;
        }
        return true;
    }

    private boolean raw(final int offset, final int length, final int requiredVersion)
    {
        if (length < 1)
        {
            return false;
        }
        final int version = (data[offset] & 0xF0) >>> 4;
        final boolean wanted = requiredVersion == 0 ? version == 4 || version == 6 : version == requiredVersion;
        if (!wanted)
        {
            return false;
        }
        ipOffset = offset;
        ipLength = length;
        return true;
    }

    /**
     * The buffer holding the current record (reused for every record).
     *
     * @return the buffer.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offset of the IP header in {@link #buffer()}.
     *
     * @return bytes from the start of the record.
     */
    public int ipOffset()
    {
        return ipOffset;
    }

    /**
     * Length of the IP packet (captured bytes, trimmed of link-layer padding).
     *
     * @return bytes.
     */
    public int ipLength()
    {
        return ipLength;
    }

    /**
     * Timestamp seconds of the current record.
     *
     * @return seconds since the epoch.
     */
    public long timestampSeconds()
    {
        return seconds;
    }

    /**
     * Sub-second part of the current timestamp, in microseconds or nanoseconds ({@link #nanosecond()}).
     *
     * @return the fraction.
     */
    public int timestampFraction()
    {
        return fraction;
    }

    /**
     * Whether timestamps are in nanoseconds.
     *
     * @return true for the {@code a1b23c4d} magic.
     */
    public boolean nanosecond()
    {
        return nanosecond;
    }

    /**
     * The file's link type.
     *
     * @return a {@link LinkType} value.
     */
    public int linkType()
    {
        return linkType;
    }

    /**
     * Captured length of the current record, link-layer header included.
     *
     * @return bytes.
     */
    public int capturedLength()
    {
        return capturedLength;
    }

    /**
     * Original length on the wire of the current record.
     *
     * @return bytes.
     */
    public int originalLength()
    {
        return originalLength;
    }

    /**
     * File offset of the current record's header.
     *
     * @return bytes from the start of the file.
     */
    public long recordOffset()
    {
        return recordOffset;
    }

    /**
     * Records read so far, including skipped ones.
     *
     * @return the count.
     */
    public long records()
    {
        return records;
    }

    /**
     * Records passed over because they carried no IPv4/IPv6 packet (other ethertypes, runts).
     *
     * @return the count.
     */
    public long skipped()
    {
        return skipped;
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }

    private int uint16(final int offset)
    {
        return (data[offset] & 0xFF) << 8 | data[offset + 1] & 0xFF;
    }

    private static int int32(final byte[] b, final int off, final boolean littleEndian)
    {
        final int big = (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8
            | b[off + 3] & 0xFF;
        return littleEndian ? Integer.reverseBytes(big) : big;
    }

    private static int readFully(final InputStream in, final byte[] into, final int length) throws IOException
    {
        int total = 0;
        while (total < length)
        {
            final int n = in.read(into, total, length - total);
            if (n < 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }
}
