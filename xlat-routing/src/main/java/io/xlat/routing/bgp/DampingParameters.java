package io.xlat.routing.bgp;

/**
 * RFC 2439 flap-damping parameters as an upstream peer applies them.
 * <p>
 * Defaults ({@link #DEFAULTS}): penalty 1000 per withdrawal, half-life 15 minutes, suppress above 2000, reuse below
 * 750, maximum suppression 60 minutes (the common vendor default). RFC 2439 4.2 derives a ceiling from the maximum
 * hold-down time so that a suppressed route is reused at the latest {@code maxSuppressSeconds} after its last
 * flap: {@code ceiling = reuse * 2^(maxSuppress / halfLife)}, 12000 with the defaults.
 *
 * @param penaltyPerWithdrawal figure-of-merit increment per withdrawal, greater than 0.
 * @param halfLifeSeconds      time for the penalty to halve, greater than 0.
 * @param suppressThreshold    the route is suppressed while the penalty is above this.
 * @param reuseThreshold       a suppressed route is reused once the penalty decays below this; must be below the
 *                             suppress threshold.
 * @param maxSuppressSeconds   longest suppression after the last flap, greater than 0.
 */
public record DampingParameters(
    double penaltyPerWithdrawal, long halfLifeSeconds, double suppressThreshold, double reuseThreshold,
    long maxSuppressSeconds)
{
    /** The defaults named in the class comment. */
    public static final DampingParameters DEFAULTS = new DampingParameters(1000, 15 * 60, 2000, 750, 60 * 60);

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException naming the first bad value.
     */
    public DampingParameters
    {
        if (!(penaltyPerWithdrawal > 0))
        {
            throw new IllegalArgumentException("damping penalty=" + penaltyPerWithdrawal + " must be greater than 0");
        }
        if (halfLifeSeconds <= 0)
        {
            throw new IllegalArgumentException("damping half-life=" + halfLifeSeconds + "s must be greater than 0");
        }
        if (!(reuseThreshold > 0))
        {
            throw new IllegalArgumentException("damping reuse=" + reuseThreshold + " must be greater than 0");
        }
        if (!(suppressThreshold > reuseThreshold))
        {
            throw new IllegalArgumentException("damping suppress=" + suppressThreshold
                + " must be greater than reuse=" + reuseThreshold);
        }
        if (maxSuppressSeconds <= 0)
        {
            throw new IllegalArgumentException("damping max-suppress=" + maxSuppressSeconds
                + "s must be greater than 0");
        }
    }

    /**
     * The RFC 2439 4.2 ceiling on the penalty.
     *
     * @return {@code reuse * 2^(maxSuppress / halfLife)}.
     */
    public double ceiling()
    {
        return reuseThreshold * Math.pow(2.0, (double)maxSuppressSeconds / halfLifeSeconds);
    }

    /**
     * A penalty after exponential decay.
     *
     * @param penalty        the penalty at the start.
     * @param elapsedSeconds time passed, 0 or more.
     * @return {@code penalty * 2^(-elapsed / halfLife)}.
     */
    public double decay(final double penalty, final long elapsedSeconds)
    {
        return penalty * Math.pow(2.0, -(double)elapsedSeconds / halfLifeSeconds);
    }

    /**
     * How long a penalty takes to decay below the reuse threshold.
     *
     * @param penalty the current penalty.
     * @return seconds, rounded up; 0 when already at or below reuse.
     */
    public long secondsUntilReuse(final double penalty)
    {
        if (penalty <= reuseThreshold)
        {
            return 0;
        }
        return (long)Math.ceil(halfLifeSeconds * (Math.log(penalty / reuseThreshold) / Math.log(2.0)));
    }
}
