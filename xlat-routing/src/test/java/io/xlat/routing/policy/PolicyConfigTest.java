package io.xlat.routing.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xlat.routing.routeros.RouterOsVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyConfigTest
{
    @Test
    void shouldReadAPolicyFile()
    {
        final PolicyConfig.Builder b = PolicyConfig.builder();
        PolicyFile.apply("edge.policy", """
            # edge router
            ros-version = 6
            advertise = 198.51.100.0/24
            advertise = 2001:db8:100::/40   # customers

            plat = plat-a:ether5:10
            plat = plat-b:ether6:100
            pool4 = 203.0.113.0/24
            pool6 = 64:ff9b::/96
            hotspot = hs-guests
            hotspot-variant = pre-hotspot
            """, b);
        final PolicyConfig c = b.build();
        assertEquals(RouterOsVersion.V6, c.version());
        assertEquals("[198.51.100.0/24, 2001:db8:100::/40]", c.advertised().toString());
        assertEquals(List.of(new PlatNode("plat-a", "ether5", 10), new PlatNode("plat-b", "ether6", 100)), c.plats());
        assertEquals("hs-guests", c.hotspotServer());
        assertEquals(HotspotDnsBypass.Variant.PRE_HOTSPOT_ACCEPT, c.hotspotVariant());
        assertEquals(2, c.platPrefixes().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ros-version = 8|line 1|'8'",
        "advertise = 198.51.100.1/24|line 1|198.51.100.1/24",
        "plat = plat-a:ether5|line 1|plat-a:ether5",
        "plat = plat-a:ether5:0|line 1|cost=0",
        "colour = blue|line 1|colour",
        "hotspot = my hotspot|line 1|my hotspot",
        "just text|line 1|just text",
    })
    void shouldRejectABadLineNamingTheLineAndValue(final String line, final String where, final String value)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            PolicyFile.apply("p", line, PolicyConfig.builder()));
        final String message = ex.getMessage();
        assertTrue(message.contains(where) && message.contains(value), message);
    }

    @Test
    void shouldRefuseEqualPlatCostsBecauseTheyLoadShare()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> PolicyConfig.builder()
            .plat(PlatNode.parse("plat-a:ether5:10")).plat(PlatNode.parse("plat-b:ether6:10")).build());
        assertTrue(ex.getMessage().contains("cost=10") && ex.getMessage().contains("plat-b"), ex.getMessage());
    }

    @Test
    void shouldRefuseADuplicateAdvertisedPrefixAndAWrongFamilyPool()
    {
        assertThrows(IllegalArgumentException.class, () -> PolicyConfig.builder().advertise("192.0.2.0/24")
            .advertise("192.0.2.0/24").build());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> PolicyConfig.builder()
            .pool4(io.xlat.routing.rib.IpPrefix.parse("2001:db8::/64")).build());
        assertTrue(ex.getMessage().contains("pool4=2001:db8::/64"), ex.getMessage());
    }

    @Test
    void shouldOrderPlatsPrimaryFirst()
    {
        final List<PlatNode> nodes = List.of(PlatNode.parse("b:e2:50"), PlatNode.parse("a:e1:5"),
            PlatNode.parse("c:e3:500"));
        assertEquals(List.of("a", "b", "c"), PlatFailover.byPreference(nodes).stream().map(PlatNode::name).toList());
    }
}
