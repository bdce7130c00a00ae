package io.xlat.routing.routeros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xlat.routing.policy.PlatNode;
import io.xlat.routing.policy.PolicyConfig;
import org.junit.jupiter.api.Test;

class ConfigAuditTest
{
    private static List<Finding> audit(final String export, final PolicyConfig policy)
    {
        return ConfigAudit.audit(ExportParser.parse(export), policy);
    }

    private static Finding only(final List<Finding> findings, final String policy, final String fragment)
    {
        final List<Finding> matching = findings.stream()
            .filter(f -> f.policy().equals(policy) && f.message().contains(fragment)).toList();
        assertEquals(1, matching.size(), () -> "expected one " + policy + " finding with '" + fragment + "' in "
            + findings);
        return matching.get(0);
    }

    @Test
    void shouldReportAnAdvertisedPrefixWithoutBlackholeAtTheBgpNetworkLine()
    {
        final List<Finding> f = audit(ExportParserTest.V6_EXPORT, PolicyConfig.builder().build());
        final Finding missing = only(f, "BgpFlapGuard", "203.0.113.0/24 has no blackhole");
        assertEquals(22, missing.line());
        assertTrue(f.stream().noneMatch(x -> x.message().contains("198.51.100.0/24 has no blackhole")), f::toString);
    }

    @Test
    void shouldReportAV7ListedPrefixWhoseBlackholeWouldBeatOspf()
    {
        final List<Finding> f = audit(ExportParserTest.V7_EXPORT, PolicyConfig.builder().build());
        final Finding low = only(f, "BgpFlapGuard", "2001:db8:100::/40 has distance=1");
        assertEquals(11, low.line());
        // 192.0.2.0/24 is in a list no output.network names: not advertised, so not checked.
        assertTrue(f.stream().noneMatch(x -> x.message().contains("192.0.2.0/24")), f::toString);
    }

    @Test
    void shouldReportAPolicyPrefixTheExportDoesNotOriginate()
    {
        final List<Finding> f = audit(ExportParserTest.V7_EXPORT, PolicyConfig.builder().advertise("192.0.2.0/24")
            .build());
        assertEquals(0, only(f, "BgpFlapGuard", "originates no BGP network for it").line());
        assertEquals(0, only(f, "BgpFlapGuard", "192.0.2.0/24 has no blackhole").line());
    }

    @Test
    void shouldReportARedirectRuleWithoutHotspotNotAuthAtItsLine()
    {
        final List<Finding> f = audit(ExportParserTest.V6_EXPORT, PolicyConfig.builder().build());
        final Finding redirect = only(f, "HotspotDnsBypass", "also applies to authenticated users");
        assertEquals(12, redirect.line());
        assertTrue(redirect.message().contains("hotspot=!auth"), redirect.message());
    }

    @Test
    void shouldAcceptAHotspotFixedWithFindAndAStartupScheduler()
    {
        final String export = """
            /ip hotspot
            add interface=bridge name=hs1
            /ip firewall nat
            set [find where chain="hotspot" and protocol="udp" and dst-port="53"] hotspot=!auth
            set [find where chain="hotspot" and protocol="tcp" and dst-port="53"] hotspot=!auth
            /system scheduler
            add name=fix on-event="/ip firewall nat set [find where dst-port=\\"53\\"] hotspot=!auth" \\
                start-time=startup
            """;
        assertEquals(List.of(), audit(export, PolicyConfig.builder().build()));
    }

    @Test
    void shouldReportAHotspotWhoseTcpRedirectIsNotFixedAtTheServerLine()
    {
        final String export = """
            /ip hotspot
            add interface=bridge name=hs1
            /ip firewall nat
            set [find where chain="hotspot" and protocol="udp" and dst-port="53"] hotspot=!auth
            """;
        final List<Finding> f = audit(export, PolicyConfig.builder().build());
        assertEquals(2, only(f, "HotspotDnsBypass", "(tcp dst-port 53) still applies").line());
        assertEquals(4, only(f, "HotspotDnsBypass", "not re-applied at startup").line());
        assertEquals(2, f.size(), f::toString);
    }

    @Test
    void shouldReportARuleNumberSelectorAndAWrongHotspotValue()
    {
        final String export = """
            /ip firewall nat
            set 3 hotspot=!auth dst-port=53
            set [find dst-port=53] hotspot=auth
            """;
        final List<Finding> f = audit(export, PolicyConfig.builder().build());
        assertEquals(2, only(f, "HotspotDnsBypass", "by number (3)").line());
        assertEquals(3, only(f, "HotspotDnsBypass", "sets hotspot=auth").line());
    }

    @Test
    void shouldReportMissingAndEqualPlatCostsWithLineNumbers()
    {
        final PolicyConfig policy = PolicyConfig.builder().plat(PlatNode.parse("plat-a:ether5:10"))
            .plat(PlatNode.parse("plat-b:ether6:100")).plat(PlatNode.parse("plat-c:ether7:200")).build();
        final List<Finding> f = audit(ExportParserTest.V7_EXPORT, policy);
        assertEquals(16, only(f, "PlatFailover", "plat-b: the OSPF entry for ether6 has no cost").line());
        assertEquals(0, only(f, "PlatFailover", "no OSPF interface entry for ether7").line());

        final String equal = """
            /routing ospf interface-template
            add area=backbone cost=10 interfaces=ether5
            add area=backbone cost=10 interfaces=ether6,ether9
            """;
        final List<Finding> g = audit(equal, PolicyConfig.builder().plat(PlatNode.parse("plat-a:ether5:10"))
            .plat(PlatNode.parse("plat-b:ether6:20")).build());
        assertEquals(3, only(g, "PlatFailover", "equal OSPF cost (10)").line());
        assertEquals(3, only(g, "PlatFailover", "cost=10 on ether6 differs").line());
    }

    @Test
    void shouldFindNothingToReportInAGeneratedScript()
    {
        for (final RouterOsVersion v : RouterOsVersion.values())
        {
            final PolicyConfig policy = PolicyConfig.builder().version(v).advertise("1.1.1.0/24")
                .advertise("2001:db8::/32").hotspotServer("hs1").plat(PlatNode.parse("a:ether5:10"))
                .plat(PlatNode.parse("b:ether6:20")).build();
            assertEquals(List.of(), ConfigAudit.audit(ExportParser.parse(ScriptGenerator.generate(policy)), policy));
        }
    }

    @Test
    void shouldReportEverythingMissingFromAnEmptyExport()
    {
        final PolicyConfig policy = PolicyConfig.builder().advertise("1.1.1.0/24").hotspotServer("hs1")
            .plat(PlatNode.parse("a:ether5:10")).plat(PlatNode.parse("b:ether6:20")).build();
        final List<Finding> f = audit("", policy);
        assertEquals(6, f.size(), f::toString);
        assertTrue(f.stream().allMatch(x -> x.line() == 0));
    }
}
