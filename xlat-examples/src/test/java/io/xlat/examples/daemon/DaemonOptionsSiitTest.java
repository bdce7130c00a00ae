package io.xlat.examples.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The translator settings every daemon (plat, clat) takes from its shared options.
 */
class DaemonOptionsSiitTest
{
    private static SiitConfig applied(final String... args)
    {
        final DaemonOptions options = new DaemonOptions();
        new CommandLine(options).parseArgs(args);
        return options.applySiitOptions(SiitConfig.builder()
            .mapper(SiitAddressMapper.builder().pool6(Ipv6Prefix.parse("2001:db8:64::/96")).build())).build();
    }

    @Test
    void shouldKeepTheRfc7915DefaultsWithoutOptions()
    {
        final SiitConfig config = applied();
        assertTrue(config.generateIpv4Identification());
        assertFalse(config.icmpErrorsOnDrop());
        assertEquals(1280, config.lowestIpv6Mtu());
    }

    @Test
    void shouldPassTheIdentificationAndDiscardSwitchesToTheTranslator()
    {
        final SiitConfig config = applied("--zero-ipv4-identification", "--icmp-errors-on-drop",
            "--lowest-ipv6-mtu", "1400");
        assertFalse(config.generateIpv4Identification());
        assertTrue(config.icmpErrorsOnDrop());
        assertEquals(1400, config.lowestIpv6Mtu());
    }
}
