package io.xlat.routing.sim;

import io.xlat.routing.rib.IpPrefix;

/**
 * A BGP advertisement withdrawn or re-announced by the simulated router.
 *
 * @param atSeconds when.
 * @param network   the network.
 * @param announced true for a (re-)announcement, false for a withdrawal.
 */
public record AdvertisementChange(long atSeconds, IpPrefix network, boolean announced)
{
}
