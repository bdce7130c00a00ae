package io.xlat.examples.addrplan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.xlat.routing.addrplan.AddressPlan;
import io.xlat.routing.addrplan.Assignment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xlat addrplan assign}: assigns named prefixes at a level and saves the plan. Names that already exist under
 * the same parent keep their prefix, so re-running is harmless.
 */
@Command(name = "assign", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Assigns the next prefix(es) at a level under a parent and saves the plan.")
public final class AddrplanAssignCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--plan", paramLabel = "FILE.json", required = true, description = "Plan file.")
    private Path plan;

    @Option(names = "--level", paramLabel = "NAME", required = true, description = "Level to assign at.")
    private String level;

    @Option(names = "--parent", paramLabel = "NAME", defaultValue = "",
        description = "Parent at the level above (none at the first level).")
    private String parent;

    @Option(names = "--name", paramLabel = "NAME", required = true,
        description = "Name of the new assignment, repeatable.")
    private List<String> names = new ArrayList<>();

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    private String format;

    @Override
    public Integer call()
    {
        final boolean json = AddrplanCommand.json(spec, format);
        final AddressPlan p = AddrplanCommand.load(spec, plan);
        if (p == null)
        {
            return 1;
        }
        final List<Assignment> made = new ArrayList<>();
        for (final String name : names)
        {
            try
            {
                made.add(p.assign(level, parent, name));
            }
            catch (final IllegalStateException ex)
            {
                spec.commandLine().getErr().println("xlat addrplan assign: refused: " + ex.getMessage()
                    + (made.isEmpty() ? "" : " (" + made.size() + " assignment(s) before it were saved)"));
                return AddrplanCommand.save(spec, p, plan) ? AddrplanCommand.REFUSED : 1;
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ParameterException(spec.commandLine(), "Invalid value ('" + name + "' at level " + level
                    + (parent.isEmpty() ? "" : " under " + parent) + "): " + ex.getMessage());
            }
        }
        if (!AddrplanCommand.save(spec, p, plan))
        {
            return 1;
        }
        AddrplanCommand.print(spec.commandLine().getOut(), p, made, json);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
