package io.xlat.examples.demo;

import io.xlat.core.addr.EamTable;
import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64State;
import io.xlat.core.nat64.Nat64Translator;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.examples.daemon.PacketTranslator;
import io.xlat.examples.daemon.SiitPacketTranslator;
import org.agrona.MutableDirectBuffer;

/**
 * The PLAT's translator: stateful NAT64 (RFC 6146) with pool6 {@code 64:ff9b::/96} and pool4
 * {@code 192.0.2.0/28}, or, as a stand-in, stateless SIIT with one EAMT entry for the CLAT host's IPv6 address.
 * {@link #create} chooses; both are {@link PacketTranslator}s, so the rest of the demo does not care.
 */
final class DemoPlat
{
    /** What {@link #create} builds: {@code true} for the NAT64, {@code false} for the SIIT stand-in. */
    static final boolean USE_NAT64 = true;

    private DemoPlat()
    {
    }

    /**
     * Builds the PLAT translator.
     *
     * @param clientIpv6 the CLAT host's IPv6 address (for the SIIT stand-in's EAMT).
     * @param seed       for the NAT64's port choice, fixed so the pcap is reproducible.
     * @return the translator.
     */
    static PacketTranslator create(final long[] clientIpv6, final long seed)
    {
        return USE_NAT64 ? nat64(seed) : siitStandIn(clientIpv6);
    }

    /**
     * A short name for the trace.
     *
     * @return what the PLAT runs.
     */
    static String description()
    {
        return USE_NAT64 ? "stateful NAT64 (RFC 6146), pool4 " + DemoAddresses.POOL4 :
            "stateless SIIT stand-in (RFC 7915 + EAMT " + DemoAddresses.PLAT_STAND_IN_IPV4 + ")";
    }

    private static SiitAddressMapper pool6Mapper(final EamTable eamt)
    {
        // RFC 6052 3.1 forbids non-global IPv4 addresses under the WKP; the documentation ranges are non-global.
        return SiitAddressMapper.builder().pool6(Ipv6Prefix.parse(DemoAddresses.POOL6)).eamt(eamt)
            .allowWkpNonGlobal(true).build();
    }

    private static PacketTranslator nat64(final long seed)
    {
        final Nat64Config config = Nat64Config.builder().sessionCapacity(1024).seed(seed).build();
        final Nat64State state = new Nat64State(config, Pool4.parse(DemoAddresses.POOL4));
        final Nat64Translator nat64 = new Nat64Translator(state, pool6Mapper(null), SiitConfig.builder());
        return new PacketTranslator()
        {
            @Override
            public int translate(
                final MutableDirectBuffer buffer,
                final int offset,
                final int length,
                final TranslationResult result,
                final long nowMillis)
            {
                return nat64.translate(buffer, offset, length, result, nowMillis);
            }

            @Override
            public int expire(final long nowMillis)
            {
                return nat64.expire(nowMillis);
            }

            @Override
            public TranslatorCounters counters()
            {
                return nat64.counters();
            }
        };
    }

    private static PacketTranslator siitStandIn(final long[] clientIpv6)
    {
        final EamTable eamt = EamTable.builder()
            .add(Ipv6Prefix.of(clientIpv6[0], clientIpv6[1], 128),
                Ipv4Prefix.parse(DemoAddresses.PLAT_STAND_IN_IPV4 + "/32"))
            .build();
        return new SiitPacketTranslator(SiitConfig.builder().mapper(pool6Mapper(eamt)).build());
    }
}
