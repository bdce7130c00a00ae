package io.xlat.routing.policy;

/**
 * The hotspot's DNS redirect, restricted to users who have not logged in.
 * <p>
 * A RouterOS hotspot installs dynamic NAT rules in chain {@code hotspot} that redirect every client's DNS (udp
 * and tcp dst-port 53) to the router's own resolver. For authenticated users that breaks DNS64 resolvers handed out
 * by DHCP/RA (the PLAT's DNS64 is bypassed and AAAA synthesis is lost). The fix of the notes adds
 * {@code hotspot=!auth} to both redirect rules, robustly:
 * <ul>
 *     <li>matched with {@code find} on their properties (chain, action, protocol, dst-port), never by rule number,
 *     since the numbering changes with every rule added before them;</li>
 *     <li>re-applied by a scheduler at startup (and periodically) because the hotspot recreates its dynamic rules
 *     whenever it starts or its configuration changes.</li>
 * </ul>
 * {@link Variant#PRE_HOTSPOT_ACCEPT} is the alternative in the admin-owned {@code pre-hotspot} chain, which the
 * dynamic rules jump to before chain {@code hotspot}: a static {@code action=accept} for authenticated users' DNS
 * ends NAT processing before the redirect. It survives reboots without a scheduler and does not touch dynamic rules,
 * at the cost of not being the literal fix of the notes.
 */
public final class HotspotDnsBypass
{
    /** The DNS port both redirect rules match. */
    public static final int DNS_PORT = 53;
    /** The matcher the redirect rules must carry. */
    public static final String NOT_AUTHENTICATED = "!auth";
    /** The chain of the dynamic redirect rules. */
    public static final String HOTSPOT_CHAIN = "hotspot";
    /** The admin-owned chain jumped to before {@link #HOTSPOT_CHAIN}. */
    public static final String PRE_HOTSPOT_CHAIN = "pre-hotspot";

    /** How the bypass is expressed. */
    public enum Variant
    {
        /** {@code set [find ...] hotspot=!auth} on the dynamic rules, re-applied by a startup scheduler. */
        SET_DYNAMIC_RULES,
        /** A static accept in {@code pre-hotspot} for authenticated users' DNS. */
        PRE_HOTSPOT_ACCEPT;

        /**
         * Parses {@code set-dynamic} or {@code pre-hotspot}.
         *
         * @param text the text.
         * @return the variant.
         * @throws IllegalArgumentException naming the text otherwise.
         */
        public static Variant parse(final String text)
        {
            if ("set-dynamic".equals(text))
            {
                return SET_DYNAMIC_RULES;
            }
            if ("pre-hotspot".equals(text))
            {
                return PRE_HOTSPOT_ACCEPT;
            }
            throw new IllegalArgumentException("hotspot variant '" + text + "' is not set-dynamic or pre-hotspot");
        }

        /**
         * The name {@link #parse} accepts.
         *
         * @return {@code set-dynamic} or {@code pre-hotspot}.
         */
        public String label()
        {
            return this == SET_DYNAMIC_RULES ? "set-dynamic" : "pre-hotspot";
        }
    }

    private HotspotDnsBypass()
    {
    }

    /**
     * Whether a redirect rule with this {@code hotspot=} matcher also catches authenticated users.
     *
     * @param hotspotMatcher the rule's {@code hotspot} value, or null when it has none.
     * @return false only when the matcher excludes authenticated users.
     */
    public static boolean catchesAuthenticated(final String hotspotMatcher)
    {
        if (hotspotMatcher == null)
        {
            return true;
        }
        for (final String part : hotspotMatcher.split(","))
        {
            if (NOT_AUTHENTICATED.equals(part.trim()))
            {
                return false;
            }
        }
        return true;
    }
}
