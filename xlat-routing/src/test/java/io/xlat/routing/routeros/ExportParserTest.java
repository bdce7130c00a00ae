package io.xlat.routing.routeros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExportParserTest
{
    /** RouterOS 6 style: header comments, path lines, relative add/set, a continuation, quoting, scripting. */
    static final String V6_EXPORT = """
        # jan/02/1970 00:00:00 by RouterOS 6.49.10
        # software id = ABCD-EFGH
        #
        # model = RB4011iGS+
        /interface ethernet
        set [ find default-name=ether1 ] name=wan
        /ip hotspot
        add address-pool=hs-pool disabled=no interface=bridge-guests name=hs1 \\
            profile=hsprof1
        /ip firewall nat
        add action=masquerade chain=srcnat out-interface=wan
        add action=redirect chain=dstnat comment="old \\"DNS\\" hijack" dst-port=53 \\
            protocol=udp to-ports=53
        /ip route
        add distance=1 gateway=192.0.2.1
        add distance=254 dst-address=198.51.100.0/24 type=blackhole

        /routing bgp instance
        set default as=64500 router-id=192.0.2.2
        /routing bgp network
        add network=198.51.100.0/24 synchronize=yes
        add network=203.0.113.0/24 synchronize=yes
        /routing ospf interface
        add cost=10 interface=ether5
        /system scheduler
        add name=fix interval=5m on-event="/ip firewall nat set [find where chain=\\"hotspot\\" and dst-port=\\"53\\"\\
            ] hotspot=!auth" policy=read,write start-time=startup
        :log info "export loaded"
        """;

    /** RouterOS 7 style: slash paths, blackhole flag, address lists, output.network, interface templates. */
    static final String V7_EXPORT = """
        # 2024-05-01 12:00:00 by RouterOS 7.14.3
        # software id = WXYZ-1234
        /ip firewall address-list
        add address=198.51.100.0/24 list=bgp-networks
        add address=192.0.2.0/24 list=other
        /ipv6 firewall address-list
        add address=2001:db8:100::/40 list=bgp-networks
        /ip route
        add blackhole disabled=no distance=254 dst-address=198.51.100.0/24
        /ipv6 route
        add blackhole distance=1 dst-address=2001:db8:100::/40
        /routing bgp template
        set default as=64500 output.network=bgp-networks
        /routing ospf interface-template
        add area=backbone cost=10 interfaces=ether5
        add area=backbone interfaces=ether6
        /ip/firewall/nat/add chain=dstnat action=accept comment="tab\\there"
        """;

    @Test
    void shouldResolvePathsAndPropertiesOfARouterOs6Export()
    {
        final ExportDocument d = ExportParser.parse(V6_EXPORT);
        assertEquals(4, d.commentLines());
        final ExportCommand set = d.commands().get(0);
        assertEquals("/interface ethernet", set.path());
        assertEquals("set", set.verb());
        assertEquals("[ find default-name=ether1 ]", set.selector());
        assertEquals("wan", set.property("name"));
        final ExportCommand hotspot = d.commands("/ip hotspot", "add").get(0);
        assertEquals(8, hotspot.line());
        assertEquals("hsprof1", hotspot.property("profile"));
        assertEquals("hs1", hotspot.property("name"));
        final ExportCommand redirect = d.commands("/ip firewall nat", "add").get(1);
        assertEquals(12, redirect.line());
        assertEquals("old \"DNS\" hijack", redirect.property("comment"));
        assertEquals("udp", redirect.property("protocol"));
        final ExportCommand blackhole = d.commands("/ip route", "add").get(1);
        assertEquals(16, blackhole.line());
        assertEquals("blackhole", blackhole.property("type"));
        assertEquals("default", d.commands("/routing bgp instance", "set").get(0).selector());
        assertEquals(List.of(21, 22), d.commands("/routing bgp network", "add").stream().map(ExportCommand::line)
            .toList());
        final ExportCommand scheduler = d.commands("/system scheduler", "add").get(0);
        assertEquals(26, scheduler.line());
        assertEquals("/ip firewall nat set [find where chain=\"hotspot\" and dst-port=\"53\"] hotspot=!auth",
            scheduler.property("on-event"));
        assertEquals("startup", scheduler.property("start-time"));
        assertEquals(List.of(28), d.scriptLines());
        assertTrue(d.unparsed().isEmpty(), d.unparsed()::toString);
    }

    @Test
    void shouldReadFlagsDottedKeysAndSlashPathsOfARouterOs7Export()
    {
        final ExportDocument d = ExportParser.parse(V7_EXPORT);
        final ExportCommand blackhole = d.commands("/ip route", "add").get(0);
        assertTrue(blackhole.hasFlag("blackhole"));
        assertEquals("254", blackhole.property("distance"));
        assertEquals("bgp-networks", d.commands("/routing bgp template", "set").get(0).property("output.network"));
        assertEquals("ether6", d.commands("/routing ospf interface-template", "add").get(1).property("interfaces"));
        assertNull(d.commands("/routing ospf interface-template", "add").get(1).property("cost"));
        final ExportCommand slash = d.commands("/ip firewall nat", "add").get(0);
        assertEquals(17, slash.line());
        assertEquals("tab\there", slash.property("comment"));
    }

    @Test
    void shouldNoteLinesItDoesNotUnderstandAndGoOn()
    {
        final ExportDocument d = ExportParser.parse("hello world=1\n/ip route\nadd dst-address=192.0.2.0/24 "
            + "gateway=198.51.100.1\n\"unterminated");
        assertEquals(1, d.commands().size());
        assertEquals(2, d.unparsed().size());
        assertEquals(1, d.unparsed().get(0).line());
        assertEquals(4, d.unparsed().get(1).line());
    }

    @Test
    void shouldKeepAnEscapedBackslashAtTheEndOfAQuotedValue()
    {
        final ExportDocument d = ExportParser.parse("/file add name=a contents=\"C:\\\\\"\n/ip route add "
            + "dst-address=192.0.2.0/24");
        assertEquals(2, d.commands().size());
        assertEquals("C:\\", d.commands().get(0).property("contents"));
    }

    @Test
    void shouldRoundTripQuotedValues()
    {
        for (final String s : List.of("plain", "two words", "q\"uote", "back\\slash", "$var?", "new\nline", "\u0001x"))
        {
            assertEquals(s, RscText.unquote(RscText.value(s)), s);
        }
    }
}
