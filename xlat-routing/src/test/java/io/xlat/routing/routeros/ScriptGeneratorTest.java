package io.xlat.routing.routeros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xlat.routing.policy.HotspotDnsBypass;
import io.xlat.routing.policy.PlatNode;
import io.xlat.routing.policy.PolicyConfig;
import io.xlat.routing.rib.IpPrefix;
import org.junit.jupiter.api.Test;

class ScriptGeneratorTest
{
    private static List<String> lines(final String script)
    {
        return script.lines().toList();
    }

    private static PolicyConfig.Builder notes(final RouterOsVersion version)
    {
        return PolicyConfig.builder().version(version).advertise("1.1.1.0/24").hotspotServer("hs1");
    }

    @Test
    void shouldReproduceTheBlackholeLineOfTheNotesInRouterOs6Syntax()
    {
        final List<String> lines = lines(ScriptGenerator.generate(notes(RouterOsVersion.V6).build()));
        assertTrue(lines.contains("/ip route add dst-address=1.1.1.0/24 type=blackhole distance=254"), lines::toString);
        assertTrue(lines.contains("/routing bgp network add network=1.1.1.0/24 synchronize=yes"), lines::toString);
    }

    @Test
    void shouldUseTheBlackholeFlagAndOutputNetworkInRouterOs7()
    {
        final List<String> lines = lines(ScriptGenerator.generate(notes(RouterOsVersion.V7).build()));
        assertTrue(lines.contains("/ip route add dst-address=1.1.1.0/24 blackhole distance=254"), lines::toString);
        assertTrue(lines.contains("/ip firewall address-list add list=bgp-networks address=1.1.1.0/24"));
        assertTrue(lines.contains("/routing bgp template set [find name=default] output.network=bgp-networks"));
        assertFalse(String.join("\n", lines).contains("synchronize="));
    }

    @Test
    void shouldUseUnreachableForIpv6InRouterOs6AndBlackholeInRouterOs7()
    {
        final PolicyConfig.Builder b = PolicyConfig.builder().advertise("2001:db8:100::/40");
        assertTrue(lines(ScriptGenerator.generate(b.version(RouterOsVersion.V6).build()))
            .contains("/ipv6 route add dst-address=2001:db8:100::/40 type=unreachable distance=254"));
        assertTrue(lines(ScriptGenerator.generate(b.version(RouterOsVersion.V7).build()))
            .contains("/ipv6 route add dst-address=2001:db8:100::/40 blackhole distance=254"));
    }

    @Test
    void shouldPutHotspotNotAuthOnBothDnsRedirectRulesMatchedByFind()
    {
        final List<String> lines = lines(ScriptGenerator.generate(notes(RouterOsVersion.V6).build()));
        for (final String proto : List.of("udp", "tcp"))
        {
            final String expected = "/ip firewall nat set [find where chain=\"hotspot\" and action=\"redirect\" and "
                + "protocol=\"" + proto + "\" and dst-port=\"53\"] hotspot=!auth";
            assertTrue(lines.contains(expected), () -> "missing " + expected + " in " + lines);
        }
        final String scheduler = lines.stream().filter(l -> l.startsWith("/system scheduler add")).findFirst()
            .orElseThrow();
        assertTrue(scheduler.contains("start-time=startup"), scheduler);
        assertTrue(scheduler.contains("on-event="), scheduler);
        // Both fixes inside the quoted on-event, quotes escaped.
        final ExportCommand parsed = ExportParser.parse(scheduler).commands().get(0);
        final String onEvent = parsed.property("on-event");
        assertTrue(onEvent.contains("protocol=\"udp\" and dst-port=\"53\"] hotspot=!auth"), onEvent);
        assertTrue(onEvent.contains("protocol=\"tcp\" and dst-port=\"53\"] hotspot=!auth"), onEvent);
    }

    @Test
    void shouldOfferThePreHotspotAcceptVariant()
    {
        final String script = ScriptGenerator.generate(notes(RouterOsVersion.V7)
            .hotspotVariant(HotspotDnsBypass.Variant.PRE_HOTSPOT_ACCEPT).build());
        assertTrue(script.contains("/ip firewall nat add chain=pre-hotspot action=accept protocol=udp dst-port=53 "
            + "hotspot=auth"), script);
        assertTrue(script.contains("/ip firewall nat add chain=pre-hotspot action=accept protocol=tcp dst-port=53 "
            + "hotspot=auth"), script);
        assertFalse(script.contains("/system scheduler"), script);
    }

    @Test
    void shouldSetPlatOspfCostsPerVersion()
    {
        final PolicyConfig.Builder b = PolicyConfig.builder().plat(PlatNode.parse("plat-b:ether6:100"))
            .plat(PlatNode.parse("plat-a:ether5:10")).pool4(IpPrefix.parse("203.0.113.0/24"))
            .nat64Prefix(IpPrefix.parse("64:ff9b::/96"));
        final List<String> v7 = lines(ScriptGenerator.generate(b.version(RouterOsVersion.V7).build()));
        final int a = v7.indexOf("/routing ospf interface-template add interfaces=ether5 area=backbone cost=10");
        final int bb = v7.indexOf("/routing ospf interface-template add interfaces=ether6 area=backbone cost=100");
        assertTrue(a > 0 && bb > a, v7::toString);
        final List<String> v6 = lines(ScriptGenerator.generate(b.version(RouterOsVersion.V6).build()));
        assertTrue(v6.contains("/routing ospf interface add interface=ether5 cost=10"), v6::toString);
        assertTrue(v6.contains("/routing ospf interface add interface=ether6 cost=100"), v6::toString);
    }

    @Test
    void shouldPrecedeEveryCommandWithACommentSayingWhy()
    {
        for (final RouterOsVersion v : RouterOsVersion.values())
        {
            final List<String> lines = lines(ScriptGenerator.generate(notes(v).advertise("2001:db8::/32")
                .plat(PlatNode.parse("a:e1:1")).plat(PlatNode.parse("b:e2:2")).build()));
            int commandCount = 0;
            for (int i = 0; i < lines.size(); i++)
            {
                if (lines.get(i).startsWith("/"))
                {
                    commandCount++;
                    assertTrue(i > 0 && lines.get(i - 1).startsWith("# ") && lines.get(i - 1).length() > 20,
                        "no why-comment before line " + (i + 1) + ": " + lines.get(i));
                }
                else
                {
                    assertTrue(lines.get(i).isEmpty() || lines.get(i).startsWith("# "), lines.get(i));
                }
            }
            assertTrue(commandCount >= 8, "commands: " + commandCount);
        }
    }

    @Test
    void shouldGenerateTheSameTextTwice()
    {
        final PolicyConfig c = notes(RouterOsVersion.V7).advertise("2001:db8::/32").build();
        assertEquals(ScriptGenerator.generate(c), ScriptGenerator.generate(c));
    }
}
