package io.xlat.routing.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest
{
    @Test
    void shouldReadWhatItWrites()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"q\" \\ \n\u0001");
        m.put("n", 42L);
        m.put("d", 1.5);
        m.put("b", true);
        m.put("z", null);
        m.put("l", new ArrayList<>(Arrays.asList(1L, "x", List.of(), Map.of())));
        assertEquals(m, Json.parse(Json.write(m)));
        assertEquals("{\n  \"a\": [\n    1\n  ]\n}\n", Json.write(Map.of("a", List.of(1L))));
    }

    @Test
    void shouldNameTheOffsetOfBadInput()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Json.parse("{\"a\": tru}"));
        assertTrue(ex.getMessage().contains("offset 6"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Property(tries = 500)
    void shouldEitherParseOrRejectArbitraryText(@ForAll final String text)
    {
        try
        {
            Json.parse(text);
        }
        catch (final IllegalArgumentException expected)
        {
            // Rejected with a message: fine.
        }
    }

    @Property(tries = 300)
    void shouldRoundTripAnyString(@ForAll final String s)
    {
        assertEquals(s, Json.parse(Json.write(s)));
    }
}
