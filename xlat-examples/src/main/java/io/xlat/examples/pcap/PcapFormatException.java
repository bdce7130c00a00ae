package io.xlat.examples.pcap;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A capture file that is truncated or not in the libpcap format; the message names the file and byte offset.
 */
public final class PcapFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file   the capture file.
     * @param offset byte offset in the file where the problem starts.
     * @param what   what is wrong.
     */
    public PcapFormatException(final Path file, final long offset, final String what)
    {
        super(file + ": at offset " + offset + ": " + what);
    }
}
