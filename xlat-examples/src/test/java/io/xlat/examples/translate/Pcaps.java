package io.xlat.examples.translate;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.xlat.examples.XlatMain;
import io.xlat.examples.pcap.PcapReader;
import io.xlat.examples.pcap.PcapWriter;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;

/**
 * Test helpers: packets to and from raw pcap files, and running {@code xlat ...} in-process.
 */
final class Pcaps
{
    private Pcaps()
    {
    }

    /** Writes packets as raw IP, one per millisecond from a fixed start time. */
    static void write(final Path file, final List<byte[]> packets) throws IOException
    {
        try (PcapWriter writer = PcapWriter.openRaw(file, false))
        {
            for (int i = 0; i < packets.size(); i++)
            {
                final byte[] p = packets.get(i);
                writer.write(1_700_000_000L + i / 1000, (i % 1000) * 1000, new UnsafeBuffer(p), 0, p.length);
            }
        }
    }

    /** Reads every IP packet of a capture. */
    static List<byte[]> read(final Path file) throws IOException
    {
        final List<byte[]> packets = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(file))
        {
            while (reader.next())
            {
                final byte[] p = new byte[reader.ipLength()];
                reader.buffer().getBytes(reader.ipOffset(), p);
                packets.add(p);
            }
        }
        return packets;
    }

    /** Result of an in-process run. */
    record Run(int exitCode, String out, String err, TranslateCommand command)
    {
    }

    /** Runs {@code xlat args...} in-process, capturing its output. */
    static Run xlat(final String... args)
    {
        final CommandLine cl = XlatMain.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        final int code = cl.execute(args);
        final CommandLine sub = cl.getSubcommands().get("translate");
        return new Run(code, out.toString(), err.toString(), sub.getCommand());
    }
}
