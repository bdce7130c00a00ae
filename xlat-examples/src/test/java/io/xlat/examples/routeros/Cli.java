package io.xlat.examples.routeros;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.xlat.examples.XlatMain;
import picocli.CommandLine;

/**
 * Runs {@code xlat ...} in-process and captures what it prints.
 */
public final class Cli
{
    private Cli()
    {
    }

    /**
     * What a run returned and printed.
     *
     * @param exitCode the exit code.
     * @param out      standard output.
     * @param err      standard error.
     */
    public record Run(int exitCode, String out, String err)
    {
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments after {@code xlat}.
     * @return the outcome.
     */
    public static Run xlat(final String... args)
    {
        final CommandLine cl = XlatMain.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        final int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
