package io.xlat.routing.addrplan;

import java.util.Locale;

/**
 * The order in which the bits of a level's field are used (RFC 3531 section 3).
 * <p>
 * The n-th assignment (n = 0, 1, 2, ...) sets the field bits chosen by the binary digits of n: digit k of n (least
 * significant first) goes to the k-th position of {@link #positions(int)}, position 0 being the field's leftmost
 * bit.
 * <ul>
 *     <li>{@link #LEFTMOST} (3.1): counting mirrored, 1000, 0100, 1100, 0010, ... The field's right bits stay free
 *     as long as possible, so the level to its right can grow leftwards. For the first (leftmost) level.</li>
 *     <li>{@link #RIGHTMOST} (3.2): plain counting, 0001, 0010, 0011, ... Left bits stay free, so the level to its
 *     left can grow rightwards. For the last level.</li>
 *     <li>{@link #CENTERMOST} (3.3): starts at the centre bit (the right one of the two centre bits for an even
 *     width) and spreads left, right, left, ... Both ends stay free. For levels in between.</li>
 * </ul>
 */
public enum BitStrategy
{
    /** RFC 3531 3.1. */
    LEFTMOST,
    /** RFC 3531 3.3. */
    CENTERMOST,
    /** RFC 3531 3.2. */
    RIGHTMOST;

    /**
     * Parses {@code leftmost}, {@code centermost} or {@code rightmost} (any case).
     *
     * @param text the text.
     * @return the strategy.
     * @throws IllegalArgumentException naming the text otherwise.
     */
    public static BitStrategy parse(final String text)
    {
        final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t)
        {
            case "leftmost" -> LEFTMOST;
            case "centermost", "centremost" -> CENTERMOST;
            case "rightmost" -> RIGHTMOST;
            default -> throw new IllegalArgumentException("bit strategy '" + text
                + "' is not leftmost, centermost or rightmost");
        };
    }

    /**
     * The lower-case name {@link #parse} accepts.
     *
     * @return e.g. {@code leftmost}.
     */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Field bit positions in the order they are used.
     *
     * @param width field width in bits, 1..62.
     * @return positions, 0 = leftmost bit of the field.
     */
    public int[] positions(final int width)
    {
        final int[] order = new int[width];
        switch (this)
        {
            case LEFTMOST ->
            {
                for (int k = 0; k < width; k++)
                {
                    order[k] = k;
                }
            }
            case RIGHTMOST ->
            {
                for (int k = 0; k < width; k++)
                {
                    order[k] = width - 1 - k;
                }
            }
            default ->
            {
                final int centre = width / 2;
                order[0] = centre;
                int left = centre - 1;
                int right = centre + 1;
                for (int k = 1; k < width; k++)
                {
                    final boolean takeLeft = (k % 2 == 1 && left >= 0) || right >= width;
                    order[k] = takeLeft ? left-- : right++;
                }
            }
        }
        return order;
    }

    /**
     * The field value of the n-th assignment.
     *
     * @param index n, 0 .. 2^width - 1.
     * @param width field width in bits, 1..62.
     * @return the value to place in the field (its most significant bit is the field's leftmost bit).
     */
    public long value(final long index, final int width)
    {
        final int[] order = positions(width);
        long v = 0;
        for (int k = 0; k < width; k++)
        {
            if ((index >>> k & 1) != 0)
            {
                v |= 1L << (width - 1 - order[k]);
            }
        }
        return v;
    }
}
