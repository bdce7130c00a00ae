package io.xlat.routing.sim;

import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.rib.Route;

/**
 * The active route of a prefix changed (e.g. the backup PLAT took over).
 *
 * @param atSeconds when.
 * @param prefix    the prefix.
 * @param before    the previous active route, or null.
 * @param after     the new active route, or null when none is left.
 */
public record ActiveRouteChange(long atSeconds, IpPrefix prefix, Route before, Route after)
{
}
