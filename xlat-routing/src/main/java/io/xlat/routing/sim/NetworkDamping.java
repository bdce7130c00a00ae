package io.xlat.routing.sim;

import java.util.List;

import io.xlat.routing.bgp.SuppressionInterval;
import io.xlat.routing.rib.IpPrefix;

/**
 * What an upstream peer's flap damping made of one advertised network.
 *
 * @param network      the network.
 * @param withdrawals  withdrawals the upstream saw.
 * @param finalPenalty penalty right after the last withdrawal (0 when none).
 * @param penaltyTrace {@code {seconds, penalty}} right after each withdrawal.
 * @param suppressions spans during which the upstream suppressed the network.
 */
public record NetworkDamping(
    IpPrefix network, int withdrawals, long finalPenalty, List<long[]> penaltyTrace,
    List<SuppressionInterval> suppressions)
{
    /**
     * Whether the network was ever suppressed upstream.
     *
     * @return true when at least one suppression happened.
     */
    public boolean suppressed()
    {
        return !suppressions.isEmpty();
    }
}
