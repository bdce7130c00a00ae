package io.xlat.examples.routeros;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.xlat.routing.json.Json;
import io.xlat.routing.policy.PolicyConfig;
import io.xlat.routing.routeros.ScriptGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlat routeros generate}: writes the policies as a {@code .rsc} script for {@code /import}.
 * Exit codes: 0 written, 1 cannot write the output, 2 bad option value.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Writes BgpFlapGuard, HotspotDnsBypass and PlatFailover as a RouterOS v6/v7 script; every command "
        + "is preceded by a comment saying why.")
public final class GenerateCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private PolicyOptions policy = new PolicyOptions();

    @Option(names = "--out", paramLabel = "FILE.rsc", description = "Write the script here instead of stdout.")
    private Path out;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
        description = "table: the script itself; json: {\"rosVersion\", \"script\"} (default: ${DEFAULT-VALUE}).")
    private String format;

    @Override
    public Integer call()
    {
        final boolean json = RouterOsCommand.json(spec, format);
        final PolicyConfig config = policy.build(spec.commandLine());
        final String script = ScriptGenerator.generate(config);
        final String text;
        if (json)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("rosVersion", config.version().number());
            m.put("script", script);
            text = Json.write(m);
        }
        else
        {
            text = script;
        }
        final PrintWriter stdout = spec.commandLine().getOut();
        if (out == null)
        {
            stdout.print(text);
            stdout.flush();
            return 0;
        }
        try
        {
            Files.writeString(out, text);
        }
        catch (final IOException ex)
        {
            spec.commandLine().getErr().println("xlat routeros generate: cannot write " + out + ": " + ex);
            return 1;
        }
        stdout.println("xlat routeros generate: wrote " + out + " (RouterOS " + config.version().number() + ")");
        stdout.flush();
        return 0;
    }
}
