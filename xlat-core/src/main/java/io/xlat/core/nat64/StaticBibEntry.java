package io.xlat.core.nat64;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv6Addresses;

/**
 * A static BIB entry (port forwarding to an IPv6 host): never expires, and lets IPv4 hosts open connections to
 * the IPv6 host through a fixed pool4 transport address. CLI syntax {@code PROTO:V4ADDR#PORT=V6ADDR#PORT}, e.g.
 * {@code tcp:192.0.2.1#8080=2001:db8::10#80}. Immutable configuration value.
 *
 * @param protocol  a {@link Nat64Protocol} constant.
 * @param v4Address the IPv4 address.
 * @param v4Port    the IPv4 port (ICMP identifier for icmp).
 * @param v6High    the IPv6 address, high 64 bits.
 * @param v6Low     the IPv6 address, low 64 bits.
 * @param v6Port    the IPv6 port (ICMP identifier for icmp).
 */
public record StaticBibEntry(int protocol, int v4Address, int v4Port, long v6High, long v6Low, int v6Port)
{
    /**
     * Parses the CLI syntax.
     *
     * @param text {@code PROTO:V4ADDR#PORT=V6ADDR#PORT}.
     * @return the entry.
     * @throws IllegalArgumentException {@code static-bib=TEXT: what is wrong}.
     */
    public static StaticBibEntry parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("static-bib=null");
        }
        final int colon = text.indexOf(':');
        final int equals = text.indexOf('=');
        if (colon <= 0 || equals < colon)
        {
            throw new IllegalArgumentException(
                "static-bib=" + text + ": expected PROTO:V4ADDR#PORT=V6ADDR#PORT");
        }
        final int protocol = Nat64Protocol.parse(text.substring(0, colon));
        if (protocol == Nat64Protocol.NONE)
        {
            throw new IllegalArgumentException(
                "static-bib=" + text + ": unknown protocol \"" + text.substring(0, colon) + "\"");
        }
        final String v4 = text.substring(colon + 1, equals);
        final String v6 = text.substring(equals + 1);
        final int hash4 = v4.indexOf('#');
        final int hash6 = v6.lastIndexOf('#');
        if (hash4 < 0 || hash6 < 0)
        {
            throw new IllegalArgumentException(
                "static-bib=" + text + ": both sides need ADDR#PORT");
        }
        try
        {
            final int address4 = Ipv4Addresses.parse(v4.substring(0, hash4));
            final long[] address6 = Ipv6Addresses.parse(v6.substring(0, hash6));
            return new StaticBibEntry(
                protocol, address4, port(text, v4.substring(hash4 + 1)), address6[0], address6[1],
                port(text, v6.substring(hash6 + 1)));
        }
        catch (final IllegalArgumentException ex)
        {
            if (ex.getMessage() != null && ex.getMessage().startsWith("static-bib="))
            {
                throw ex;
            }
            throw new IllegalArgumentException("static-bib=" + text + ": " + ex.getMessage(), ex);
        }
    }

    private static int port(final String text, final String port)
    {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException("static-bib=" + text + ": port \"" + port + "\" is not a number");
        }
        final int value = Integer.parseInt(port);
        if (value > 65535)
        {
            throw new IllegalArgumentException("static-bib=" + text + ": port " + value + " is not in 0..65535");
        }
        return value;
    }

    /**
     * The CLI text of this entry.
     *
     * @return e.g. {@code tcp:192.0.2.1#8080=2001:db8::10#80}.
     */
    @Override
    public String toString()
    {
        return Nat64Protocol.label(protocol) + ":" + Ipv4Addresses.format(v4Address) + "#" + v4Port + "=" +
            Ipv6Addresses.format(v6High, v6Low) + "#" + v6Port;
    }
}
