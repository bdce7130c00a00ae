package io.xlat.routing.routeros;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed RouterOS export: its commands, and the lines it did not turn into commands.
 *
 * @param commands     commands in file order.
 * @param scriptLines  lines of scripting commands (starting with {@code :}), kept as 1-based line numbers.
 * @param unparsed     lines neither comment, path, command nor scripting, with why; never fatal.
 * @param commentLines how many comment lines there were.
 */
public record ExportDocument(
    List<ExportCommand> commands, List<Integer> scriptLines, List<Note> unparsed, int commentLines)
{
    /**
     * A line the parser skipped.
     *
     * @param line   1-based line number.
     * @param reason what was wrong.
     */
    public record Note(int line, String reason)
    {
    }

    /**
     * The commands with a given path and verb.
     *
     * @param path the menu path, e.g. {@code /ip route}.
     * @param verb the verb, e.g. {@code add}.
     * @return matching commands in file order.
     */
    public List<ExportCommand> commands(final String path, final String verb)
    {
        final List<ExportCommand> out = new ArrayList<>();
        for (final ExportCommand c : commands)
        {
            if (c.is(path, verb))
            {
                out.add(c);
            }
        }
        return out;
    }
}
