package io.xlat.routing.addrplan;

import io.xlat.core.addr.Ipv6Prefix;

/**
 * One assigned prefix.
 *
 * @param level  the level name.
 * @param name   the assignment's name, unique within its level.
 * @param parent the parent assignment's name, or the empty string at the first level.
 * @param index  n: this is the parent's n-th assignment at this level (0-based); with the strategy it gives the
 *               field value.
 * @param prefix the prefix.
 */
public record Assignment(String level, String name, String parent, long index, Ipv6Prefix prefix)
{
}
