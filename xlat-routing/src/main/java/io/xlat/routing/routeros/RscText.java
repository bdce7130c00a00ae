package io.xlat.routing.routeros;

import java.util.regex.Pattern;

/**
 * RouterOS string quoting: values that need it are written in double quotes with backslash escapes, and read back
 * the same way (RouterOS scripting manual, "Constant Escape Sequences").
 */
public final class RscText
{
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:/!,*+@-]+");

    private RscText()
    {
    }

    /**
     * A value as written after {@code key=}: bare when it is a plain token, otherwise quoted with {@code \"},
     * {@code \\}, {@code \$}, {@code \?}, {@code \n}, {@code \r}, {@code \t} and {@code \XX} for other control
     * characters.
     *
     * @param value the value.
     * @return its script form.
     */
    public static String value(final String value)
    {
        if (PLAIN.matcher(value).matches())
        {
            return value;
        }
        return quote(value);
    }

    /**
     * A value in double quotes with escapes, whatever it holds.
     *
     * @param value the value.
     * @return {@code "..."}.
     */
    public static String quote(final String value)
    {
        final StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '$' -> sb.append("\\$");
                case '?' -> sb.append("\\?");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default ->
                {
                    if (c < 0x20 || c == 0x7F)
                    {
                        sb.append('\\').append(String.format("%02X", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Reads a value: strips surrounding quotes and decodes escapes; a bare value is returned as is. Never throws:
     * an unterminated quote ends at the end of the text, an unknown escape stands for its character.
     *
     * @param text the value as written.
     * @return the value.
     */
    public static String unquote(final String text)
    {
        if (text.isEmpty() || text.charAt(0) != '"')
        {
            return text;
        }
        final StringBuilder sb = new StringBuilder(text.length());
        int i = 1;
        while (i < text.length())
        {
            final char c = text.charAt(i);
            if (c == '"')
            {
                // Text after the closing quote (rare: "a"b) is kept, as RouterOS concatenates it.
                sb.append(text, i + 1, text.length());
                break;
            }
            if (c != '\\' || i + 1 >= text.length())
            {
                sb.append(c);
                i++;
                continue;
            }
            final char e = text.charAt(i + 1);
            if (isHex(e) && i + 2 < text.length() && isHex(text.charAt(i + 2)))
            {
                sb.append((char)Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
                continue;
            }
            sb.append(switch (e)
            {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case '_' -> ' ';
                case 'a' -> (char)7;
                case 'b' -> (char)8;
                case 'f' -> (char)12;
                case 'v' -> (char)11;
                default -> e;
            });
            i += 2;
        }
        return sb.toString();
    }

    private static boolean isHex(final char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
