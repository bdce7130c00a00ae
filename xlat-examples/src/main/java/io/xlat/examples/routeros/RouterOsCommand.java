package io.xlat.examples.routeros;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xlat routeros}: the RouterOS policy tools. Without a subcommand it prints its usage.
 */
@Command(
    name = "routeros",
    mixinStandardHelpOptions = true,
    description = "RouterOS policies from the operator notes: generate scripts, audit exports, simulate flaps.",
    subcommands = {GenerateCommand.class, AuditCommand.class, SimulateCommand.class})
public final class RouterOsCommand implements Runnable
{
    @Spec
    private CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Checks a {@code --format} value.
     *
     * @param spec   the command, for the error.
     * @param format the value.
     * @return true for json, false for table.
     */
    static boolean json(final CommandSpec spec, final String format)
    {
        if ("json".equals(format))
        {
            return true;
        }
        if ("table".equals(format))
        {
            return false;
        }
        throw new ParameterException(spec.commandLine(),
            "Invalid value for option '--format': '" + format + "' is not table or json");
    }
}
