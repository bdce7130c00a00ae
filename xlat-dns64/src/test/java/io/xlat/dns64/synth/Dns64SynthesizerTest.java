package io.xlat.dns64.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.dns64.codec.DnsError;
import io.xlat.dns64.codec.DnsHeader;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.codec.DnsRecordType;
import io.xlat.dns64.testing.WireBuilder;

class Dns64SynthesizerTest
{
    private static final String NSP = "2001:db8:64::/96";
    private static final int RD = 0x0100;
    private static final int RESPONSE = 0x8180;

    private final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
    private Dns64Synthesizer synth = new Dns64Synthesizer(Dns64Config.builder().prefix(NSP).build());

    private static UnsafeBuffer query(final String name, final int type)
    {
        return WireBuilder.header(0x1234, RD, 1, 0, 0, 0).question(name, type, 1).buffer();
    }

    private static UnsafeBuffer queryWithOpt(final String name, final int type, final int flags, final boolean dnssecOk)
    {
        return WireBuilder.header(0x1234, flags, 1, 0, 0, 1).question(name, type, 1).opt(4096, 0, dnssecOk)
            .buffer();
    }

    private static WireBuilder response(final String name, final int type, final int rcode, final int an,
        final int ns, final int ar)
    {
        return WireBuilder.header(0x9999, RESPONSE | rcode, 1, an, ns, ar).question(name, type, 1);
    }

    private int after(final UnsafeBuffer q, final UnsafeBuffer aaaa)
    {
        return synth.afterAaaa(q, 0, q.capacity(), aaaa, 0, null == aaaa ? 0 : aaaa.capacity());
    }

    private int synthesize(final UnsafeBuffer q, final UnsafeBuffer aaaa, final UnsafeBuffer a)
    {
        return synth.synthesize(q, 0, q.capacity(), aaaa, 0, null == aaaa ? 0 : aaaa.capacity(), a, 0,
            null == a ? 0 : a.capacity(), out, 0, out.capacity());
    }

    /** Renders the answer section as "owner TYPE ttl data" lines, independently of the code under test. */
    private static List<String> answers(final UnsafeBuffer message, final int length)
    {
        final DnsMessageReader r = new DnsMessageReader();
        assertTrue(r.wrap(message, 0, length) >= 0);
        final List<String> lines = new ArrayList<>();
        while (r.next())
        {
            if (r.section() != DnsMessageReader.ANSWER)
            {
                continue;
            }
            final String owner = DnsName.toString(message, 0, length, r.nameOffset());
            final String data;
            if (r.type() == DnsRecordType.AAAA || r.type() == DnsRecordType.A)
            {
                final byte[] bytes = new byte[r.rdataLength()];
                message.getBytes(r.rdataOffset(), bytes);
                data = address(bytes);
            }
            else if (r.type() == DnsRecordType.CNAME || r.type() == DnsRecordType.PTR)
            {
                data = DnsName.toString(message, 0, length, r.rdataNameOffset());
            }
            else
            {
                data = "?";
            }
            lines.add(owner + " " + DnsRecordType.name(r.type()) + " " + r.ttl() + " " + data);
        }
        return lines;
    }

    private static String address(final byte[] bytes)
    {
        try
        {
            return InetAddress.getByAddress(bytes).getHostAddress();
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static String v6(final String text)
    {
        return address(WireBuilder.v6(text));
    }

    private static int flags(final UnsafeBuffer m)
    {
        return DnsHeader.flags(m, 0);
    }

    @Test
    void section5dot1dot1RealAaaaDataIsRelayedWithoutSynthesis()
    {
        final UnsafeBuffer q = query("h.example", 28);
        assertEquals(Dns64Synthesizer.RESOLVE_AAAA, synth.decide(q, 0, q.capacity()));
        final UnsafeBuffer aaaa = response("h.example", 28, 0, 1, 0, 0)
            .aaaa("h.example", 300, WireBuilder.v6("2001:db8::1")).buffer();
        assertEquals(Dns64Synthesizer.RELAY, after(q, aaaa));
    }

    @Test
    void section5dot1dot2NxdomainIsRelayedAndNeverSynthesized()
    {
        final UnsafeBuffer q = query("nx.example", 28);
        final UnsafeBuffer aaaa = response("nx.example", 28, 3, 0, 1, 0).soa("example", 3600, 300).buffer();
        assertEquals(Dns64Synthesizer.RELAY, after(q, aaaa));
    }

    @Test
    void section5dot1dot2OtherErrorsCountAsAnEmptyAnswer()
    {
        final UnsafeBuffer q = query("v4.example", 28);
        for (final int rcode : new int[] {DnsHeader.RCODE_SERVFAIL, DnsHeader.RCODE_REFUSED, DnsHeader.RCODE_NOTIMP})
        {
            final UnsafeBuffer aaaa = response("v4.example", 28, rcode, 0, 0, 0).buffer();
            assertEquals(Dns64Synthesizer.NEED_A, after(q, aaaa), "rcode=" + rcode);
            final UnsafeBuffer a = response("v4.example", 1, 0, 1, 0, 0).a("v4.example", 3000, 192, 0, 2, 1).buffer();
            final int length = synthesize(q, aaaa, a);
            assertEquals(List.of("v4.example. AAAA 600 " + v6("2001:db8:64::c000:201")), answers(out, length));
            assertEquals(0, flags(out) & DnsHeader.RCODE_MASK);
        }
    }

    @Test
    void section5dot1dot3ATimeoutIsAServerFailureAndSoAnEmptyAnswer()
    {
        final UnsafeBuffer q = query("v4.example", 28);
        assertEquals(Dns64Synthesizer.NEED_A, after(q, null));
        final UnsafeBuffer a = response("v4.example", 1, 0, 1, 0, 0).a("v4.example", 30, 192, 0, 2, 7).buffer();
        final int length = synthesize(q, null, a);
        assertEquals(List.of("v4.example. AAAA 30 " + v6("2001:db8:64::c000:207")), answers(out, length));
    }

    @Test
    void section5dot1dot4MappedAaaaRecordsAloneCountAsEmpty()
    {
        final UnsafeBuffer q = query("m.example", 28);
        final UnsafeBuffer aaaa = response("m.example", 28, 0, 1, 0, 0)
            .aaaa("m.example", 300, WireBuilder.v6("::ffff:192.0.2.9")).buffer();
        assertEquals(Dns64Synthesizer.NEED_A, after(q, aaaa));
        final UnsafeBuffer a = response("m.example", 1, 0, 1, 0, 0).a("m.example", 100, 192, 0, 2, 9).buffer();
        final int length = synthesize(q, aaaa, a);
        assertEquals(List.of("m.example. AAAA 100 " + v6("2001:db8:64::c000:209")), answers(out, length));
    }

    @Test
    void section5dot1dot4ExcludedRecordsAreDroppedFromAnAnswerThatAlsoHasRealOnes()
    {
        synth = new Dns64Synthesizer(Dns64Config.builder().prefix(NSP)
            .exclude(AddressMatchList.parse("::ffff:0:0/96; 2001:db8:bad::/48")).build());
        final UnsafeBuffer q = query("mix.example", 28);
        final UnsafeBuffer aaaa = response("mix.example", 28, 0, 3, 0, 0)
            .aaaa("mix.example", 300, WireBuilder.v6("::ffff:192.0.2.9"))
            .aaaa("mix.example", 300, WireBuilder.v6("2001:db8::5"))
            .aaaa("mix.example", 300, WireBuilder.v6("2001:db8:bad::1")).buffer();
        assertEquals(Dns64Synthesizer.FILTER, after(q, aaaa));
        final int length = synthesize(q, aaaa, null);
        assertEquals(List.of("mix.example. AAAA 300 " + v6("2001:db8::5")), answers(out, length));
    }

    @Test
    void section5dot1dot5CnameChainsToAnAOnlyNameAreKept()
    {
        final UnsafeBuffer q = query("www.example", 28);
        final UnsafeBuffer aaaa = response("www.example", 28, 0, 2, 1, 0)
            .cname("www.example", 500, "web.example").cname("web.example", 500, "host.example")
            .soa("example", 3600, 120).buffer();
        assertEquals(Dns64Synthesizer.NEED_A, after(q, aaaa));
        final UnsafeBuffer a = response("www.example", 1, 0, 4, 0, 0)
            .cname("www.example", 500, "web.example").cname("web.example", 500, "host.example")
            .a("host.example", 1000, 192, 0, 2, 1).a("host.example", 1000, 192, 0, 2, 2).buffer();
        final int length = synthesize(q, aaaa, a);
        assertEquals(List.of(
            "www.example. CNAME 500 web.example.",
            "web.example. CNAME 500 host.example.",
            "host.example. AAAA 120 " + v6("2001:db8:64::c000:201"),
            "host.example. AAAA 120 " + v6("2001:db8:64::c000:202")), answers(out, length));
    }

    @Test
    void section5dot1dot6AnErrorOrEmptyAAnswerIsTheBasisOfTheResponse()
    {
        final UnsafeBuffer q = query("gone.example", 28);
        final UnsafeBuffer aaaa = response("gone.example", 28, 0, 0, 1, 0).soa("example", 3600, 300).buffer();
        final UnsafeBuffer nx = response("gone.example", 1, 3, 0, 1, 0).soa("example", 3600, 300).buffer();
        final int length = synthesize(q, aaaa, nx);
        assertEquals(List.of(), answers(out, length));
        assertEquals(DnsHeader.RCODE_NXDOMAIN, flags(out) & DnsHeader.RCODE_MASK);
        final UnsafeBuffer empty = response("gone.example", 1, 0, 0, 1, 0).soa("example", 3600, 300).buffer();
        final int length2 = synthesize(q, aaaa, empty);
        assertEquals(List.of(), answers(out, length2));
        assertEquals(DnsHeader.RCODE_NOERROR, flags(out) & DnsHeader.RCODE_MASK);
        final DnsMessageReader r = new DnsMessageReader();
        r.wrap(out, 0, length2);
        assertEquals(1, r.count(DnsMessageReader.AUTHORITY), "5.4: authority copied from the final response");
    }

    @Test
    void section5dot1dot7TtlIsTheMinimumOfTheATtlAndTheSoaOfTheNegativeAnswer()
    {
        final UnsafeBuffer q = query("t.example", 28);
        final int[][] cases = {
            // A TTL, SOA TTL, SOA MINIMUM, expected
            {1000, 3600, 300, 300},
            {100, 3600, 300, 100},
            {1000, 50, 300, 50},
        };
        for (final int[] c : cases)
        {
            final UnsafeBuffer aaaa = response("t.example", 28, 0, 0, 1, 0).soa("example", c[1], c[2]).buffer();
            final UnsafeBuffer a = response("t.example", 1, 0, 1, 0, 0).a("t.example", c[0], 192, 0, 2, 3).buffer();
            final int length = synthesize(q, aaaa, a);
            assertEquals(List.of("t.example. AAAA " + c[3] + " " + v6("2001:db8:64::c000:203")),
                answers(out, length));
        }
    }

    @Test
    void section5dot1dot7WithoutAnSoaTheTtlIsCappedAt600Seconds()
    {
        final UnsafeBuffer q = query("t.example", 28);
        final UnsafeBuffer aaaa = response("t.example", 28, 0, 0, 0, 0).buffer();
        final UnsafeBuffer a = response("t.example", 1, 0, 2, 0, 0).a("t.example", 86400, 192, 0, 2, 3)
            .a("t.example", 20, 192, 0, 2, 4).buffer();
        final int length = synthesize(q, aaaa, a);
        assertEquals(List.of(
            "t.example. AAAA 600 " + v6("2001:db8:64::c000:203"),
            "t.example. AAAA 20 " + v6("2001:db8:64::c000:204")), answers(out, length));
    }

    @Test
    void section5dot2SeveralPrefixesGiveOneRecordPerPrefixPerARecord()
    {
        synth = new Dns64Synthesizer(Dns64Config.builder().prefix(NSP).prefix("2001:db8:aaaa::/48")
            .prefix("2001:db8:100::/40").build());
        final UnsafeBuffer q = query("p.example", 28);
        final UnsafeBuffer aaaa = response("p.example", 28, 0, 0, 0, 0).buffer();
        final UnsafeBuffer a = response("p.example", 1, 0, 1, 0, 0).a("p.example", 60, 198, 51, 100, 7).buffer();
        final int length = synthesize(q, aaaa, a);
        // RFC 6052 2.2 layouts: /48 puts 198.51 in bits 48..63, u-octet, then 100.7; /40 puts 198.51.100 before u.
        assertEquals(List.of(
            "p.example. AAAA 60 " + v6("2001:db8:64::c633:6407"),
            "p.example. AAAA 60 " + v6("2001:db8:aaaa:c633:64:700::"),
            "p.example. AAAA 60 " + v6("2001:db8:1c6:3364:7::")), answers(out, length));
    }

    @Test
    void mappedSetChoosesWhichIpv4AddressesAreSynthesized()
    {
        synth = new Dns64Synthesizer(Dns64Config.builder().prefix(NSP)
            .mapped(AddressMatchList.parse("!192.0.2.2; any")).build());
        final UnsafeBuffer q = query("m.example", 28);
        final UnsafeBuffer a = response("m.example", 1, 0, 2, 0, 0).a("m.example", 60, 192, 0, 2, 1)
            .a("m.example", 60, 192, 0, 2, 2).buffer();
        final int length = synthesize(q, null, a);
        assertEquals(List.of("m.example. AAAA 60 " + v6("2001:db8:64::c000:201")), answers(out, length));
    }

    @Test
    void theWellKnownPrefixSynthesizesNonGlobalIpv4ByDefaultAsBind9AndUnboundDo()
    {
        final UnsafeBuffer q = query("d.example", 28);
        final UnsafeBuffer a = response("d.example", 1, 0, 1, 0, 0).a("d.example", 60, 192, 0, 2, 1).buffer();
        synth = new Dns64Synthesizer(Dns64Config.builder().build());
        assertEquals(List.of("d.example. AAAA 60 " + v6("64:ff9b::c000:201")), answers(out, synthesize(q, null, a)));
    }

    @Test
    void ipv4onlyArpaIsSynthesizedUnderTheWellKnownPrefixByDefaultForRfc7050()
    {
        final UnsafeBuffer q = query("ipv4only.arpa", 28);
        final UnsafeBuffer a = response("ipv4only.arpa", 1, 0, 2, 0, 0).a("ipv4only.arpa", 3600, 192, 0, 0, 170)
            .a("ipv4only.arpa", 3600, 192, 0, 0, 171).buffer();
        synth = new Dns64Synthesizer(Dns64Config.builder().build());
        assertEquals(List.of("ipv4only.arpa. AAAA 600 " + v6("64:ff9b::c000:aa"),
            "ipv4only.arpa. AAAA 600 " + v6("64:ff9b::c000:ab")), answers(out, synthesize(q, null, a)));
    }

    @Test
    void wkpGlobalOnlyOptsIntoTheRfc6052Section3dot1RuleForTheWellKnownPrefixOnly()
    {
        final UnsafeBuffer q = query("d.example", 28);
        final UnsafeBuffer a = response("d.example", 1, 0, 2, 0, 0).a("d.example", 60, 192, 0, 2, 1)
            .a("d.example", 60, 8, 8, 8, 8).buffer();
        synth = new Dns64Synthesizer(Dns64Config.builder().wkpGlobalOnly(true).build());
        assertEquals(List.of("d.example. AAAA 60 " + v6("64:ff9b::808:808")), answers(out, synthesize(q, null, a)));
        synth = new Dns64Synthesizer(Dns64Config.builder().prefix(NSP).wkpGlobalOnly(true).build());
        assertEquals(List.of("d.example. AAAA 60 " + v6("2001:db8:64::c000:201"),
            "d.example. AAAA 60 " + v6("2001:db8:64::808:808")), answers(out, synthesize(q, null, a)));
    }

    @Test
    void clientsListDecidesWhoGetsDns64()
    {
        synth = new Dns64Synthesizer(Dns64Config.builder().prefix(NSP)
            .clients(AddressMatchList.parse("2001:db8:1::/48; 198.51.100.0/24")).build());
        assertTrue(synth.servesClient(0x2001_0db8_0001_0000L, 5L));
        assertFalse(synth.servesClient(0x2001_0db8_0002_0000L, 5L));
        assertTrue(synth.servesClient(0xC6336401));
        assertFalse(synth.servesClient(0xC0000201));
    }

    @Test
    void section5dot1OtherClassesAndOtherTypesAreForwarded()
    {
        final UnsafeBuffer chaos = WireBuilder.header(1, RD, 1, 0, 0, 0).question("h.example", 28, 3).buffer();
        assertEquals(Dns64Synthesizer.FORWARD, synth.decide(chaos, 0, chaos.capacity()));
        final UnsafeBuffer mx = query("h.example", 15);
        assertEquals(Dns64Synthesizer.FORWARD, synth.decide(mx, 0, mx.capacity()));
        final UnsafeBuffer a = query("h.example", 1);
        assertEquals(Dns64Synthesizer.FORWARD, synth.decide(a, 0, a.capacity()), "5.3.3: A queries unchanged");
    }

    @Test
    void section5dot5DoAndCdTogetherMeanNoSynthesis()
    {
        final UnsafeBuffer q = queryWithOpt("s.example", 28, RD | DnsHeader.CD_FLAG, true);
        assertEquals(Dns64Synthesizer.FORWARD, synth.decide(q, 0, q.capacity()));
        final UnsafeBuffer cdOnly = queryWithOpt("s.example", 28, RD | DnsHeader.CD_FLAG, false);
        assertEquals(Dns64Synthesizer.RESOLVE_AAAA, synth.decide(cdOnly, 0, cdOnly.capacity()));
    }

    @Test
    void section5dot5DoWithoutCdSynthesizesWithoutClaimingAuthenticData()
    {
        final UnsafeBuffer q = queryWithOpt("s.example", 28, RD, true);
        assertEquals(Dns64Synthesizer.RESOLVE_AAAA, synth.decide(q, 0, q.capacity()));
        final UnsafeBuffer aaaa = WireBuilder.header(1, RESPONSE | DnsHeader.AD_FLAG, 1, 0, 1, 1)
            .question("s.example", 28, 1).soa("example", 3600, 300).opt(1232, 0, true).buffer();
        final UnsafeBuffer a = WireBuilder.header(2, RESPONSE | DnsHeader.AD_FLAG, 1, 2, 0, 1)
            .question("s.example", 1, 1).a("s.example", 60, 192, 0, 2, 1)
            .rr("s.example", DnsRecordType.RRSIG, 60, new byte[] {0, 1, 8, 2, 0, 0, 0, 60}).opt(1232, 0, true)
            .buffer();
        final int length = synthesize(q, aaaa, a);
        assertEquals(0, flags(out) & DnsHeader.AD_FLAG);
        assertEquals(List.of("s.example. AAAA 60 " + v6("2001:db8:64::c000:201")), answers(out, length),
            "the RRSIG over the A RRset goes with the A records");
        final DnsMessageReader r = new DnsMessageReader();
        r.wrap(out, 0, length);
        assertTrue(r.hasOpt());
        assertTrue(r.dnssecOk(), "RFC 3225: DO copied into the response");
    }

    @Test
    void section5dot5WithoutDoDnssecRecordsAreRemoved()
    {
        final UnsafeBuffer q = query("s.example", 28);
        final UnsafeBuffer aaaa = response("s.example", 28, 0, 0, 2, 0).soa("example", 3600, 300)
            .rr("example", DnsRecordType.RRSIG, 60, new byte[] {0, 6, 8, 1}).buffer();
        final UnsafeBuffer a = response("s.example", 1, 0, 0, 2, 0).soa("example", 3600, 300)
            .rr("example", DnsRecordType.NSEC, 60, new byte[] {0}).buffer();
        final int length = synthesize(q, aaaa, a);
        final DnsMessageReader r = new DnsMessageReader();
        r.wrap(out, 0, length);
        assertEquals(1, r.count(DnsMessageReader.AUTHORITY));
        assertFalse(r.hasOpt(), "no OPT in the response to a query without one");
    }

    @Test
    void section5dot3dot1PtrUnderAPrefixIsAnsweredWithACnameToInAddrArpa()
    {
        // 2001:db8:64::c000:201 -> 192.0.2.1
        final StringBuilder name = new StringBuilder();
        final String nibbles = "20010db80064000000000000c0000201";
        assertEquals(32, nibbles.length());
        for (int i = nibbles.length() - 1; i >= 0; i--)
        {
            name.append(nibbles.charAt(i)).append('.');
        }
        name.append("IP6.arpa");
        final UnsafeBuffer q = query(name.toString(), DnsRecordType.PTR);
        assertEquals(Dns64Synthesizer.RESOLVE_PTR, synth.decide(q, 0, q.capacity()));
        final int targetLength = synth.ptrTarget(q, 0, q.capacity(), out, 0);
        assertEquals("1.2.0.192.in-addr.arpa.", DnsName.toString(out, 0, targetLength, 0));

        final int upstreamLength = synth.writePtrQuery(q, 0, q.capacity(), 0x4242, out, 0, out.capacity());
        final DnsMessageReader r = new DnsMessageReader();
        assertEquals(2, r.wrap(out, 0, upstreamLength), "the question and our OPT (RFC 6891: always advertised)");
        assertEquals(1232, r.optUdpPayloadSize());
        assertEquals(DnsRecordType.PTR, r.questionType());
        assertEquals("1.2.0.192.in-addr.arpa.", DnsName.toString(out, 0, upstreamLength, r.questionNameOffset()));

        final UnsafeBuffer ptr = response("1.2.0.192.in-addr.arpa", DnsRecordType.PTR, 0, 1, 0, 0)
            .rr("1.2.0.192.in-addr.arpa", DnsRecordType.PTR, 700, WireBuilder.encode("v4host.example")).buffer();
        final int length = synth.synthesizePtr(q, 0, q.capacity(), ptr, 0, ptr.capacity(), out, 0, out.capacity());
        assertEquals(List.of(
            name + ". CNAME 700 1.2.0.192.in-addr.arpa.",
            "1.2.0.192.in-addr.arpa. PTR 700 v4host.example."), answers(out, length));
    }

    @Test
    void section5dot3dot1PtrOutsideEveryPrefixIsForwarded()
    {
        final StringBuilder name = new StringBuilder();
        for (int i = 0; i < 31; i++)
        {
            name.append("0.");
        }
        name.append("2.ip6.arpa");
        final UnsafeBuffer q = query(name.toString(), DnsRecordType.PTR);
        assertEquals(Dns64Synthesizer.FORWARD, synth.decide(q, 0, q.capacity()));
        assertEquals(DnsError.NOT_APPLICABLE, synth.ptrTarget(q, 0, q.capacity(), out, 0));
        final UnsafeBuffer v4 = query("1.2.0.192.in-addr.arpa", DnsRecordType.PTR);
        assertEquals(Dns64Synthesizer.FORWARD, synth.decide(v4, 0, v4.capacity()));
    }

    @Test
    void section5dot3dot2TheAdditionalSectionIsPassedUnchanged()
    {
        final UnsafeBuffer q = query("g.example", 28);
        final UnsafeBuffer a = response("g.example", 1, 0, 1, 0, 1).a("g.example", 60, 192, 0, 2, 1)
            .a("ns.example", 60, 192, 0, 2, 53).buffer();
        final int length = synthesize(q, null, a);
        final DnsMessageReader r = new DnsMessageReader();
        r.wrap(out, 0, length);
        while (r.next())
        {
            if (r.section() == DnsMessageReader.ADDITIONAL)
            {
                assertEquals(DnsRecordType.A, r.type());
                assertEquals(0xC0000235, r.a());
            }
        }
        assertEquals(1, r.count(DnsMessageReader.ADDITIONAL));
    }

    @Test
    void section5dot4TheResponseCarriesTheClientsIdQuestionAndFlags()
    {
        final UnsafeBuffer q = WireBuilder.header(0x7777, RD, 1, 0, 0, 0).question("MiXeD.Example", 28, 1).buffer();
        final UnsafeBuffer a = response("mixed.example", 1, 0, 1, 0, 0).a("mixed.example", 60, 192, 0, 2, 1)
            .buffer();
        final int length = synthesize(q, null, a);
        assertEquals(0x7777, DnsHeader.id(out, 0));
        final int f = flags(out);
        assertTrue((f & DnsHeader.QR_FLAG) != 0 && (f & DnsHeader.RD_FLAG) != 0 && (f & DnsHeader.RA_FLAG) != 0);
        assertEquals(0, f & (DnsHeader.AA_FLAG | DnsHeader.TC_FLAG));
        assertEquals("MiXeD.Example.", DnsName.toString(out, 0, length, 12), "question copied with its case");
    }

    @Test
    void aResponseThatDoesNotFitIsCutWithTcSet()
    {
        final UnsafeBuffer q = query("big.example", 28);
        final WireBuilder b = response("big.example", 1, 0, 20, 0, 0);
        for (int i = 1; i <= 20; i++)
        {
            b.a("big.example", 60, 192, 0, 2, i);
        }
        final UnsafeBuffer a = b.buffer();
        final int length = synth.synthesize(q, 0, q.capacity(), null, 0, 0, a, 0, a.capacity(), out, 0, 512);
        assertTrue(length > 0 && length <= 512);
        assertTrue((flags(out) & DnsHeader.TC_FLAG) != 0);
        assertEquals(List.of(), answers(out, length));
    }

    @Test
    void malformedQueriesAndMismatchedResponsesGiveCodesNotExceptions()
    {
        final UnsafeBuffer loop = WireBuilder.header(5, RD, 1, 0, 0, 0).raw(0xC0, 12).u16(28).u16(1).buffer();
        assertEquals(DnsError.BAD_POINTER, synth.decide(loop, 0, loop.capacity()));
        final int length = synth.writeErrorResponse(loop, 0, loop.capacity(), DnsHeader.RCODE_FORMERR, out, 0, 512);
        assertEquals(12, length);
        assertEquals(5, DnsHeader.id(out, 0));
        assertEquals(DnsHeader.RCODE_FORMERR, flags(out) & DnsHeader.RCODE_MASK);
        assertEquals(DnsError.TRUNCATED_HEADER, synth.writeErrorResponse(loop, 0, 5, 1, out, 0, 512));

        final UnsafeBuffer q = query("h.example", 28);
        final UnsafeBuffer other = response("other.example", 28, 0, 0, 0, 0).buffer();
        assertEquals(DnsError.QUESTION_MISMATCH, after(q, other));
        final UnsafeBuffer truncated = WireBuilder.header(1, RESPONSE | DnsHeader.TC_FLAG, 1, 0, 0, 0)
            .question("h.example", 28, 1).buffer();
        assertEquals(DnsError.UPSTREAM_TRUNCATED, after(q, truncated));
        assertEquals(DnsError.WRONG_DIRECTION, after(q, q));
    }
}
