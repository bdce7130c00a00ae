package io.xlat.routing.bgp;

/**
 * A span during which an upstream peer suppressed a prefix (RFC 2439: not used, not propagated).
 *
 * @param fromSeconds  when the penalty first exceeded the suppress threshold.
 * @param untilSeconds when it decayed below the reuse threshold (or the maximum suppression ran out).
 */
public record SuppressionInterval(long fromSeconds, long untilSeconds)
{
    /**
     * How long the suppression lasted.
     *
     * @return seconds.
     */
    public long durationSeconds()
    {
        return untilSeconds - fromSeconds;
    }
}
