package io.xlat.core.addr;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv6AddressesTest
{
    /**
     * RFC 5952 section 2 (variations of one address) and section 4 (4.1 leading zeros, 4.2.1 shorten as much as
     * possible, 4.2.2 no "::" for one group, 4.2.3 longest run / first run, 4.3 lowercase).
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2001:db8:0:0:1:0:0:1,                     2001:db8::1:0:0:1",
        "2001:0db8:0:0:1:0:0:1,                    2001:db8::1:0:0:1",
        "2001:db8::1:0:0:1,                        2001:db8::1:0:0:1",
        "2001:db8::0:1:0:0:1,                      2001:db8::1:0:0:1",
        "2001:0db8::1:0:0:1,                       2001:db8::1:0:0:1",
        "2001:db8:0:0:1::1,                        2001:db8::1:0:0:1",
        "2001:db8:0000:0:1::1,                     2001:db8::1:0:0:1",
        "2001:DB8:0:0:1::1,                        2001:db8::1:0:0:1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001,   2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:001,    2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:01,     2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1,      2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "2001:db8:aaaa:bbbb:cccc:dddd::1,          2001:db8:aaaa:bbbb:cccc:dddd:0:1",
        "2001:db8:aaaa:bbbb:cccc:dddd:0:1,         2001:db8:aaaa:bbbb:cccc:dddd:0:1",
        "2001:db8:0:0:0::1,                        2001:db8::1",
        "2001:db8:0:0::1,                          2001:db8::1",
        "2001:db8:0::1,                            2001:db8::1",
        "2001:db8::1,                              2001:db8::1",
        "2001:db8::aaaa:0:0:1,                     2001:db8::aaaa:0:0:1",
        "2001:db8:0:0:aaaa::1,                     2001:db8::aaaa:0:0:1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa,   2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA,   2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa,   2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
        "2001:db8:0:0:0:0:2:1,                     2001:db8::2:1",
        "2001:db8:0:1:1:1:1:1,                     2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1,                       2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1,                     2001:db8::1:0:0:1",
        "0:0:0:0:0:0:0:0,                          ::",
        "0:0:0:0:0:0:0:1,                          ::1",
        "1:0:0:0:0:0:0:0,                          1::",
        "0:1:0:0:0:0:0:0,                          0:1::",
        "1:0:1:0:1:0:1:0,                          1:0:1:0:1:0:1:0",
        "::ffff:192.0.2.1,                         ::ffff:c000:201",
        "64:ff9b::192.0.2.33,                      64:ff9b::c000:221",
        "1:2:3:4:5:6:1.2.3.4,                      1:2:3:4:5:6:102:304",
        "::1.2.3.4,                                ::102:304",
    })
    void shouldFormatInRfc5952CanonicalForm(final String input, final String canonical) throws Exception
    {
        final long[] address = Ipv6Addresses.parse(input);
        assertEquals(canonical, Ipv6Addresses.format(address[0], address[1]));

        final UnsafeBuffer reference = new UnsafeBuffer(javaNetBytes(input));
        assertEquals(reference.getLong(0, ByteOrder.BIG_ENDIAN), address[0], "high half as java.net parses it");
        assertEquals(reference.getLong(8, ByteOrder.BIG_ENDIAN), address[1], "low half as java.net parses it");
        assertEquals(address[0], Ipv6Addresses.high(reference, 0));
        assertEquals(address[1], Ipv6Addresses.low(reference, 0));
    }

    @ParameterizedTest(name = "\"{0}\" is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "fe80::1%eth0               | zone",
        "2001:db8::/64              | prefix length",
        "''                         | empty",
        ":::                        | ':::'",
        "1::2::3                    | more than once",
        "1:2:3:4:5:6:7:8:9          | more than 8 groups",
        "1:2:3:4:5:6:7              | 7 groups",
        "1:2:3:4:5:6:7:8::          | at least one group",
        "::1:2:3:4:5:6:7:8          | at least one group",
        "12345::                    | more than 4 hex digits",
        "g::                        | unexpected 'g'",
        "1:                         | single ':'",
        ":1::                       | leading ':'",
        "1:2:3:4:5:6:7:1.2.3.4      | more than 8 groups",
        "::1.2.3                    | dotted IPv4 tail",
        "::1.2.3.256                | dotted IPv4 tail",
        "::1.2.3.4:5                | dotted IPv4 tail",
        "1 ::                       | unexpected ' '",
    })
    void shouldRefuseMalformedTextNamingIt(final String text, final String reason)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> Ipv6Addresses.parse(text));
        assertTrue(ex.getMessage().contains("\"" + text + "\""), ex.getMessage());
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "\u0661::", "::\uff11" })
    void shouldRefuseNonAsciiDigits(final String text)
    {
        assertThrows(IllegalArgumentException.class, () -> Ipv6Addresses.parse(text));
    }

    @Test
    void shouldWriteBothHalvesBigEndian()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        Ipv6Addresses.write(buffer, 0, 0x2001_0db8_0000_0000L, 0x0000_0000_0000_0001L);
        assertEquals(0x20, buffer.getByte(0));
        assertEquals(0x01, buffer.getByte(1));
        assertEquals(0x0d, buffer.getByte(2));
        assertEquals(0x01, buffer.getByte(15));
        assertEquals("2001:db8::1", Ipv6Addresses.format(buffer, 0));
    }

    /** java.net hands IPv4-mapped addresses back as 4-byte Inet4Address; widen them to ::ffff:a.b.c.d. */
    static byte[] javaNetBytes(final String text) throws Exception
    {
        final byte[] raw = InetAddress.getByName(text).getAddress();
        if (raw.length == 16)
        {
            return raw;
        }
        final byte[] mapped = new byte[16];
        mapped[10] = (byte)0xFF;
        mapped[11] = (byte)0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }
}
