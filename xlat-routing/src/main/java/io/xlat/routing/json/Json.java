package io.xlat.routing.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes JSON (RFC 8259). Output is pretty-printed with two-space indentation and keys in map order,
 * so equal values give byte-identical text. Input nesting is bounded by {@link #MAX_DEPTH}; bad input fails with
 * the offset and what was expected.
 */
public final class Json
{
    /** Deepest nesting accepted when reading. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(final String text)
    {
        this.text = text;
    }

    /**
     * Writes a value.
     *
     * @param value a map with string keys, list, string, number, boolean or null (nested freely).
     * @return the JSON text, ending in a newline.
     * @throws IllegalArgumentException naming an unsupported type.
     */
    public static String write(final Object value)
    {
        final StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void indent(final StringBuilder sb, final int level)
    {
        sb.append('\n');
        for (int i = 0; i < level; i++)
        {
            sb.append("  ");
        }
    }

    private static void write(final StringBuilder sb, final Object value, final int level)
    {
        if (value == null)
        {
            sb.append("null");
        }
        else if (value instanceof String s)
        {
            string(sb, s);
        }
        else if (value instanceof Boolean || value instanceof Integer || value instanceof Long)
        {
            sb.append(value);
        }
        else if (value instanceof Double d)
        {
            if (d.isNaN() || d.isInfinite())
            {
                throw new IllegalArgumentException("JSON cannot hold number " + d);
            }
            sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : d.toString());
        }
        else if (value instanceof Map<?, ?> map)
        {
            if (map.isEmpty())
            {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> e : map.entrySet())
            {
                sb.append(first ? "" : ",");
                first = false;
                indent(sb, level + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), level + 1);
            }
            indent(sb, level);
            sb.append('}');
        }
        else if (value instanceof List<?> list)
        {
            if (list.isEmpty())
            {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (final Object o : list)
            {
                sb.append(first ? "" : ",");
                first = false;
                indent(sb, level + 1);
                write(sb, o, level + 1);
            }
            indent(sb, level);
            sb.append(']');
        }
        else
        {
            throw new IllegalArgumentException("JSON cannot hold a " + value.getClass().getName());
        }
    }

    private static void string(final StringBuilder sb, final String s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * Reads a value.
     *
     * @param text the JSON text.
     * @return the value (see the package comment for the types).
     * @throws IllegalArgumentException with the offset and what was expected, for bad or too deeply nested input.
     */
    public static Object parse(final String text)
    {
        final Json p = new Json(text);
        final Object v = p.value(0);
        p.blanks();
        if (p.pos != text.length())
        {
            throw p.error("end of input");
        }
        return v;
    }

    private IllegalArgumentException error(final String expected)
    {
        return new IllegalArgumentException("JSON at offset " + pos + ": expected " + expected
            + (pos < text.length() ? " but found '" + text.charAt(pos) + "'" : " but the text ended"));
    }

    private void blanks()
    {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0)
        {
            pos++;
        }
    }

    private boolean take(final char c)
    {
        blanks();
        if (pos < text.length() && text.charAt(pos) == c)
        {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(final char c)
    {
        if (!take(c))
        {
            throw error("'" + c + "'");
        }
    }

    private Object value(final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("JSON at offset " + pos + ": nested deeper than " + MAX_DEPTH);
        }
        blanks();
        if (pos >= text.length())
        {
            throw error("a value");
        }
        final char c = text.charAt(pos);
        if (c == '{')
        {
            pos++;
            final Map<String, Object> map = new LinkedHashMap<>();
            if (take('}'))
            {
                return map;
            }
            do
            {
                blanks();
                if (pos >= text.length() || text.charAt(pos) != '"')
                {
                    throw error("a string key");
                }
                final String key = string();
                expect(':');
                map.put(key, value(depth + 1));
            }
            while (take(','));
            expect('}');
            return map;
        }
        if (c == '[')
        {
            pos++;
            final List<Object> list = new ArrayList<>();
            if (take(']'))
            {
                return list;
            }
            do
            {
                list.add(value(depth + 1));
            }
            while (take(','));
            expect(']');
            return list;
        }
        if (c == '"')
        {
            return string();
        }
        if (text.startsWith("true", pos))
        {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", pos))
        {
            pos += 5;
            return Boolean.FALSE;
        }
        if (text.startsWith("null", pos))
        {
            pos += 4;
            return null;
        }
        return number();
    }

    private String string()
    {
        pos++;
        final StringBuilder sb = new StringBuilder();
        while (pos < text.length())
        {
            final char c = text.charAt(pos++);
            if (c == '"')
            {
                return sb.toString();
            }
            if (c != '\\')
            {
                sb.append(c);
                continue;
            }
            if (pos >= text.length())
            {
                break;
            }
            final char e = text.charAt(pos++);
            switch (e)
            {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' ->
                {
                    if (pos + 4 > text.length())
                    {
                        throw error("four hex digits");
                    }
                    try
                    {
                        sb.append((char)Integer.parseInt(text.substring(pos, pos + 4), 16));
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw error("four hex digits");
                    }
                    pos += 4;
                }
                default ->
                {
                    pos--;
                    throw error("an escape character");
                }
            }
        }
        throw error("'\"' closing the string");
    }

    private Object number()
    {
        final int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0)
        {
            pos++;
        }
        final String n = text.substring(start, pos);
        if (n.isEmpty())
        {
            throw error("a value");
        }
        try
        {
            if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0)
            {
                return Long.parseLong(n);
            }
            return Double.parseDouble(n);
        }
        catch (final NumberFormatException ex)
        {
            pos = start;
            throw error("a number");
        }
    }
}
