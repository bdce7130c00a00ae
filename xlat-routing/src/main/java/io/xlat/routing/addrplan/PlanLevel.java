package io.xlat.routing.addrplan;

import java.util.Objects;

/**
 * One level of a plan: its name, the prefix length of its assignments, and the bit strategy within its field
 * (the bits between the parent level's length and this one's).
 *
 * @param name         e.g. {@code pop}; {@code [A-Za-z0-9._-]{1,64}}.
 * @param prefixLength length of the prefixes assigned at this level.
 * @param strategy     how the field's bits are used.
 */
public record PlanLevel(String name, int prefixLength, BitStrategy strategy)
{
    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException naming a bad name or length.
     */
    public PlanLevel
    {
        AddressPlan.requireName("level name", name);
        Objects.requireNonNull(strategy, "strategy");
        if (prefixLength < 1 || prefixLength > 128)
        {
            throw new IllegalArgumentException("level " + name + ": prefix length /" + prefixLength
                + " is outside 1..128");
        }
    }
}
