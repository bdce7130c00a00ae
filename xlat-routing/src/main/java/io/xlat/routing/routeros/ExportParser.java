package io.xlat.routing.routeros;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses RouterOS {@code /export} output (v6 and v7) and generated scripts.
 * <p>
 * Understood: {@code #} comment lines; menu path lines ({@code /ip firewall nat}, {@code /ip/firewall/nat}) that
 * set the path for the following commands; commands with an inline path ({@code /ip route add ...}) or relative to
 * the current one ({@code add ...}); {@code key=value} arguments with double-quoted values and backslash escapes;
 * {@code [ ... ]} selectors; bare flags; lines continued with a trailing backslash (the continuation's leading
 * blanks are dropped, as in exports); scripting lines starting with {@code :}; empty lines.
 * <p>
 * Robustness: any text parses; what is not understood becomes a {@link ExportDocument.Note}. Work is linear in the
 * input; nesting of brackets is bounded by {@link #MAX_NESTING} and one logical line by {@link #MAX_LINE_CHARS}.
 */
public final class ExportParser
{
    /** Deepest {@code [ ( {} nesting tracked; deeper text is kept as is. */
    public static final int MAX_NESTING = 64;
    /** Longest logical line (after joining continuations) turned into a command. */
    public static final int MAX_LINE_CHARS = 1 << 20;

    private static final Set<String> VERBS = Set.of(
        "add", "set", "remove", "unset", "enable", "disable", "print", "export", "edit", "find", "get", "comment",
        "move", "reset", "reset-counters", "import", "monitor", "run", "make-static");
    private static final Set<String> SELECTOR_VERBS = Set.of(
        "set", "remove", "unset", "enable", "disable", "edit", "comment", "move", "reset", "reset-counters", "run",
        "make-static", "get");

    private final List<ExportCommand> commands = new ArrayList<>();
    private final List<Integer> scriptLines = new ArrayList<>();
    private final List<ExportDocument.Note> notes = new ArrayList<>();
    private int comments;
    private List<String> currentPath = List.of();

    private ExportParser()
    {
    }

    /**
     * Parses export text. Never throws for any input.
     *
     * @param text the export; null is treated as empty.
     * @return the document.
     */
    public static ExportDocument parse(final String text)
    {
        final ExportParser p = new ExportParser();
        if (text != null)
        {
            p.run(text);
        }
        return new ExportDocument(List.copyOf(p.commands), List.copyOf(p.scriptLines), List.copyOf(p.notes),
            p.comments);
    }

    private void run(final String text)
    {
        final String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length)
        {
            final int start = i + 1;
            String physical = stripCr(lines[i]);
            i++;
            if (physical.strip().startsWith("#"))
            {
                comments++;
                continue;
            }
            final StringBuilder logical = new StringBuilder();
            boolean inQuote = false;
            boolean tooLong = false;
            while (true)
            {
                final int[] scan = scan(physical, inQuote);
                inQuote = scan[0] == 1;
                final boolean continues = scan[1] == 1;
                if (logical.length() + physical.length() > MAX_LINE_CHARS)
                {
                    tooLong = true;
                }
                else
                {
                    logical.append(continues ? physical.substring(0, physical.length() - 1) : physical);
                }
                if (!continues || i >= lines.length)
                {
                    break;
                }
                physical = stripLeading(stripCr(lines[i]));
                i++;
            }
            if (tooLong)
            {
                notes.add(new ExportDocument.Note(start, "line longer than " + MAX_LINE_CHARS + " characters"));
                continue;
            }
            line(start, logical.toString());
        }
    }

    private static String stripCr(final String s)
    {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String stripLeading(final String s)
    {
        int k = 0;
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t'))
        {
            k++;
        }
        return s.substring(k);
    }

    /** Returns {inQuote after, 1 when the segment ends in a continuation backslash}. */
    private static int[] scan(final String s, final boolean inQuoteAtStart)
    {
        boolean inQuote = inQuoteAtStart;
        int j = 0;
        while (j < s.length())
        {
            final char c = s.charAt(j);
            if (c == '\\')
            {
                if (j == s.length() - 1)
                {
                    return new int[] {inQuote ? 1 : 0, 1};
                }
                j += 2;
                continue;
            }
            if (c == '"')
            {
                inQuote = !inQuote;
            }
            j++;
        }
        return new int[] {inQuote ? 1 : 0, 0};
    }

    private void line(final int lineNumber, final String text)
    {
        final String trimmed = text.strip();
        if (trimmed.isEmpty())
        {
            return;
        }
        if (trimmed.charAt(0) == ':' || trimmed.charAt(0) == '{')
        {
            scriptLines.add(lineNumber);
            return;
        }
        final List<String> tokens = tokenize(trimmed);
        if (tokens.isEmpty())
        {
            return;
        }
        final List<String> path = new ArrayList<>();
        int k = 0;
        boolean absolute = false;
        String verb = null;
        if (tokens.get(0).startsWith("/"))
        {
            absolute = true;
            for (final String piece : tokens.get(0).split("/"))
            {
                if (piece.isEmpty())
                {
                    continue;
                }
                if (verb != null)
                {
                    notes.add(new ExportDocument.Note(lineNumber, "path '" + tokens.get(0) + "' continues after "
                        + "verb " + verb));
                    return;
                }
                if (VERBS.contains(piece))
                {
                    verb = piece;
                }
                else
                {
                    path.add(piece);
                }
            }
            k = 1;
        }
        while (verb == null && k < tokens.size())
        {
            final String t = tokens.get(k);
            if (VERBS.contains(t))
            {
                verb = t;
                k++;
                break;
            }
            if (!isPathWord(t))
            {
                break;
            }
            path.add(t);
            k++;
        }
        final List<String> fullPath = new ArrayList<>(absolute ? List.of() : currentPath);
        fullPath.addAll(path);
        if (verb == null)
        {
            if (k == tokens.size() && (absolute || !path.isEmpty()))
            {
                currentPath = List.copyOf(fullPath);
            }
            else
            {
                notes.add(new ExportDocument.Note(lineNumber, "no command verb in '" + abbreviate(trimmed) + "'"));
            }
            return;
        }
        command(lineNumber, "/" + String.join(" ", fullPath), verb, tokens.subList(k, tokens.size()));
    }

    private static boolean isPathWord(final String t)
    {
        if (t.isEmpty() || t.length() > 64)
        {
            return false;
        }
        for (int i = 0; i < t.length(); i++)
        {
            final char c = t.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            {
                return false;
            }
        }
        return true;
    }

    private void command(final int lineNumber, final String path, final String verb, final List<String> args)
    {
        final Map<String, String> properties = new LinkedHashMap<>();
        final List<String> flags = new ArrayList<>();
        String selector = null;
        for (int i = 0; i < args.size(); i++)
        {
            final String a = args.get(i);
            final int eq = keyEnd(a);
            if (eq > 0)
            {
                properties.put(a.substring(0, eq), RscText.unquote(a.substring(eq + 1)));
            }
            else if (selector == null && SELECTOR_VERBS.contains(verb) && flags.isEmpty() && properties.isEmpty())
            {
                selector = a;
            }
            else
            {
                flags.add(RscText.unquote(a));
            }
        }
        commands.add(new ExportCommand(lineNumber, path, verb, selector, Collections.unmodifiableMap(properties),
            List.copyOf(flags)));
    }

    /** Index of the '=' ending a property key, or -1 when the token is not key=value. */
    private static int keyEnd(final String token)
    {
        for (int i = 0; i < token.length(); i++)
        {
            final char c = token.charAt(i);
            if (c == '=')
            {
                return i;
            }
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_'))
            {
                return -1;
            }
        }
        return -1;
    }

    /** Splits on blanks outside quotes and brackets. */
    private static List<String> tokenize(final String s)
    {
        final List<String> tokens = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        boolean inQuote = false;
        int depth = 0;
        int i = 0;
        while (i < s.length())
        {
            final char c = s.charAt(i);
            if (inQuote)
            {
                current.append(c);
                if (c == '\\' && i + 1 < s.length())
                {
                    current.append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (c == '"')
                {
                    inQuote = false;
                }
                i++;
                continue;
            }
            if (c == '"')
            {
                inQuote = true;
            }
            else if (c == '[' || c == '(' || c == '{')
            {
                depth = Math.min(depth + 1, MAX_NESTING);
            }
            else if ((c == ']' || c == ')' || c == '}') && depth > 0)
            {
                depth--;
            }
            if ((c == ' ' || c == '\t') && depth == 0)
            {
                if (current.length() > 0)
                {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            }
            else
            {
                current.append(c);
            }
            i++;
        }
        if (current.length() > 0)
        {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private static String abbreviate(final String s)
    {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
