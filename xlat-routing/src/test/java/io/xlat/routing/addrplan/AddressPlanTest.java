package io.xlat.routing.addrplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.xlat.core.addr.Ipv6Prefix;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AddressPlanTest
{
    private static AddressPlan isp()
    {
        return AddressPlan.create(Ipv6Prefix.parse("2001:db8::/36"), List.of(
            new PlanLevel("pop", 40, BitStrategy.LEFTMOST),
            new PlanLevel("site", 48, BitStrategy.CENTERMOST),
            new PlanLevel("customer", 56, BitStrategy.RIGHTMOST)));
    }

    @Test
    void shouldPlaceTheFirstPopsByLeftmostBits()
    {
        final AddressPlan plan = isp();
        assertEquals("2001:db8::/40", plan.assign("pop", "", "ams").prefix().toString());
        assertEquals("2001:db8:800::/40", plan.assign("pop", "", "fra").prefix().toString());
        assertEquals("2001:db8:400::/40", plan.assign("pop", "", "par").prefix().toString());
        assertEquals("2001:db8:c00::/40", plan.assign("pop", "", "lon").prefix().toString());
        assertEquals("11..", plan.usedBits("pop", ""));
    }

    @Test
    void shouldPlaceSitesCentermostAndCustomersRightmost()
    {
        final AddressPlan plan = isp();
        plan.assign("pop", "", "ams");
        plan.assign("pop", "", "fra");
        // site field: bits 40..47 of fra's 2001:db8:800::/40; centre-first values 0, 8, 16 -> 00, 08, 10 hex.
        assertEquals("2001:db8:800::/48", plan.assign("site", "fra", "s0").prefix().toString());
        assertEquals("2001:db8:808::/48", plan.assign("site", "fra", "s1").prefix().toString());
        assertEquals("2001:db8:810::/48", plan.assign("site", "fra", "s2").prefix().toString());
        assertEquals("2001:db8:808::/56", plan.assign("customer", "s1", "c0").prefix().toString());
        assertEquals("2001:db8:808:100::/56", plan.assign("customer", "s1", "c1").prefix().toString());
        assertEquals("2001:db8:808:200::/56", plan.assign("customer", "s1", "c2").prefix().toString());
        assertEquals("......11", plan.usedBits("customer", "s1"));
    }

    @Test
    void shouldReturnTheExistingAssignmentForTheSameName()
    {
        final AddressPlan plan = isp();
        final Assignment a = plan.assign("pop", null, "ams");
        assertSame(a, plan.assign("pop", "", "ams"));
        plan.assign("site", "ams", "s");
        plan.assign("pop", "", "fra");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> plan.assign("site", "fra", "s"));
        assertTrue(ex.getMessage().contains("already exists under pop ams"), ex.getMessage());
    }

    @Test
    void shouldRefuseAFullLevelNamingIt()
    {
        final AddressPlan plan = isp();
        for (int i = 0; i < 16; i++)
        {
            plan.assign("pop", "", "pop" + i);
        }
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> plan.assign("pop", "", "one-too-many"));
        assertTrue(ex.getMessage().contains("level pop is full") && ex.getMessage().contains("16 /40"),
            ex.getMessage());
        assertEquals("1111", plan.usedBits("pop", ""));
    }

    @Test
    void shouldRejectBadLevelsAndParentsNamingThem()
    {
        final Ipv6Prefix p = Ipv6Prefix.parse("2001:db8::/36");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AddressPlan.create(p,
            List.of(new PlanLevel("pop", 36, BitStrategy.LEFTMOST)))).getMessage().contains("pop /36"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AddressPlan.create(p,
            List.of(new PlanLevel("pop", 80, BitStrategy.LEFTMOST)))).getMessage().contains("44 bits"));
        final AddressPlan plan = isp();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan.assign("site", "nowhere", "x"))
            .getMessage().contains("no pop named 'nowhere'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan.assign("region", "", "x"))
            .getMessage().contains("no level named 'region'"));
    }

    private static void assertNoOverlapAndNested(final AddressPlan plan)
    {
        final List<Assignment> all = plan.assignments();
        for (int i = 0; i < all.size(); i++)
        {
            final Assignment a = all.get(i);
            if (!a.parent().isEmpty())
            {
                final String parentLevel = plan.levels().get(levelIndex(plan, a.level()) - 1).name();
                assertTrue(plan.find(parentLevel, a.parent()).prefix().contains(a.prefix()), a::toString);
            }
            else
            {
                assertTrue(plan.provider().contains(a.prefix()));
            }
            for (int j = 0; j < i; j++)
            {
                final Assignment b = all.get(j);
                if (a.level().equals(b.level()))
                {
                    assertFalse(a.prefix().contains(b.prefix()) || b.prefix().contains(a.prefix()),
                        a + " overlaps " + b);
                }
            }
        }
    }

    private static int levelIndex(final AddressPlan plan, final String level)
    {
        for (int i = 0; i < plan.levels().size(); i++)
        {
            if (plan.levels().get(i).name().equals(level))
            {
                return i;
            }
        }
        return -1;
    }

    @Property(tries = 40)
    void shouldGrowWithoutRenumberingOrOverlap(
        @ForAll @IntRange(min = 1, max = 10) final int pops, @ForAll @IntRange(min = 0, max = 12) final int sites,
        @ForAll @IntRange(min = 1, max = 6) final int morePops,
        @ForAll @IntRange(min = 1, max = 20) final int moreSites)
    {
        final AddressPlan plan = isp();
        for (int p = 0; p < pops; p++)
        {
            plan.assign("pop", "", "pop" + p);
            for (int s = 0; s < sites; s++)
            {
                plan.assign("site", "pop" + p, "pop" + p + "-site" + s);
            }
        }
        final Map<String, Ipv6Prefix> before = new HashMap<>();
        for (final Assignment a : plan.assignments())
        {
            before.put(a.level() + "/" + a.name(), a.prefix());
        }
        // Save, reload, and grow both levels.
        final AddressPlan grown = AddressPlan.fromJson(plan.toJson());
        for (int p = pops; p < pops + morePops; p++)
        {
            grown.assign("pop", "", "pop" + p);
        }
        for (int p = 0; p < pops + morePops; p++)
        {
            for (int s = 0; s < moreSites + sites; s++)
            {
                grown.assign("site", "pop" + p, "pop" + p + "-site" + s);
            }
        }
        for (final Map.Entry<String, Ipv6Prefix> e : before.entrySet())
        {
            final String[] key = e.getKey().split("/");
            final Assignment now = grown.find(key[0], key[1]);
            assertNotNull(now, e.getKey());
            assertEquals(e.getValue(), now.prefix(), "renumbered " + e.getKey());
            final int length = now.prefix().length();
            assertEquals(0, now.prefix().low() & ~Ipv6Prefix.maskLow(length));
            assertEquals(0, now.prefix().high() & ~Ipv6Prefix.maskHigh(length));
        }
        assertNoOverlapAndNested(grown);
    }

    @Test
    void shouldKeepTheRightmostBitsFreeForThePopLevelToGrowInto()
    {
        // RFC 3531: with leftmost allocation, 4 POPs use the first 2 bits of the 4-bit field; the 2 bits next to the
        // site boundary stay free, so the site level could be widened without touching any POP prefix.
        final AddressPlan plan = isp();
        final List<Ipv6Prefix> pops = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            pops.add(plan.assign("pop", "", "p" + i).prefix());
        }
        for (final Ipv6Prefix p : pops)
        {
            assertEquals(0, (p.high() >>> (64 - 40)) & 0b11, p.toString());
        }
    }

    @Test
    void shouldWriteTheSameJsonWhateverTheOrderOfOperations()
    {
        final AddressPlan a = isp();
        a.assign("pop", "", "ams");
        a.assign("pop", "", "fra");
        a.assign("site", "ams", "x");
        a.assign("site", "fra", "y");
        final AddressPlan b = isp();
        b.assign("pop", "", "ams");
        b.assign("site", "ams", "x");
        b.assign("pop", "", "fra");
        b.assign("site", "fra", "y");
        assertEquals(a.toJson(), b.toJson());
        assertEquals(a.toJson(), AddressPlan.fromJson(a.toJson()).toJson());
        assertTrue(a.toJson().contains("\"prefix\": \"2001:db8:800::/48\""), a.toJson());
    }

    @Test
    void shouldRejectAPlanFileWhosePrefixDisagreesWithItsIndex()
    {
        final AddressPlan a = isp();
        a.assign("pop", "", "ams");
        a.assign("pop", "", "fra");
        final String tampered = a.toJson().replace("2001:db8:800::/40", "2001:db8:400::/40");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> AddressPlan.fromJson(tampered));
        assertTrue(ex.getMessage().contains("pop fra") && ex.getMessage().contains("2001:db8:800::/40"),
            ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AddressPlan.fromJson("{\"format\": \"other\"}"));
        assertThrows(IllegalArgumentException.class, () -> AddressPlan.fromJson("[1, 2"));
    }
}
