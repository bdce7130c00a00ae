package io.xlat.core.addr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv4ClassificationTest
{
    /** First and last address of every range RFC 5735 section 3 lists, plus RFC 6598 100.64/10. */
    @ParameterizedTest
    @ValueSource(strings = {
        "0.0.0.0", "0.255.255.255",
        "10.0.0.0", "10.255.255.255",
        "100.64.0.0", "100.127.255.255",
        "127.0.0.0", "127.255.255.255",
        "169.254.0.0", "169.254.255.255",
        "172.16.0.0", "172.31.255.255",
        "192.0.0.0", "192.0.0.255",
        "192.0.2.0", "192.0.2.255",
        "192.88.99.0", "192.88.99.255",
        "192.168.0.0", "192.168.255.255",
        "198.18.0.0", "198.19.255.255",
        "198.51.100.0", "198.51.100.255",
        "203.0.113.0", "203.0.113.255",
        "224.0.0.0", "239.255.255.255",
        "240.0.0.0", "255.255.255.254",
        "255.255.255.255",
    })
    void shouldTreatSpecialPurposeAddressesAsNonGlobal(final String address)
    {
        assertFalse(Ipv4Classification.isGlobal(Ipv4Addresses.parse(address)), address);
    }

    /** Neighbours just outside those ranges. */
    @ParameterizedTest
    @ValueSource(strings = {
        "1.0.0.0", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
        "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "191.255.255.255",
        "192.0.1.255", "192.0.3.0", "192.88.98.255", "192.88.100.0", "192.167.255.255", "192.169.0.0",
        "198.17.255.255", "198.20.0.0", "198.51.99.255", "198.51.101.0", "203.0.112.255", "203.0.114.0",
        "223.255.255.255",
    })
    void shouldTreatOtherAddressesAsGlobal(final String address)
    {
        assertTrue(Ipv4Classification.isGlobal(Ipv4Addresses.parse(address)), address);
    }

    @Test
    void shouldClassifyTheNamedRanges()
    {
        assertTrue(Ipv4Classification.isPrivate(Ipv4Addresses.parse("172.20.1.1")));
        assertFalse(Ipv4Classification.isPrivate(Ipv4Addresses.parse("172.32.1.1")));
        assertTrue(Ipv4Classification.isLoopback(Ipv4Addresses.parse("127.0.0.1")));
        assertTrue(Ipv4Classification.isLinkLocal(Ipv4Addresses.parse("169.254.1.1")));
        assertTrue(Ipv4Classification.isMulticast(Ipv4Addresses.parse("239.1.1.1")));
        assertFalse(Ipv4Classification.isMulticast(Ipv4Addresses.parse("240.1.1.1")));
        assertTrue(Ipv4Classification.isLimitedBroadcast(Ipv4Addresses.parse("255.255.255.255")));
        assertTrue(Ipv4Classification.isDocumentation(Ipv4Addresses.parse("203.0.113.7")));
        assertFalse(Ipv4Classification.isDocumentation(Ipv4Addresses.parse("203.0.114.7")));
        assertTrue(Ipv4Classification.isSharedAddressSpace(Ipv4Addresses.parse("100.100.0.1")));
    }
}
