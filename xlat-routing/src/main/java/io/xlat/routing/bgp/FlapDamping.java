package io.xlat.routing.bgp;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 2439 figure of merit of one prefix as an upstream peer keeps it.
 * <p>
 * RFC 2439 4.2: each withdrawal adds a fixed penalty; the penalty decays exponentially with the configured
 * half-life; while it is above the suppress threshold the route is suppressed, and suppression ends when it decays
 * below the reuse threshold. The penalty is capped at {@link DampingParameters#ceiling()} so no suppression outlasts
 * the maximum suppression time after the last flap. Times are seconds from the start of a simulation and must not
 * go backwards.
 */
public final class FlapDamping
{
    private final DampingParameters parameters;
    private final List<SuppressionInterval> closed = new ArrayList<>();
    private final List<long[]> penaltyTrace = new ArrayList<>();
    private double penalty;
    private long updatedAt;
    private long suppressedSince = -1;
    private int withdrawals;

    /**
     * Starts with no penalty.
     *
     * @param parameters the damping parameters.
     */
    public FlapDamping(final DampingParameters parameters)
    {
        this.parameters = parameters;
    }

    /**
     * Records a withdrawal.
     *
     * @param atSeconds when; not earlier than the previous call.
     * @throws IllegalArgumentException when time goes backwards.
     */
    public void withdraw(final long atSeconds)
    {
        advance(atSeconds);
        penalty = Math.min(parameters.ceiling(), penalty + parameters.penaltyPerWithdrawal());
        withdrawals++;
        penaltyTrace.add(new long[] {atSeconds, Math.round(penalty)});
        if (suppressedSince < 0 && penalty > parameters.suppressThreshold())
        {
            suppressedSince = atSeconds;
        }
    }

    private void advance(final long atSeconds)
    {
        if (atSeconds < updatedAt)
        {
            throw new IllegalArgumentException("damping time went backwards: " + atSeconds + "s after " + updatedAt
                + "s");
        }
        if (suppressedSince >= 0)
        {
            final long reuse = updatedAt + parameters.secondsUntilReuse(penalty);
            if (reuse <= atSeconds)
            {
                closed.add(new SuppressionInterval(suppressedSince, reuse));
                suppressedSince = -1;
            }
        }
        penalty = parameters.decay(penalty, atSeconds - updatedAt);
        updatedAt = atSeconds;
    }

    /**
     * The penalty at a time, without changing the state.
     *
     * @param atSeconds not earlier than the last withdrawal.
     * @return the decayed penalty.
     */
    public double penaltyAt(final long atSeconds)
    {
        return parameters.decay(penalty, Math.max(0, atSeconds - updatedAt));
    }

    /**
     * Whether the prefix is suppressed at a time (not earlier than the last withdrawal).
     *
     * @param atSeconds the time.
     * @return true while suppressed.
     */
    public boolean suppressedAt(final long atSeconds)
    {
        return suppressedSince >= 0 && suppressedSince <= atSeconds && atSeconds < reuseAt();
    }

    /**
     * When the current suppression ends, if no further flap comes.
     *
     * @return seconds, or -1 when not suppressed.
     */
    public long reuseAt()
    {
        return suppressedSince < 0 ? -1 : updatedAt + parameters.secondsUntilReuse(penalty);
    }

    /**
     * Every suppression, the current one included as if no further flap comes.
     *
     * @return intervals in time order.
     */
    public List<SuppressionInterval> suppressions()
    {
        final List<SuppressionInterval> all = new ArrayList<>(closed);
        if (suppressedSince >= 0)
        {
            all.add(new SuppressionInterval(suppressedSince, reuseAt()));
        }
        return all;
    }

    /**
     * The penalty right after each withdrawal.
     *
     * @return {@code {seconds, rounded penalty}} pairs in time order.
     */
    public List<long[]> penaltyTrace()
    {
        final List<long[]> copy = new ArrayList<>();
        for (final long[] p : penaltyTrace)
        {
            copy.add(p.clone());
        }
        return copy;
    }

    /**
     * How many withdrawals were recorded.
     *
     * @return the count.
     */
    public int withdrawals()
    {
        return withdrawals;
    }
}
