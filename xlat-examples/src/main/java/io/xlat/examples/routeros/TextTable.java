package io.xlat.examples.routeros;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: left-aligned columns two spaces apart, a header row, no trailing blanks.
 */
public final class TextTable
{
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /**
     * Starts a table.
     *
     * @param headers the column headers.
     */
    public TextTable(final String... headers)
    {
        this.columns = headers.length;
        rows.add(headers.clone());
    }

    /**
     * Adds a row; missing cells are empty, extra cells are dropped.
     *
     * @param cells the cells.
     * @return this table.
     */
    public TextTable row(final Object... cells)
    {
        final String[] r = new String[columns];
        for (int i = 0; i < columns; i++)
        {
            r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "";
        }
        rows.add(r);
        return this;
    }

    /**
     * Whether only the header is there.
     *
     * @return true when no row was added.
     */
    public boolean isEmpty()
    {
        return rows.size() == 1;
    }

    /**
     * Prints the table with an indent.
     *
     * @param out    where to.
     * @param indent prefix of every line.
     */
    public void print(final PrintWriter out, final String indent)
    {
        final int[] widths = new int[columns];
        for (final String[] r : rows)
        {
            for (int i = 0; i < columns; i++)
            {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (final String[] r : rows)
        {
            final StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < columns; i++)
            {
                sb.append(r[i]);
                if (i < columns - 1)
                {
                    sb.append(" ".repeat(widths[i] - r[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
