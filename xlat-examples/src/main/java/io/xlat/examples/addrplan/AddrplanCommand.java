package io.xlat.examples.addrplan;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.xlat.examples.routeros.TextTable;
import io.xlat.routing.addrplan.AddressPlan;
import io.xlat.routing.addrplan.Assignment;
import io.xlat.routing.addrplan.PlanLevel;
import io.xlat.routing.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xlat addrplan}: RFC 3531 sparse address plans. Without a subcommand it prints its usage.
 * Exit codes of the subcommands: 0 done, 1 plan file unreadable, invalid or unwritable, 2 bad option value,
 * 3 refused (a level is full).
 */
@Command(
    name = "addrplan",
    mixinStandardHelpOptions = true,
    description = "RFC 3531 IPv6 address planning: leftmost/centermost/rightmost bit allocation per level, so each "
        + "level grows without renumbering.",
    subcommands = {AddrplanInitCommand.class, AddrplanAssignCommand.class, AddrplanShowCommand.class})
public final class AddrplanCommand implements Runnable
{
    /** Exit code when an assignment is refused. */
    public static final int REFUSED = 3;
    /** Largest plan file read. */
    public static final long MAX_PLAN_BYTES = 256L << 20;

    @Spec
    private CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

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
        throw new ParameterException(spec.commandLine(), "Invalid value for option '--format': '" + format
            + "' is not table or json");
    }

    /** Reads a plan, or reports why not on stderr and returns null. */
    static AddressPlan load(final CommandSpec spec, final Path file)
    {
        final PrintWriter err = spec.commandLine().getErr();
        final String name = "xlat addrplan " + spec.name();
        try
        {
            if (Files.size(file) > MAX_PLAN_BYTES)
            {
                err.println(name + ": " + file + " is larger than " + MAX_PLAN_BYTES + " bytes");
                return null;
            }
            return AddressPlan.fromJson(Files.readString(file));
        }
        catch (final NoSuchFileException ex)
        {
            err.println(name + ": " + file + ": no such plan file (create it with xlat addrplan init)");
        }
        catch (final IOException ex)
        {
            err.println(name + ": cannot read " + file + ": " + ex);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(name + ": " + file + ": " + ex.getMessage());
        }
        return null;
    }

    /** Writes a plan atomically (temp file, then rename), or reports why not and returns false. */
    static boolean save(final CommandSpec spec, final AddressPlan plan, final Path file)
    {
        try
        {
            final Path dir = file.toAbsolutePath().getParent();
            final Path tmp = Files.createTempFile(dir, ".addrplan", ".tmp");
            Files.writeString(tmp, plan.toJson());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
        catch (final IOException ex)
        {
            spec.commandLine().getErr().println("xlat addrplan " + spec.name() + ": cannot write " + file + ": " + ex);
            return false;
        }
    }

    static void print(final PrintWriter out, final AddressPlan plan, final List<Assignment> rows, final boolean json)
    {
        if (json)
        {
            final List<Object> list = new ArrayList<>();
            for (final Assignment a : rows)
            {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("level", a.level());
                m.put("name", a.name());
                m.put("parent", a.parent());
                m.put("index", a.index());
                m.put("prefix", a.prefix().toString());
                list.add(m);
            }
            final Map<String, Object> root = new LinkedHashMap<>();
            root.put("provider", plan.provider().toString());
            root.put("assignments", list);
            out.print(Json.write(root));
            return;
        }
        final TextTable t = new TextTable("PREFIX", "LEVEL", "NAME", "PARENT", "INDEX");
        for (final Assignment a : rows)
        {
            t.row(a.prefix(), a.level(), a.name(), a.parent().isEmpty() ? "-" : a.parent(), a.index());
        }
        t.print(out, "  ");
    }

    static String describeLevels(final AddressPlan plan)
    {
        final StringBuilder sb = new StringBuilder();
        for (final PlanLevel l : plan.levels())
        {
            sb.append(sb.length() == 0 ? "" : ", ").append(l.name()).append(" /").append(l.prefixLength())
                .append(' ').append(l.strategy().label());
        }
        return sb.toString();
    }
}
