package io.xlat.routing.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class FlapDampingTest
{
    /** Reference decay written independently: p * e^(-ln2 * t / h). */
    private static double decay(final double p, final double seconds)
    {
        return p * Math.exp(-Math.log(2) * seconds / 900.0);
    }

    @Test
    void shouldUseTheDefaultsOfTheIssue()
    {
        final DampingParameters d = DampingParameters.DEFAULTS;
        assertEquals(1000, d.penaltyPerWithdrawal());
        assertEquals(900, d.halfLifeSeconds());
        assertEquals(2000, d.suppressThreshold());
        assertEquals(750, d.reuseThreshold());
        assertEquals(3600, d.maxSuppressSeconds());
        assertEquals(12000, d.ceiling(), 1e-9);
    }

    @Test
    void shouldHalveThePenaltyEveryHalfLife()
    {
        final FlapDamping f = new FlapDamping(DampingParameters.DEFAULTS);
        f.withdraw(0);
        assertEquals(500, f.penaltyAt(900), 1e-9);
        assertEquals(250, f.penaltyAt(1800), 1e-9);
    }

    @Test
    void shouldNotSuppressAfterTwoWithdrawals()
    {
        final FlapDamping f = new FlapDamping(DampingParameters.DEFAULTS);
        f.withdraw(0);
        f.withdraw(60);
        assertFalse(f.suppressedAt(60));
        assertTrue(f.suppressions().isEmpty());
    }

    @Test
    void shouldSuppressOnTheThirdQuickWithdrawalAndReuseWhenBelow750()
    {
        final FlapDamping f = new FlapDamping(DampingParameters.DEFAULTS);
        f.withdraw(0);
        f.withdraw(60);
        f.withdraw(120);
        final double expected = decay(decay(1000, 60) + 1000, 60) + 1000;
        assertEquals(expected, f.penaltyAt(120), 1e-6);
        assertTrue(expected > 2000);
        assertTrue(f.suppressedAt(120));
        final long reuse = 120 + (long)Math.ceil(900 * Math.log(expected / 750) / Math.log(2));
        assertEquals(reuse, f.reuseAt());
        assertEquals(List.of(new SuppressionInterval(120, reuse)), f.suppressions());
        assertTrue(decay(expected, reuse - 120) <= 750 + 1e-9);
        assertTrue(decay(expected, reuse - 121) > 750);
    }

    @Test
    void shouldCapSuppressionAtTheMaximumSuppressTime()
    {
        final FlapDamping f = new FlapDamping(DampingParameters.DEFAULTS);
        for (int i = 0; i < 100; i++)
        {
            f.withdraw(i * 10L);
        }
        assertEquals(12000, f.penaltyAt(990), 1e-6);
        assertEquals(990 + 3600, f.reuseAt());
    }

    @Test
    void shouldCloseASuppressionWhenALaterFlapComesAfterReuse()
    {
        final FlapDamping f = new FlapDamping(DampingParameters.DEFAULTS);
        f.withdraw(0);
        f.withdraw(1);
        f.withdraw(2);
        final long reuse = f.reuseAt();
        f.withdraw(reuse + 10_000);
        assertEquals(1, f.suppressions().size());
        assertEquals(reuse, f.suppressions().get(0).untilSeconds());
        assertFalse(f.suppressedAt(reuse + 10_000));
    }

    @Test
    void shouldRejectBadParametersNamingTheValue()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new DampingParameters(1000, 900, 700, 750, 3600));
        assertTrue(ex.getMessage().contains("suppress=700"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DampingParameters(1000, 0, 2000, 750, 3600));
        final FlapDamping f = new FlapDamping(DampingParameters.DEFAULTS);
        f.withdraw(10);
        assertThrows(IllegalArgumentException.class, () -> f.withdraw(5));
    }
}
