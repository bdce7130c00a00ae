package io.xlat.examples.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole 464XLAT path with real hosts and clients: {@code e2e/xlat-e2e.sh} builds the DESIGN.md topology in five
 * network namespaces (v4host, cpe, plat, server, v6host), runs {@code xlat clat}, {@code xlat plat} and two
 * {@code xlat dns64} (the DNS64 on the PLAT, the DNS proxy on the CPE) from the built {@code xlat.jar}, and checks
 * with ping, curl (sha256 of a 1 MiB file), dig, socat and the metrics endpoints. The script deletes its namespaces
 * in a trap, even when a check fails.
 * <p>
 * Needs root, {@code /dev/net/tun} and the tools: skipped without them, or failed when the environment variable
 * {@code CI} is set.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class XlatEndToEndIT
{
    private static final List<String> TOOLS =
        List.of("ip", "bash", "python3", "curl", "dig", "socat", "ping", "sha256sum", "timeout");
    /** Checks the script runs in every mode (the NAT64 mode adds two: sessions created, then expired). */
    private static final int MIN_CHECKS = 18;

    private static NamespaceScript harness;

    @BeforeAll
    static void requireRootAndTools() throws URISyntaxException
    {
        harness = NamespaceScript.require(XlatEndToEndIT.class, TOOLS);
    }

    @Test
    void shouldCarryPingTcpUdpDnsAndPmtuThroughClatAndStatelessPlat() throws Exception
    {
        runScript("siit");
    }

    @Test
    void shouldCarryTrafficThroughClatAndStatefulPlatAndExpireSessions() throws Exception
    {
        runScript("nat64");
    }

    private static void runScript(final String mode) throws IOException, InterruptedException
    {
        harness.run("e2e/xlat-e2e.sh", mode, MIN_CHECKS, Integer.MAX_VALUE);
    }
}
