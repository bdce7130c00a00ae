package io.xlat.examples.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.xlat.examples.pcap.PcapReader;
import io.xlat.examples.pcap.PcapWriter;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * A {@link PacketChannel} over capture files, for replaying traffic into a daemon's loop and recording what it
 * sends: reads the IP packets of a pcap file ({@link PcapReader}: raw IP, Ethernet, Linux cooked captures), writes
 * raw-IP records with nanosecond timestamps ({@link PcapWriter}). Either side is optional.
 * <p>
 * The end of the input file reads as {@link #CLOSED}; a truncated or garbled file, or a failed write, as
 * {@link #ERROR} (the exception is kept in {@link #lastException()} for the cold path to log).
 */
public final class PcapChannel implements PacketChannel
{
    private final PcapReader reader;
    private final PcapWriter writer;
    private final EpochNanoClock clock;
    private IOException lastException;
    private boolean endOfInput;

    private PcapChannel(final PcapReader reader, final PcapWriter writer, final EpochNanoClock clock)
    {
        this.reader = reader;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Opens a channel.
     *
     * @param input  the capture to read, or null for a channel that only writes (reads return {@link #CLOSED}).
     * @param output the capture to create or replace, or null for a channel that only reads (writes return
     *               {@link #CLOSED}).
     * @param clock  timestamps of written records.
     * @return the channel.
     * @throws UncheckedIOException when a file cannot be opened or the input is not a supported capture.
     */
    public static PcapChannel open(final Path input, final Path output, final EpochNanoClock clock)
    {
        PcapReader in = null;
        try
        {
            in = input == null ? null : PcapReader.open(input);
            final PcapWriter out = output == null ? null : PcapWriter.openRaw(output, true);
            return new PcapChannel(in, out, clock);
        }
        catch (final IOException ex)
        {
            closeQuietly(in);
            throw new UncheckedIOException("input=" + input + " output=" + output + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Opens a channel that reads a capture.
     *
     * @param input the capture.
     * @return the channel.
     */
    public static PcapChannel reader(final Path input)
    {
        return open(input, null, new SystemEpochNanoClock());
    }

    /**
     * Opens a channel that writes a capture, timestamps from the system clock.
     *
     * @param output the capture to create or replace.
     * @return the channel.
     */
    public static PcapChannel writer(final Path output)
    {
        return open(null, output, new SystemEpochNanoClock());
    }

    @Override
    public int read(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        if (reader == null || endOfInput)
        {
            return CLOSED;
        }
        try
        {
            if (!reader.next())
            {
                endOfInput = true;
                return CLOSED;
            }
        }
        catch (final IOException ex)
        {
            lastException = ex;
            endOfInput = true;
            return ERROR;
        }
        final int length = reader.ipLength();
        if (length > capacity)
        {
            return TOO_LONG;
        }
        buffer.putBytes(offset, reader.buffer(), reader.ipOffset(), length);
        return length;
    }

    @Override
    public int write(final DirectBuffer buffer, final int offset, final int length)
    {
        if (writer == null)
        {
            return CLOSED;
        }
        if (length > PcapReader.MAX_RECORD)
        {
            return TOO_LONG;
        }
        final long now = clock.nanoTime();
        try
        {
            writer.write(now / 1_000_000_000L, (int)(now % 1_000_000_000L), buffer, offset, length);
        }
        catch (final IOException ex)
        {
            lastException = ex;
            return ERROR;
        }
        return length;
    }

    @Override
    public int awaitReadable(final int timeoutMillis)
    {
        return reader == null || endOfInput ? CLOSED : 1;
    }

    /**
     * The I/O error behind the last {@link #ERROR}.
     *
     * @return the exception, or null.
     */
    public IOException lastException()
    {
        return lastException;
    }

    /**
     * Packets written so far.
     *
     * @return the count.
     */
    public long packetsWritten()
    {
        return writer == null ? 0 : writer.packets();
    }

    @Override
    public void close()
    {
        closeQuietly(reader);
        if (writer != null)
        {
            try
            {
                writer.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("closing the pcap output failed: " + ex.getMessage(), ex);
            }
        }
    }

    private static void closeQuietly(final PcapReader reader)
    {
        if (reader != null)
        {
            try
            {
                reader.close();
            }
            catch (final IOException ignored)
            {
                // Read side: nothing was lost.
            }
        }
    }
}
