package io.xlat.examples.clat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xlat.core.addr.Ipv6Prefix;
import org.junit.jupiter.api.Test;

class PlatPrefixSelectorTest
{
    private static final Ipv6Prefix A = Ipv6Prefix.parse("2001:db8:64::/96");
    private static final Ipv6Prefix B = Ipv6Prefix.parse("2001:db8:65::/96");
    private static final Ipv6Prefix DNS = Ipv6Prefix.parse("64:ff9b::/96");

    private static List<PlatPrefixSelector.Pref64> ra(final Object... prefixAndLifetime)
    {
        final PlatPrefixSelector.Pref64[] options = new PlatPrefixSelector.Pref64[prefixAndLifetime.length / 2];
        for (int i = 0; i < options.length; i++)
        {
            options[i] = new PlatPrefixSelector.Pref64((Ipv6Prefix)prefixAndLifetime[2 * i],
                (Integer)prefixAndLifetime[2 * i + 1]);
        }
        return List.of(options);
    }

    @Test
    void shouldStartWithoutAPrefixWhenNothingWasLearnedYet()
    {
        final PlatPrefixSelector selector = new PlatPrefixSelector(null);

        assertNull(selector.active());
        assertEquals(PlatPrefixSelector.Source.NONE, selector.source());
    }

    @Test
    void shouldUseTheStaticPrefixWhateverTheNetworkSays()
    {
        final PlatPrefixSelector selector = new PlatPrefixSelector(A);

        assertFalse(selector.onRouterAdvertisement(ra(B, 600), 0));
        assertFalse(selector.onDnsAnswer(DNS, 0));
        assertEquals(A, selector.active());
        assertEquals(PlatPrefixSelector.Source.STATIC, selector.source());
    }

    @Test
    void shouldPreferTheRaPrefixOverTheRfc7050AnswerAndFallBackWhenItIsWithdrawn()
    {
        final PlatPrefixSelector selector = new PlatPrefixSelector(null);
        assertTrue(selector.onDnsAnswer(DNS, 0));
        assertEquals(DNS, selector.active());

        assertTrue(selector.onRouterAdvertisement(ra(A, 600), 1000));
        assertEquals(A, selector.active());
        assertEquals(PlatPrefixSelector.Source.RA, selector.source());

        // RFC 8781 5: only prefixes with a nonzero lifetime are used; lifetime 0 withdraws at once
        assertTrue(selector.onRouterAdvertisement(ra(A, 0), 2000));
        assertEquals(DNS, selector.active());
        assertEquals(PlatPrefixSelector.Source.DNS, selector.source());
    }

    @Test
    void shouldStopTranslatingWhenTheOnlyPrefixIsWithdrawn()
    {
        final PlatPrefixSelector selector = new PlatPrefixSelector(null);
        selector.onRouterAdvertisement(ra(A, 600), 0);

        assertTrue(selector.onRouterAdvertisement(ra(A, 0), 1));

        assertNull(selector.active());
        assertEquals(PlatPrefixSelector.Source.NONE, selector.source());
    }

    @Test
    void shouldDropAnRaPrefixWhenItsLifetimeEnds()
    {
        final PlatPrefixSelector selector = new PlatPrefixSelector(null);
        selector.onRouterAdvertisement(ra(A, 16), 10_000);
        assertEquals(26_000, selector.nextExpiryMillis());

        assertFalse(selector.expire(25_999));
        assertTrue(selector.expire(26_000));
        assertNull(selector.active());
        assertEquals(Long.MAX_VALUE, selector.nextExpiryMillis());
    }

    @Test
    void shouldExtendTheLifetimeWithEveryRa()
    {
        final PlatPrefixSelector selector = new PlatPrefixSelector(null);
        selector.onRouterAdvertisement(ra(A, 16), 0);
        selector.onRouterAdvertisement(ra(A, 16), 10_000);

        assertFalse(selector.expire(20_000));
        assertEquals(A, selector.active());
    }

    @Test
    void shouldFollowARouterThatRenumbersAtItsNextRa()
    {
        final PlatPrefixSelector selector = new PlatPrefixSelector(null);
        selector.onRouterAdvertisement(ra(A, 600), 0);

        assertTrue(selector.onRouterAdvertisement(ra(B, 600), 1000));

        assertEquals(B, selector.active());
        assertEquals(List.of(A, B), selector.raPrefixes(), "A stays valid until its lifetime ends");
    }

    @Test
    void shouldKeepTheCurrentPrefixWhileTheRaStillNamesItAmongSeveral()
    {
        final PlatPrefixSelector selector = new PlatPrefixSelector(null);
        selector.onRouterAdvertisement(ra(A, 600), 0);

        // RFC 7050 3 / RFC 8781 5: one prefix used consistently; a second one in the RA does not move the CLAT
        assertFalse(selector.onRouterAdvertisement(ra(B, 600, A, 600), 1000));
        assertEquals(A, selector.active());
    }

    @Test
    void shouldKeepTheLastRfc7050PrefixUntilAnotherAnswerChangesIt()
    {
        final PlatPrefixSelector selector = new PlatPrefixSelector(null);
        selector.onDnsAnswer(DNS, 0);

        assertFalse(selector.expire(1_000_000_000L));
        assertEquals(DNS, selector.active());
        assertTrue(selector.onDnsAnswer(A, 1_000_000_001L));
        assertEquals(A, selector.active());
    }
}
