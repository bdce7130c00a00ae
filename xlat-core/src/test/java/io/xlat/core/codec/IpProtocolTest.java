package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpProtocolTest
{
    @ParameterizedTest
    @CsvSource({"0,HOPOPT", "1,ICMP", "6,TCP", "17,UDP", "43,IPv6-Route", "44,IPv6-Frag", "50,ESP", "51,AH",
        "58,IPv6-ICMP", "59,IPv6-NoNxt", "60,IPv6-Opts", "200,200"})
    void shouldRenderIanaKeywords(final int protocol, final String name)
    {
        assertEquals(name, IpProtocol.name(protocol));
    }

    @Test
    void shouldKnowWhichNumbersAreWalkedExtensionHeaders()
    {
        assertTrue(IpProtocol.isIpv6ExtensionHeader(0));
        assertTrue(IpProtocol.isIpv6ExtensionHeader(43));
        assertTrue(IpProtocol.isIpv6ExtensionHeader(44));
        assertTrue(IpProtocol.isIpv6ExtensionHeader(51));
        assertTrue(IpProtocol.isIpv6ExtensionHeader(60));
        assertFalse(IpProtocol.isIpv6ExtensionHeader(50));
        assertFalse(IpProtocol.isIpv6ExtensionHeader(59));
        assertFalse(IpProtocol.isIpv6ExtensionHeader(17));
    }
}
