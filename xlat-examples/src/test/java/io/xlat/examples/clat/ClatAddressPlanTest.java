package io.xlat.examples.clat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClatAddressPlanTest
{
    private static byte[] bytes(final long[] address)
    {
        return ByteBuffer.allocate(16).putLong(address[0]).putLong(address[1]).array();
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.0.1/29, 2001:db8:464::/64",
        "192.0.0.1/29, 2001:db8:aaaa:bbbb::/64",
        "192.0.0.4/29, 2001:db8:464:1:1234:5678::/64",
        "192.0.0.2/32, 2001:db8:1::/48",
        "192.0.0.9/29, 2001:db8:ffff:ffff::/96",
    })
    void shouldPickAnAddressRangeThatIsChecksumNeutralForEveryHost(final String ipv4, final String ipv6)
    {
        final ClatAddressPlan plan = ClatAddressPlan.of(ipv4, ipv6);
        final Ipv4Prefix range4 = plan.hostRange();

        assertTrue(plan.checksumNeutral());
        assertEquals(128 - range4.suffixLength(), plan.ipv6Range().length());
        final int slash = ipv6.indexOf('/');
        final long[] given = Ipv6Addresses.parse(ipv6.substring(0, slash));
        final int length = Integer.parseInt(ipv6.substring(slash + 1));
        final Ipv6Prefix prefix = Ipv6Prefix.of(given[0] & Ipv6Prefix.maskHigh(length),
            given[1] & Ipv6Prefix.maskLow(length), length);
        assertTrue(prefix.contains(plan.ipv6Range()), "stays inside the given prefix");
        assertEquals(given[1] >>> 32, plan.ipv6Range().low() >>> 32, "IID words 4 and 5 as given");
        for (int k = 0; k < 1 << range4.suffixLength(); k++)
        {
            final int host = range4.address() + k;
            final byte[] v4 = ByteBuffer.allocate(4).putInt(host).array();
            final byte[] v6 = bytes(plan.ipv6Of(host));
            // Reference sums over the raw bytes: equal in one's complement means TCP/UDP checksums survive.
            final int sum4 = RefChecksum.onesComplementSum(v4, 0, 4);
            final int sum6 = RefChecksum.onesComplementSum(v6, 0, 16);
            assertEquals(sum4 % 0xFFFF, sum6 % 0xFFFF, "host " + k);
        }
    }

    @Test
    void shouldMapTheRfc7335RangeToDistinctAddressesOfOneSlash125()
    {
        final ClatAddressPlan plan = ClatAddressPlan.of("192.0.0.1/29", "2001:db8:464::/64");

        assertEquals(Ipv4Prefix.parse("192.0.0.0/29"), plan.hostRange());
        assertEquals(0xC0000001, plan.clatIpv4());
        assertEquals(125, plan.ipv6Range().length());
        final byte[] two = bytes(plan.ipv6Of(0xC0000002));
        final byte[] six = bytes(plan.ipv6Of(0xC0000006));
        assertEquals(2, two[15]);
        assertEquals(6, six[15]);
        assertEquals(0, two[14]);
        final byte[] prefix = PacketBuilder.address("2001:db8:464::", 16);
        for (int i = 0; i < 8; i++)
        {
            assertEquals(prefix[i], two[i]);
        }
    }

    @Test
    void shouldTakeAnExplicitAddressAsGiven()
    {
        final ClatAddressPlan plan = ClatAddressPlan.of("192.0.0.1/29", "2001:db8:464::10");

        assertEquals(Ipv6Prefix.parse("2001:db8:464::10/125"), plan.ipv6Range());
        assertFalse(plan.checksumNeutral());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.0.1/29 | 2001:db8:464::11 | --clat-ipv6 2001:db8:464::11",
        "192.0.0.1/20 | 2001:db8:464::/64 | --clat-ipv4 192.0.0.1/20",
        "192.0.0.300/29 | 2001:db8:464::/64 | --clat-ipv4 192.0.0.300",
        "192.0.0.1/29 | 2001:db8:464::/100 | --clat-ipv6 2001:db8:464::/100",
        "192.0.0.1/29 | 2001:db8:464:::/64 | --clat-ipv6 2001:db8:464:::",
    })
    void shouldRefuseBadValuesNamingTheOption(final String ipv4, final String ipv6, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ClatAddressPlan.of(ipv4, ipv6));
        assertTrue(ex.getMessage().startsWith(expected), ex.getMessage());
    }
}
