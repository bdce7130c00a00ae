package io.xlat.examples.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TUN offloads on a real kernel: {@code e2e/xlat-offload-e2e.sh} builds v4host -- cpe (xlat clat) -- plat (xlat
 * plat) -- server in four network namespaces, both daemons with their default offloads, sends 8 MiB each way with
 * socat (sha256 compared) and reads the metrics endpoints: the kernel must have handed both translators GSO
 * super-packets that went out translated once ({@code offloaded_superpackets > 0}), and none may have been dropped
 * as unusable. The first full-size segments draw Fragmentation Needed (1500 + 20 > 1500), so the per-segment MTU
 * path runs too. The script deletes its namespaces in a trap.
 * <p>
 * Needs root, {@code /dev/net/tun} and the tools: skipped without them, or failed when the environment variable
 * {@code CI} is set.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class XlatOffloadEndToEndIT
{
    private static final List<String> TOOLS =
        List.of("ip", "bash", "curl", "socat", "ping", "sha256sum", "timeout");
    /** Checks the script runs in every mode. */
    private static final int MIN_CHECKS = 6;

    private static NamespaceScript harness;

    @BeforeAll
    static void requireRootAndTools() throws URISyntaxException
    {
        harness = NamespaceScript.require(XlatOffloadEndToEndIT.class, TOOLS);
    }

    @Test
    void shouldCarryMebibytesBothWaysAsSuperPacketsThroughClatAndStatefulPlat() throws Exception
    {
        runScript("nat64");
    }

    @Test
    void shouldCarryMebibytesBothWaysAsSuperPacketsThroughClatAndStatelessPlat() throws Exception
    {
        runScript("siit");
    }

    private static void runScript(final String mode) throws IOException, InterruptedException
    {
        harness.run("e2e/xlat-offload-e2e.sh", mode, MIN_CHECKS, Integer.MAX_VALUE);
    }
}
