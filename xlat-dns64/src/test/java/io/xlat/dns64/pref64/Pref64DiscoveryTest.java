package io.xlat.dns64.pref64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.testing.WireBuilder;

class Pref64DiscoveryTest
{
    private final Pref64Discovery discovery = new Pref64Discovery();

    private static WireBuilder answer(final int an)
    {
        return WireBuilder.header(1, 0x8180, 1, an, 0, 0).question("ipv4only.arpa", 28, 1);
    }

    @Test
    void shouldWriteTheAaaaQueryForIpv4onlyArpa()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int length = discovery.writeQuery(77, out, 0, 64);
        final DnsMessageReader r = new DnsMessageReader();
        assertEquals(1, r.wrap(out, 0, length));
        assertEquals(28, r.questionType());
        assertEquals("ipv4only.arpa.", DnsName.toString(out, 0, length, r.questionNameOffset()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // RFC 6052 2.4 example layouts of 192.0.0.170 / .171 for each length
        "64:ff9b::/96, 64:ff9b::c000:aa, 64:ff9b::c000:ab",
        "2001:db8:64::/96, 2001:db8:64::c000:aa, 2001:db8:64::c000:ab",
        "2001:db8:122::/64, 2001:db8:122:0:c0:0:aa00:0, 2001:db8:122:0:c0:0:ab00:0",
        "2001:db8:122:300::/56, 2001:db8:122:3c0:0:aa:0:0, 2001:db8:122:3c0:0:ab:0:0",
        "2001:db8:122::/48, 2001:db8:122:c000:0:aa00::, 2001:db8:122:c000:0:ab00::",
        "2001:db8:100::/40, 2001:db8:1c0:0:aa::, 2001:db8:1c0:0:ab::",
        "2001:db8::/32, 2001:db8:c000:aa::, 2001:db8:c000:ab::",
    })
    void shouldFindThePrefixAtEveryRfc6052Length(final String prefix, final String primary, final String secondary)
    {
        final UnsafeBuffer m = answer(2).aaaa("ipv4only.arpa", 3600, WireBuilder.v6(primary))
            .aaaa("ipv4only.arpa", 1800, WireBuilder.v6(secondary)).buffer();
        assertEquals(1, discovery.discover(m, 0, m.capacity()));
        assertEquals(Ipv6Prefix.parse(prefix), discovery.prefix(0));
        assertEquals(1800, discovery.ttl());
    }

    @Test
    void shouldResolveAnAddressWithTheWkaInTwoPlacesWithTheSecondaryWka()
    {
        // 192.0.0.170 sits at /32 (bits 32..63) and at /96; the secondary address confirms only /96.
        final UnsafeBuffer m = answer(2).aaaa("ipv4only.arpa", 60, WireBuilder.v6("2001:db8:c000:aa::c000:aa"))
            .aaaa("ipv4only.arpa", 60, WireBuilder.v6("2001:db8:c000:aa::c000:ab")).buffer();
        assertEquals(1, discovery.discover(m, 0, m.capacity()));
        assertEquals(Ipv6Prefix.parse("2001:db8:c000:aa::/96"), discovery.prefix(0));
    }

    @Test
    void shouldIgnoreAnAmbiguousAddressWithoutItsSecondary()
    {
        final UnsafeBuffer m = answer(1).aaaa("ipv4only.arpa", 60, WireBuilder.v6("2001:db8:c000:aa::c000:aa"))
            .buffer();
        assertEquals(0, discovery.discover(m, 0, m.capacity()));
    }

    @Test
    void shouldCollectSeveralPrefixesAndIgnoreAddressesWithoutAWka()
    {
        final UnsafeBuffer m = answer(4).aaaa("ipv4only.arpa", 60, WireBuilder.v6("64:ff9b::c000:aa"))
            .aaaa("ipv4only.arpa", 60, WireBuilder.v6("2001:db8:64::c000:ab"))
            .aaaa("ipv4only.arpa", 60, WireBuilder.v6("2001:db8::1"))
            .aaaa("ipv4only.arpa", 60, WireBuilder.v6("64:ff9b::c000:ab")).buffer();
        assertEquals(2, discovery.discover(m, 0, m.capacity()));
        assertEquals(Ipv6Prefix.WELL_KNOWN, discovery.prefix(0));
        assertEquals(Ipv6Prefix.parse("2001:db8:64::/96"), discovery.prefix(1));
    }

    @Test
    void shouldFindNothingInANegativeOrForeignAnswer()
    {
        final UnsafeBuffer nodata = answer(0).buffer();
        assertEquals(0, discovery.discover(nodata, 0, nodata.capacity()));
        final UnsafeBuffer other = WireBuilder.header(1, 0x8180, 1, 1, 0, 0).question("example", 28, 1)
            .aaaa("example", 60, WireBuilder.v6("64:ff9b::c000:aa")).buffer();
        assertEquals(-13, discovery.discover(other, 0, other.capacity()));
        final UnsafeBuffer wrongOwner = answer(1).aaaa("example", 60, WireBuilder.v6("64:ff9b::c000:aa")).buffer();
        assertEquals(0, discovery.discover(wrongOwner, 0, wrongOwner.capacity()));
    }

    @Test
    void shouldRejectANonZeroUOctetBelowSlash96()
    {
        // /64 layout with bits 64..71 set: not an RFC 6052 address.
        final UnsafeBuffer m = answer(1).aaaa("ipv4only.arpa", 60, WireBuilder.v6("2001:db8:122:0:ffc0:0:aa00:0"))
            .buffer();
        assertEquals(0, discovery.discover(m, 0, m.capacity()));
    }
}
