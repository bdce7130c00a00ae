package io.xlat.routing.policy;

/**
 * A PLAT (NAT64) node reached over OSPF through one router interface, with the OSPF cost of that interface: the
 * node behind the lowest cost carries the traffic, the others stand by.
 *
 * @param name      a label, RouterOS-safe ({@code [A-Za-z0-9._-]+}).
 * @param iface     the router interface towards the node, RouterOS-safe.
 * @param cost      OSPF interface cost, 1..65535.
 */
public record PlatNode(String name, String iface, int cost)
{
    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException naming the bad value.
     */
    public PlatNode
    {
        PolicyConfig.requireToken("PLAT name", name);
        PolicyConfig.requireToken("PLAT " + name + " interface", iface);
        if (cost < 1 || cost > 65535)
        {
            throw new IllegalArgumentException("PLAT " + name + " cost=" + cost + " is outside 1..65535");
        }
    }

    /**
     * Parses {@code NAME:INTERFACE:COST}, e.g. {@code plat-a:ether5:10}.
     *
     * @param text the text.
     * @return the node.
     * @throws IllegalArgumentException quoting the text when it is not of that form.
     */
    public static PlatNode parse(final String text)
    {
        final String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
        if (parts.length != 3)
        {
            throw new IllegalArgumentException("PLAT '" + text + "' is not NAME:INTERFACE:COST, e.g. plat-a:ether5:10");
        }
        final int cost;
        try
        {
            cost = Integer.parseInt(parts[2].trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("PLAT '" + text + "': cost '" + parts[2] + "' is not a number", ex);
        }
        return new PlatNode(parts[0].trim(), parts[1].trim(), cost);
    }

    @Override
    public String toString()
    {
        return name + ":" + iface + ":" + cost;
    }
}
