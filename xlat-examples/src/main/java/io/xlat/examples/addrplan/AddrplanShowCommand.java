package io.xlat.examples.addrplan;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.xlat.examples.routeros.TextTable;
import io.xlat.routing.addrplan.AddressPlan;
import io.xlat.routing.addrplan.Assignment;
import io.xlat.routing.addrplan.PlanLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlat addrplan show}: prints the plan (a tree in address order) and how full each level is.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Prints the assignments in address order and, per parent, which field bits each level uses.")
public final class AddrplanShowCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--plan", paramLabel = "FILE.json", required = true, description = "Plan file.")
    private Path plan;

    @Option(names = "--level", paramLabel = "NAME", description = "Only this level.")
    private String level;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
        description = "Output format; json prints the plan file's content (default: ${DEFAULT-VALUE}).")
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
        final PrintWriter out = spec.commandLine().getOut();
        if (json && level == null)
        {
            out.print(p.toJson());
            out.flush();
            return 0;
        }
        final List<Assignment> rows = new ArrayList<>();
        for (final Assignment a : p.assignments())
        {
            if (level == null || a.level().equals(level))
            {
                rows.add(a);
            }
        }
        if (json)
        {
            AddrplanCommand.print(out, p, rows, true);
            out.flush();
            return 0;
        }
        out.println("plan " + plan + ": " + p.provider() + " with " + AddrplanCommand.describeLevels(p));
        AddrplanCommand.print(out, p, rows, false);
        out.println();
        out.println("field bits in use ('1' used, '.' free; free bits at an end are room to grow):");
        final TextTable usage = new TextTable("LEVEL", "PARENT", "USED", "OF", "BITS");
        for (final PlanLevel l : p.levels())
        {
            if (level != null && !l.name().equals(level))
            {
                continue;
            }
            final Set<String> parents = new LinkedHashSet<>();
            for (final Assignment a : p.assignments())
            {
                if (a.level().equals(l.name()))
                {
                    parents.add(a.parent());
                }
            }
            for (final String parent : parents)
            {
                usage.row(l.name(), parent.isEmpty() ? "-" : parent, p.children(l.name(), parent).size(),
                    p.capacity(l.name()), p.usedBits(l.name(), parent));
            }
        }
        usage.print(out, "  ");
        out.flush();
        return 0;
    }
}
