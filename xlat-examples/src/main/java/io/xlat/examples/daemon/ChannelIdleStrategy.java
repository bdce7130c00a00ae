package io.xlat.examples.daemon;

import io.xlat.examples.io.PacketChannel;
import org.agrona.concurrent.IdleStrategy;

/**
 * Idles by waiting on the channel ({@code poll(2)} for a TUN device) with a timeout: a worker with nothing to do
 * sleeps in the kernel until a packet arrives, wakes at least every {@code timeoutMillis} for its timers, and
 * notices a stop request within that time.
 */
public final class ChannelIdleStrategy implements IdleStrategy
{
    private final PacketChannel channel;
    private final int timeoutMillis;

    /**
     * Creates the strategy.
     *
     * @param channel       the channel the worker reads.
     * @param timeoutMillis longest wait, which bounds shutdown latency and timer jitter.
     */
    public ChannelIdleStrategy(final PacketChannel channel, final int timeoutMillis)
    {
        this.channel = channel;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        channel.awaitReadable(timeoutMillis);
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String alias()
    {
        return "channel-poll";
    }
}
