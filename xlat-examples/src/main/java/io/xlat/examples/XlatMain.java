package io.xlat.examples;

import io.xlat.examples.addrplan.AddrplanCommand;
import io.xlat.examples.clat.ClatCommand;
import io.xlat.examples.demo.DemoCommand;
import io.xlat.examples.dns64.Dns64Command;
import io.xlat.examples.plat.PlatCommand;
import io.xlat.examples.routeros.RouterOsCommand;
import io.xlat.examples.translate.TranslateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code xlat.jar}: dispatches to the subcommands.
 */
@Command(
    name = "xlat",
    mixinStandardHelpOptions = true,
    version = "xlat 0.1.0",
    description = "IPv4/IPv6 translation tools: SIIT, NAT64, DNS64, 464XLAT.",
    subcommands = {TranslateCommand.class, RouterOsCommand.class, AddrplanCommand.class, Dns64Command.class,
        ClatCommand.class, PlatCommand.class, DemoCommand.class})
public final class XlatMain implements Runnable
{
    /** Agrona's switch for its buffer bounds checks ({@code org.agrona.concurrent.UnsafeBuffer}). */
    static final String AGRONA_BOUNDS_CHECKS = "agrona.disable.bounds.checks";

    /**
     * Runs the command line and exits with its status.
     *
     * @param args command line arguments.
     */
    public static void main(final String[] args)
    {
        disableAgronaBoundsChecksUnlessSet();
        System.exit(commandLine().execute(args));
    }

    /**
     * Turns Agrona's buffer bounds checks off, the production setting of Aeron and Agrona users, unless the user
     * set {@value #AGRONA_BOUNDS_CHECKS} (e.g. {@code -Dagrona.disable.bounds.checks=false} to keep them). Agrona
     * reads the property once, when its buffer classes initialize, so this runs before any of them loads. The
     * translators validate every length themselves; the checks cost a compare per buffer access on the hot path
     * (docs/benchmarks.md, "SIIT translator hot path").
     */
    static void disableAgronaBoundsChecksUnlessSet()
    {
        if (null == System.getProperty(AGRONA_BOUNDS_CHECKS))
        {
            System.setProperty(AGRONA_BOUNDS_CHECKS, "true");
        }
    }

    /**
     * Builds the picocli command line with every subcommand registered.
     *
     * @return the command line.
     */
    public static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new XlatMain());
        // Bad option values get one line naming the option and value, not the whole usage text.
        commandLine.setParameterExceptionHandler((ex, args) ->
        {
            final CommandLine failed = ex.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                + " (see --help)");
            failed.getErr().flush();
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    @Override
    public void run()
    {
        commandLine().usage(System.out);
    }
}
