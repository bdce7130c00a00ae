package io.xlat.examples.clat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.xlat.core.addr.Ipv6Prefix;

/**
 * Decides which PLAT prefix the CLAT translates with, from what the network says: PREF64 options of Router
 * Advertisements (RFC 8781) and the RFC 7050 answer of the resolver. Pure logic with an explicit clock, driven by
 * {@link ClatPrefixController} on one thread; the control plane, so it may allocate.
 * <p>
 * The rules:
 * <ul>
 *     <li>An RA prefix is valid for its lifetime ({@code scaled lifetime * 8} s, RFC 8781 4) from the RA that
 *     carried it; each RA refreshes it. Lifetime 0 withdraws it at once, and an expired one is dropped: RFC 8781 5
 *     limits use to the prefixes with a nonzero lifetime.</li>
 *     <li>RA prefixes win over RFC 7050 (RFC 8781 5.1 lets a host that learns prefixes from several sources
 *     prefer one; RFC 9872 recommends the RA option, which is tied to the link and its lifetime, over the DNS
 *     heuristic). The RFC 7050 prefix is used only while no RA prefix is valid, e.g. on a network without PREF64
 *     or after a withdrawal.</li>
 *     <li>One prefix at a time, used consistently (RFC 7050 3): among valid RA prefixes the one the latest RA with
 *     PREF64 options names first is used, and the current one is kept while that RA still names it. A router that
 *     renumbers is thus followed at its next RA, without waiting for the old prefix's lifetime to end.</li>
 *     <li>No valid prefix from any source: {@link #active()} is null and the CLAT stops translating to the PLAT
 *     (packets to IPv4 destinations are dropped and counted; the EAM of the CLAT's own hosts stays).</li>
 * </ul>
 */
public final class PlatPrefixSelector
{
    /** Where the active prefix came from. */
    public enum Source
    {
        /** No prefix: translation to the PLAT stopped. */
        NONE,
        /** {@code --plat-prefix}. */
        STATIC,
        /** A PREF64 option of a Router Advertisement (RFC 8781). */
        RA,
        /** The RFC 7050 answer of the resolver. */
        DNS
    }

    /**
     * One PREF64 option of an RA.
     *
     * @param prefix          the NAT64 prefix.
     * @param lifetimeSeconds its lifetime, 0 to withdraw it.
     */
    public record Pref64(Ipv6Prefix prefix, int lifetimeSeconds)
    {
        @Override
        public String toString()
        {
            return prefix + " lifetime " + lifetimeSeconds + " s";
        }
    }

    private final Map<Ipv6Prefix, Long> raExpiryMillis = new LinkedHashMap<>();
    private final Ipv6Prefix staticPrefix;
    private Ipv6Prefix preferredRa;
    private Ipv6Prefix dnsPrefix;
    private Ipv6Prefix active;
    private Source source = Source.NONE;

    /**
     * Creates a selector.
     *
     * @param staticPrefix {@code --plat-prefix}, which then is the only source, or null to follow the network.
     */
    public PlatPrefixSelector(final Ipv6Prefix staticPrefix)
    {
        this.staticPrefix = staticPrefix;
        select(0);
    }

    /**
     * Takes the PREF64 options of one Router Advertisement.
     *
     * @param options   the options in RA order (an RA without any is not passed here: it changes nothing).
     * @param nowMillis the clock.
     * @return true when the active prefix changed.
     */
    public boolean onRouterAdvertisement(final List<Pref64> options, final long nowMillis)
    {
        Ipv6Prefix first = null;
        boolean namesActive = false;
        for (final Pref64 option : options)
        {
            if (option.lifetimeSeconds() <= 0)
            {
                raExpiryMillis.remove(option.prefix());
                continue;
            }
            raExpiryMillis.put(option.prefix(), nowMillis + option.lifetimeSeconds() * 1000L);
            if (null == first)
            {
                first = option.prefix();
            }
            namesActive |= source == Source.RA && option.prefix().equals(active);
        }
        preferredRa = namesActive ? active : first;
        return select(nowMillis);
    }

    /**
     * Takes a successful RFC 7050 answer (failures change nothing: the last known prefix stays).
     *
     * @param prefix    the discovered prefix.
     * @param nowMillis the clock.
     * @return true when the active prefix changed.
     */
    public boolean onDnsAnswer(final Ipv6Prefix prefix, final long nowMillis)
    {
        dnsPrefix = prefix;
        return select(nowMillis);
    }

    /**
     * Drops RA prefixes whose lifetime ended.
     *
     * @param nowMillis the clock.
     * @return true when the active prefix changed.
     */
    public boolean expire(final long nowMillis)
    {
        return select(nowMillis);
    }

    /**
     * When the next RA prefix expires.
     *
     * @return epoch milliseconds, or {@link Long#MAX_VALUE} when none is held.
     */
    public long nextExpiryMillis()
    {
        long next = Long.MAX_VALUE;
        for (final Long expiry : raExpiryMillis.values())
        {
            next = Math.min(next, expiry);
        }
        return next;
    }

    /**
     * The prefix to translate with.
     *
     * @return the prefix, or null when none is valid.
     */
    public Ipv6Prefix active()
    {
        return active;
    }

    /**
     * Where {@link #active()} came from.
     *
     * @return the source.
     */
    public Source source()
    {
        return source;
    }

    /**
     * The valid RA prefixes, oldest first (for logs and tests).
     *
     * @return a copy.
     */
    public List<Ipv6Prefix> raPrefixes()
    {
        return new ArrayList<>(raExpiryMillis.keySet());
    }

    private boolean select(final long nowMillis)
    {
        final Iterator<Map.Entry<Ipv6Prefix, Long>> entries = raExpiryMillis.entrySet().iterator();
        while (entries.hasNext())
        {
            if (entries.next().getValue() <= nowMillis)
            {
                entries.remove();
            }
        }
        final Ipv6Prefix next;
        final Source nextSource;
        if (null != staticPrefix)
        {
            next = staticPrefix;
            nextSource = Source.STATIC;
        }
        else if (!raExpiryMillis.isEmpty())
        {
            nextSource = Source.RA;
            if (null != preferredRa && raExpiryMillis.containsKey(preferredRa))
            {
                next = preferredRa;
            }
            else if (source == Source.RA && raExpiryMillis.containsKey(active))
            {
                next = active;
            }
            else
            {
                next = raExpiryMillis.keySet().iterator().next();
            }
        }
        else if (null != dnsPrefix)
        {
            next = dnsPrefix;
            nextSource = Source.DNS;
        }
        else
        {
            next = null;
            nextSource = Source.NONE;
        }
        final boolean changed = !Objects.equals(next, active);
        active = next;
        source = nextSource;
        return changed;
    }
}
