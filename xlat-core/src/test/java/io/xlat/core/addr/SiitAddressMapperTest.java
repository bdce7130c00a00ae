package io.xlat.core.addr;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiitAddressMapperTest
{
    private static final SiitAddressMapper WKP_STRICT = SiitAddressMapper.builder().pool6("64:ff9b::/96").build();
    private static final SiitAddressMapper WKP_RELAXED =
        SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true).build();

    private final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);

    @ParameterizedTest
    @ValueSource(strings = { "192.0.2.33", "10.1.2.3", "127.0.0.1", "192.168.1.1", "100.64.0.1", "224.0.0.1" })
    void shouldNotMapNonGlobalIpv4UnderTheWellKnownPrefixByDefault(final String ipv4)
    {
        assertFalse(WKP_STRICT.ipv4ToIpv6(Ipv4Addresses.parse(ipv4), false, out, 0));
        assertFalse(WKP_STRICT.ipv4ToIpv6(Ipv4Addresses.parse(ipv4), true, out, 0));
        final long[] v6 = Ipv6Addresses.parse("64:ff9b::" + ipv4);
        assertEquals(AddressMapper.NOT_MAPPED, WKP_STRICT.ipv6ToIpv4(v6[0], v6[1], true));
        assertEquals(AddressMapper.NOT_MAPPED, WKP_STRICT.ipv6ToIpv4(v6[0], v6[1], false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "192.0.2.33", "10.1.2.3", "192.168.1.1" })
    void shouldMapNonGlobalIpv4UnderTheWellKnownPrefixWhenRelaxed(final String ipv4)
    {
        assertTrue(WKP_RELAXED.ipv4ToIpv6(Ipv4Addresses.parse(ipv4), false, out, 0));
        final long[] expected = Ipv6Addresses.parse("64:ff9b::" + ipv4);
        assertEquals(expected[0], Ipv6Addresses.high(out, 0));
        assertEquals(expected[1], Ipv6Addresses.low(out, 0));
        assertEquals(Ipv4Addresses.toUnsigned(Ipv4Addresses.parse(ipv4)), WKP_RELAXED.ipv6ToIpv4(out, 0, true));
    }

    @Test
    void shouldMapGlobalIpv4UnderTheWellKnownPrefix()
    {
        final int global = Ipv4Addresses.parse("8.8.4.4");
        assertTrue(WKP_STRICT.ipv4ToIpv6(global, false, out, 0));
        assertEquals("64:ff9b::808:404", Ipv6Addresses.format(out, 0));
        assertEquals(Ipv4Addresses.toUnsigned(global), WKP_STRICT.ipv6ToIpv4(out, 0, false));
        assertTrue(WKP_STRICT.enforcesWkpGlobalRule());
        assertFalse(WKP_RELAXED.enforcesWkpGlobalRule());
    }

    @Test
    void shouldNotApplyTheWellKnownPrefixRuleToANetworkSpecificPrefix()
    {
        final SiitAddressMapper nsp = SiitAddressMapper.builder().pool6("2001:db8:122:344::/64").build();
        assertTrue(nsp.ipv4ToIpv6(Ipv4Addresses.parse("192.0.2.33"), true, out, 0));
        assertEquals("2001:db8:122:344:c0:2:2100:0", Ipv6Addresses.format(out, 0));
        assertEquals(0xC000_0221L, nsp.ipv6ToIpv4(out, 0, true));
        assertFalse(nsp.enforcesWkpGlobalRule());
    }

    @Test
    void shouldReturn255255255255AsAnUnsignedValueDistinctFromNotMapped()
    {
        final SiitAddressMapper nsp = SiitAddressMapper.builder().pool6("2001:db8:64::/96").build();
        assertTrue(nsp.ipv4ToIpv6(-1, false, out, 0));
        assertEquals(0xFFFF_FFFFL, nsp.ipv6ToIpv4(out, 0, false));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({
        "2001:db8:122:344:1c0:2:2100:0,   2001:db8:122:344::/64",
        "2001:db8:122:344:c0:2:2100:1,    2001:db8:122:344::/64",
        "2001:db8:c000:221:0:0:0:1,       2001:db8::/32",
        "2001:db8:122:344:100::c000:221,  2001:db8:122:344::/96",
        "2001:db8:122:345:c0:2:2100:0,    2001:db8:122:344::/64",
        "64:ff9c::808:808,                64:ff9b::/96",
    })
    void shouldNotMapAddressesWithABadUOctetSuffixOrPrefix(final String address, final String pool6)
    {
        final SiitAddressMapper mapper = SiitAddressMapper.builder().pool6(pool6).build();
        final long[] v6 = Ipv6Addresses.parse(address);
        assertEquals(AddressMapper.NOT_MAPPED, mapper.ipv6ToIpv4(v6[0], v6[1], true));
    }

    @Test
    void shouldTryTheEamtBeforePool6InBothDirections()
    {
        final EamTable eamt = EamTable.builder()
            .add("2001:db8:aaaa::", "192.0.2.1")
            .add("64:ff9b::/127", "192.0.2.192/31")
            .build();
        final SiitAddressMapper mapper = SiitAddressMapper.builder().pool6("64:ff9b::/96").eamt(eamt).build();

        assertTrue(mapper.ipv4ToIpv6(Ipv4Addresses.parse("192.0.2.1"), true, out, 0));
        assertEquals("2001:db8:aaaa::", Ipv6Addresses.format(out, 0), "EAMT entries ignore the 3.1 rule");
        assertEquals(0xC000_0201L, mapper.ipv6ToIpv4(out, 0, true));

        // 64:ff9b::1 would be 0.0.0.1 under pool6 (and refused by 3.1); the EAMT says 192.0.2.193.
        final long[] wkpOne = Ipv6Addresses.parse("64:ff9b::1");
        assertEquals(0xC000_02C1L, mapper.ipv6ToIpv4(wkpOne[0], wkpOne[1], false));

        // Not in the EAMT, global: pool6.
        assertTrue(mapper.ipv4ToIpv6(Ipv4Addresses.parse("8.8.8.8"), false, out, 0));
        assertEquals("64:ff9b::808:808", Ipv6Addresses.format(out, 0));
    }

    @Test
    void shouldWorkWithOnlyAnEamt()
    {
        final SiitAddressMapper mapper = SiitAddressMapper.builder()
            .eamt(EamTable.builder().add("2001:db8:aaaa::", "192.0.2.1").build()).build();
        assertTrue(mapper.ipv4ToIpv6(Ipv4Addresses.parse("192.0.2.1"), true, out, 0));
        assertFalse(mapper.ipv4ToIpv6(Ipv4Addresses.parse("192.0.2.2"), true, out, 0));
        final long[] other = Ipv6Addresses.parse("64:ff9b::808:808");
        assertEquals(AddressMapper.NOT_MAPPED, mapper.ipv6ToIpv4(other[0], other[1], false));
    }

    /**
     * RFC 7757 section 4: A (2001:db8:aaaa::, EAM 192.0.2.1) reaches B (2001:db8:bbbb::, EAM 192.0.2.2) at
     * B's pool6 address 2001:db8:64::192.0.2.2. On the way back in, the IPv4 packet 192.0.2.1 -> 192.0.2.2 has
     * both ends in the EAMT, so its source must become A's pool6 address for B to answer through the translator.
     */
    @Test
    void shouldMapTheSourceOfHairpinnedEamTrafficWithPool6()
    {
        final EamTable eamt = EamTable.builder()
            .add("2001:db8:aaaa::", "192.0.2.1")
            .add("2001:db8:bbbb::", "192.0.2.2")
            .build();
        final SiitAddressMapper mapper = SiitAddressMapper.builder().pool6("2001:db8:64::/96").eamt(eamt).build();
        final int a = Ipv4Addresses.parse("192.0.2.1");
        final int b = Ipv4Addresses.parse("192.0.2.2");

        final long[] toB = Ipv6Addresses.parse("2001:db8:64::192.0.2.2");
        assertEquals(b & 0xFFFF_FFFFL, mapper.ipv6ToIpv4(toB[0], toB[1], false));
        final long[] fromA = Ipv6Addresses.parse("2001:db8:aaaa::");
        assertEquals(a & 0xFFFF_FFFFL, mapper.ipv6ToIpv4(fromA[0], fromA[1], true));

        final AddressMapper asInterface = mapper;
        assertTrue(asInterface.ipv4SourceToIpv6(a, b, out, 0));
        assertEquals("2001:db8:64::c000:201", Ipv6Addresses.format(out, 0));
        assertTrue(mapper.ipv4ToIpv6(b, false, out, 0));
        assertEquals("2001:db8:bbbb::", Ipv6Addresses.format(out, 0));

        // Not a hairpin: the destination is not an EAM, so the source goes through the EAMT as usual.
        assertTrue(mapper.ipv4SourceToIpv6(a, Ipv4Addresses.parse("198.51.100.7"), out, 0));
        assertEquals("2001:db8:aaaa::", Ipv6Addresses.format(out, 0));

        final SiitAddressMapper off = SiitAddressMapper.builder()
            .pool6("2001:db8:64::/96").eamt(eamt).hairpinning(false).build();
        assertTrue(off.ipv4SourceToIpv6(a, b, out, 0));
        assertEquals("2001:db8:aaaa::", Ipv6Addresses.format(out, 0));
    }

    @ParameterizedTest(name = "pool6={0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "2001:db8::/80              | length 80",
        "2001:db8::/128             | length 128",
        "2001:db8:0:0:100::/96      | u-octet",
        "2001:db8::1/96             | host bits",
        "2001:db8::zz/96            | unexpected 'z'",
    })
    void shouldRefuseABadPool6NamingIt(final String pool6, final String reason)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> SiitAddressMapper.builder().pool6(pool6));
        assertTrue(ex.getMessage().startsWith("pool6="), ex.getMessage());
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
    }

    @Test
    void shouldRefuseAConfigurationThatMapsNothing()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> SiitAddressMapper.builder().eamt(EamTable.EMPTY).build());
        assertTrue(ex.getMessage().contains("pool6=null"), ex.getMessage());
    }

    @Test
    void shouldNotAllocateOnTheHotPath()
    {
        final EamTable eamt = EamTable.builder()
            .add("2001:db8:aaaa::", "192.0.2.1")
            .add("2001:db8:cccc:cccc::/124", "192.0.2.16/28")
            .build();
        final SiitAddressMapper mapper = SiitAddressMapper.builder().pool6("64:ff9b::/96").eamt(eamt).build();
        final Rfc6791Pool pool = Rfc6791Pool.parse("192.0.2.248/29");
        final Rfc6791v6Pool pool6 = Rfc6791v6Pool.parse("2001:db8:ffff::/64");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        final int eamBase = Ipv4Addresses.parse("192.0.2.1");
        long sink = 0;
        long fewest = Long.MAX_VALUE;
        // The JVM itself (JIT, class loading) may allocate now and then; a round with zero bytes shows our code
        // does not, while code that allocates per call would show up in every round.
        for (int round = 0; round < 5; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++)
            {
                final int ipv4 = 0x0808_0000 + i;
                sink += mapper.ipv4ToIpv6(ipv4, (i & 1) == 0, buffer, 0) ? 1 : 0;
                sink += mapper.ipv6ToIpv4(buffer, 0, false);
                sink += mapper.ipv4SourceToIpv6(eamBase + (i & 31), ipv4, buffer, 0) ? 1 : 0;
                sink += mapper.ipv6ToIpv4(buffer, 0, true);
                sink += pool.select(i) + pool6.selectLow(i);
                pool6.select(i, buffer, 0);
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, fewest, "bytes allocated by 20,000 rounds of lookups");
        assertTrue(sink != 0);
    }
}
