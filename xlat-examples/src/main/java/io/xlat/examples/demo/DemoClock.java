package io.xlat.examples.demo;

/**
 * The demo's clock: starts at the wall clock and advances one millisecond per hop, so pcap timestamps increase and
 * the NAT64's session timers see time pass without the demo waiting.
 */
final class DemoClock
{
    private long millis;

    DemoClock(final long startMillis)
    {
        this.millis = startMillis;
    }

    long millis()
    {
        return millis;
    }

    long tick()
    {
        return ++millis;
    }
}
