package io.xlat.examples.dns64;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code dig} and parses its sections (test helper; bounded by {@code +time} and {@code +tries}).
 */
final class Dig
{
    private Dig()
    {
    }

    /** One record as dig prints it. */
    record Rr(String name, long ttl, String type, String data)
    {
        /** The record without its TTL, for set comparison. */
        String key()
        {
            return name + " " + type + " " + data;
        }
    }

    /** A parsed dig answer. */
    record Result(String status, Set<String> flags, List<Rr> answer, List<Rr> authority, String text)
    {
        Set<String> answerKeys()
        {
            final Set<String> keys = new TreeSet<>();
            answer.forEach((rr) -> keys.add(rr.key()));
            return keys;
        }

        Set<String> answerKeys(final String type)
        {
            final Set<String> keys = new TreeSet<>();
            answer.stream().filter((rr) -> rr.type().equals(type)).forEach((rr) -> keys.add(rr.key()));
            return keys;
        }

        long ttl(final String type)
        {
            return answer.stream().filter((rr) -> rr.type().equals(type)).mapToLong(Rr::ttl).min().orElse(-1);
        }
    }

    static Result query(final int port, final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(port),
            "+time=2", "+tries=1", "+noall", "+comments", "+answer", "+authority", "+nocookie"));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException("dig did not finish: " + command);
        }
        return parse(text);
    }

    static Result parse(final String text)
    {
        String status = "NONE";
        final Set<String> flags = new TreeSet<>();
        final List<Rr> answer = new ArrayList<>();
        final List<Rr> authority = new ArrayList<>();
        List<Rr> section = null;
        for (final String raw : text.split("\n"))
        {
            final String line = raw.trim();
            if (line.contains("status:"))
            {
                status = line.replaceAll(".*status: ([A-Z]+).*", "$1");
            }
            else if (line.startsWith(";; flags:"))
            {
                final String list = line.substring(";; flags:".length()).split(";")[0].trim();
                for (final String flag : list.split("\\s+"))
                {
                    flags.add(flag);
                }
            }
            else if (line.startsWith(";; ANSWER SECTION"))
            {
                section = answer;
            }
            else if (line.startsWith(";; AUTHORITY SECTION"))
            {
                section = authority;
            }
            else if (line.isEmpty() || line.startsWith(";"))
            {
                section = line.isEmpty() ? null : section;
            }
            else if (null != section)
            {
                final String[] f = line.split("\\s+", 5);
                section.add(new Rr(f[0].toLowerCase(Locale.ROOT), Long.parseLong(f[1]), f[3],
                    f.length > 4 ? f[4].toLowerCase(Locale.ROOT) : ""));
            }
        }
        return new Result(status, flags, answer, authority, text);
    }
}
