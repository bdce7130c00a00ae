package io.xlat.examples.routeros;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.xlat.routing.json.Json;
import io.xlat.routing.policy.PolicyConfig;
import io.xlat.routing.routeros.ConfigAudit;
import io.xlat.routing.routeros.ExportDocument;
import io.xlat.routing.routeros.ExportParser;
import io.xlat.routing.routeros.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlat routeros audit}: checks an {@code /export} against the policies.
 * Exit codes: 0 nothing found, 1 cannot read the export, 2 bad option value, 3 findings reported.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Reports, with line numbers, what a RouterOS /export lacks against the policies.")
public final class AuditCommand implements Callable<Integer>
{
    /** Exit code when the audit found something. */
    public static final int FINDINGS = 3;
    /** Largest export read. */
    public static final long MAX_EXPORT_BYTES = 64L << 20;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PolicyOptions policy = new PolicyOptions();

    @Option(names = "--export", paramLabel = "FILE.rsc", required = true,
        description = "Output of /export (or /export verbose, /export terse).")
    private Path export;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    private String format;

    @Override
    public Integer call()
    {
        final boolean json = RouterOsCommand.json(spec, format);
        final PolicyConfig config = policy.build(spec.commandLine());
        final String text;
        try
        {
            if (Files.size(export) > MAX_EXPORT_BYTES)
            {
                spec.commandLine().getErr().println("xlat routeros audit: " + export + " is larger than "
                    + MAX_EXPORT_BYTES + " bytes");
                return 1;
            }
            text = new String(Files.readAllBytes(export), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            spec.commandLine().getErr().println("xlat routeros audit: cannot read " + export + ": " + ex);
            return 1;
        }
        final ExportDocument doc = ExportParser.parse(text);
        final List<Finding> findings = ConfigAudit.audit(doc, config);
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("export", export.toString());
            m.put("commands", doc.commands().size());
            final List<Object> list = new ArrayList<>();
            for (final Finding f : findings)
            {
                final Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("line", f.line());
                fm.put("policy", f.policy());
                fm.put("message", f.message());
                list.add(fm);
            }
            m.put("findings", list);
            final List<Object> skipped = new ArrayList<>();
            for (final ExportDocument.Note n : doc.unparsed())
            {
                final Map<String, Object> nm = new LinkedHashMap<>();
                nm.put("line", n.line());
                nm.put("reason", n.reason());
                skipped.add(nm);
            }
            m.put("skippedLines", skipped);
            out.print(Json.write(m));
        }
        else
        {
            out.println("xlat routeros audit: " + export + ": " + doc.commands().size() + " commands, "
                + findings.size() + " finding(s)" + (doc.unparsed().isEmpty() ? ""
                : ", " + doc.unparsed().size() + " line(s) not understood"));
            if (!findings.isEmpty())
            {
                final TextTable t = new TextTable("LINE", "POLICY", "FINDING");
                for (final Finding f : findings)
                {
                    t.row(f.line() > 0 ? f.line() : "-", f.policy(), f.message());
                }
                t.print(out, "  ");
            }
        }
        out.flush();
        return findings.isEmpty() ? 0 : FINDINGS;
    }
}
