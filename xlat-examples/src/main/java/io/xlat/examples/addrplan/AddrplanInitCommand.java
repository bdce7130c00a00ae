package io.xlat.examples.addrplan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.routing.addrplan.AddressPlan;
import io.xlat.routing.addrplan.BitStrategy;
import io.xlat.routing.addrplan.PlanLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xlat addrplan init}: creates an empty plan file.
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Creates a plan file for a provider block and its levels.")
public final class AddrplanInitCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--plan", paramLabel = "FILE.json", required = true, description = "Plan file to create.")
    private Path plan;

    @Option(names = "--provider", paramLabel = "V6PFX", required = true,
        description = "Provider block, e.g. 2001:db8::/36.")
    private String provider;

    @Option(names = "--level", paramLabel = "NAME:LEN[:STRATEGY]", required = true,
        description = "A level, top down, repeatable, e.g. pop:40 site:48 customer:56; STRATEGY is leftmost, "
            + "centermost or rightmost (default: leftmost for the first level, rightmost for the last, centermost "
            + "between).")
    private List<String> levels = new ArrayList<>();

    @Option(names = "--force", description = "Overwrite an existing plan file.")
    private boolean force;

    @Override
    public Integer call()
    {
        final Ipv6Prefix block;
        try
        {
            block = Ipv6Prefix.parse(provider);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--provider' ('" + provider
                + "'): " + ex.getMessage());
        }
        final List<PlanLevel> parsed = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++)
        {
            parsed.add(level(levels.get(i), i, levels.size()));
        }
        final AddressPlan p;
        try
        {
            p = AddressPlan.create(block, parsed);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--level': "
                + ex.getMessage());
        }
        if (Files.exists(plan) && !force)
        {
            spec.commandLine().getErr().println("xlat addrplan init: " + plan + " exists; use --force to replace it");
            return 1;
        }
        if (!AddrplanCommand.save(spec, p, plan))
        {
            return 1;
        }
        spec.commandLine().getOut().println("xlat addrplan init: " + plan + ": " + block + " with "
            + AddrplanCommand.describeLevels(p));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private PlanLevel level(final String text, final int index, final int count)
    {
        final String[] parts = text.split(":", -1);
        try
        {
            if (parts.length < 2 || parts.length > 3)
            {
                throw new IllegalArgumentException("not NAME:LEN[:STRATEGY], e.g. pop:40");
            }
            final String len = parts[1].startsWith("/") ? parts[1].substring(1) : parts[1];
            final int length;
            try
            {
                length = Integer.parseInt(len);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("length '" + parts[1] + "' is not a number", ex);
            }
            final BitStrategy s = parts.length == 3 ? BitStrategy.parse(parts[2])
                : AddressPlan.defaultStrategy(index, count);
            return new PlanLevel(parts[0], length, s);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--level' ('" + text + "'): "
                + ex.getMessage());
        }
    }
}
