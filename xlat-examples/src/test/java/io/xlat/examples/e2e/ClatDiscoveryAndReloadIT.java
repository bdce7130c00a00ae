package io.xlat.examples.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CLAT following the network and the daemons' SIGHUP reload, with real peers: {@code reload/xlat-reload.sh}
 * builds network namespaces, runs {@code xlat clat} / {@code xlat plat} from the built {@code xlat.jar}, and checks
 * each step with the metrics endpoint, the log, and translated packets seen by tcpdump on the TUN device:
 * <ul>
 *     <li>{@code ra}: Router Advertisements with PREF64 (RFC 8781) sent on a veth by the kernel's raw ICMPv6 socket
 *     (radvd 2.19 of Debian 12 has no {@code nat64prefix}); the prefix is learned, changed, withdrawn.</li>
 *     <li>{@code rfc7050}: Unbound answers {@code ipv4only.arpa} with a 2 s TTL; the answer changes and the CLAT
 *     follows within TTL + slack; the resolver stops and the prefix is kept; SIGHUP applies and refuses.</li>
 *     <li>{@code sighup}: {@code xlat plat --mode siit --config FILE}: pool6 changed + SIGHUP to the PID, broken
 *     file refused, queue change needs a restart.</li>
 *     <li>{@code dns64}: {@code xlat dns64 --config FILE} in front of Unbound: prefix changed + SIGHUP, the next AAAA
 *     is synthesized under it and the counters continue; a broken file is refused.</li>
 * </ul>
 * Needs root and the tools: skipped without them, or failed when the environment variable {@code CI} is set.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class ClatDiscoveryAndReloadIT
{
    private static final List<String> TOOLS =
        List.of("ip", "bash", "python3", "curl", "ping", "tcpdump", "timeout", "dig", "/usr/sbin/unbound");

    private static NamespaceScript harness;

    @BeforeAll
    static void requireRootAndTools() throws URISyntaxException
    {
        harness = NamespaceScript.require(ClatDiscoveryAndReloadIT.class, TOOLS);
    }

    @Test
    void shouldLearnChangeAndWithdrawThePlatPrefixFromRouterAdvertisements() throws Exception
    {
        runScript("ra", 9);
    }

    @Test
    void shouldRediscoverThePlatPrefixWhenTheRfc7050AnswerExpiresAndReloadOnSighup() throws Exception
    {
        runScript("rfc7050", 10);
    }

    @Test
    void shouldApplyANewPool6OnSighupAndKeepTheOldConfigWhenTheNewOneIsBroken() throws Exception
    {
        runScript("sighup", 8);
    }

    @Test
    void shouldApplyNewNat64TimeoutsOnSighupAndAskForARestartForAPool4Change() throws Exception
    {
        runScript("nat64", 5);
    }

    @Test
    void shouldRebuildTheDns64ServerOnSighupWithContinuedCounters() throws Exception
    {
        runScript("dns64", 7);
    }

    private static void runScript(final String scenario, final int expectedChecks)
        throws IOException, InterruptedException
    {
        harness.run("reload/xlat-reload.sh", scenario, expectedChecks, expectedChecks);
    }
}
