package io.xlat.routing.routeros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xlat.routing.policy.HotspotDnsBypass;
import io.xlat.routing.policy.PlatNode;
import io.xlat.routing.policy.PolicyConfig;
import io.xlat.routing.rib.IpPrefix;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ExportParserPropertyTest
{
    @Property(tries = 2000)
    void shouldNeverThrowOnArbitraryText(@ForAll final String text)
    {
        final ExportDocument d = ExportParser.parse(text);
        ConfigAudit.audit(d, PolicyConfig.builder().advertise("192.0.2.0/24").hotspotServer("hs")
            .plat(PlatNode.parse("a:e1:1")).plat(PlatNode.parse("b:e2:2")).build());
    }

    @Provide
    Arbitrary<String> routerOsLikeText()
    {
        final Arbitrary<String> pieces = Arbitraries.of("/ip route", "/ip/firewall/nat", "add", "set", " ", "  ",
            "\n", "\r\n", "\\\n    ", "\\", "\"", "\\\"", "[", "]", "[ find ", "=", "dst-address=", "192.0.2.0/24",
            "type=blackhole", "blackhole", "distance=254", "dst-port=53", "hotspot=!auth", "#", ":", ":local x",
            "{", "}", "on-event=\"", "start-time=startup", "/routing bgp network", "network=", "output.network=",
            "list=bgp", "/ip firewall address-list", "address=", "\\00", "\\t", "2001:db8::/32", "cost=",
            "/routing ospf interface-template", "interfaces=e1", "/ip hotspot", "name=hs", "action=redirect");
        return pieces.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void shouldNeverThrowOnRouterOsLikeText(@ForAll("routerOsLikeText") final String text)
    {
        final ExportDocument d = ExportParser.parse(text);
        for (final ExportCommand c : d.commands())
        {
            assertTrue(c.line() >= 1 && c.line() <= text.split("\n", -1).length, c::toString);
        }
        ConfigAudit.audit(d, PolicyConfig.builder().hotspotServer("hs").build());
    }

    @Provide
    Arbitrary<PolicyConfig> policies()
    {
        final Arbitrary<String> v4 = Arbitraries.integers().between(0, 255).list().ofSize(3)
            .map(o -> "198." + o.get(0) + "." + o.get(1) + ".0/24");
        final Arbitrary<String> v6 = Arbitraries.integers().between(1, 0xffff)
            .map(g -> "2001:db8:" + Integer.toHexString(g) + "::/48");
        final Arbitrary<List<String>> prefixes = Arbitraries.oneOf(v4, v6).list().ofMaxSize(6).uniqueElements();
        final Arbitrary<RouterOsVersion> version = Arbitraries.of(RouterOsVersion.class);
        final Arbitrary<String> hotspot = Arbitraries.of("hs1", "guests", "hotspot-2", null);
        final Arbitrary<HotspotDnsBypass.Variant> variant = Arbitraries.of(HotspotDnsBypass.Variant.class);
        final Arbitrary<Integer> plats = Arbitraries.integers().between(0, 4);
        return Combinators.combine(prefixes, version, hotspot, variant, plats).as((p, v, h, var, n) ->
        {
            final PolicyConfig.Builder b = PolicyConfig.builder().version(v).hotspotServer(h).hotspotVariant(var)
                .pool4(IpPrefix.parse("203.0.113.0/24"));
            p.forEach(b::advertise);
            for (int i = 0; i < n; i++)
            {
                b.plat(new PlatNode("plat-" + i, "ether" + (i + 2), 10 * (i + 1)));
            }
            return b.build();
        });
    }

    @Property(tries = 300)
    void shouldParseEveryGeneratedCommandAndFindNothingMissing(@ForAll("policies") final PolicyConfig policy)
    {
        final String script = ScriptGenerator.generate(policy);
        final ExportDocument d = ExportParser.parse(script);
        final long commandLines = script.lines().filter(l -> l.startsWith("/")).count();
        assertEquals(commandLines, d.commands().size());
        assertTrue(d.unparsed().isEmpty(), d.unparsed()::toString);
        final List<String> lines = script.lines().toList();
        for (final ExportCommand c : d.commands())
        {
            assertTrue(lines.get(c.line() - 1).startsWith(c.path() + " " + c.verb()), c::toString);
        }
        assertEquals(List.of(), ConfigAudit.audit(d, policy));
    }

    @Property(tries = 1000)
    void shouldRoundTripAnyValueThroughQuoting(@ForAll final String value)
    {
        assertEquals(value, RscText.unquote(RscText.quote(value)));
        final ExportDocument d = ExportParser.parse("/system note set note=" + RscText.value(value.isEmpty() ? "x"
            : value));
        assertEquals(value.isEmpty() ? "x" : value, d.commands().get(0).property("note"));
    }
}
