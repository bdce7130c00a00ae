package io.xlat.examples.dns64;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real DNS peers for integration tests, on 127.0.0.1 and free high ports only: a BIND9 authoritative server for the
 * test zones and an Unbound resolver with its dns64 module stubbed to it. Everything lives in one temp directory and
 * is killed by {@link #close()}.
 */
final class DnsPeers implements AutoCloseable
{
    static final String EXAMPLE_ZONE = String.join("\n",
        "$TTL 3600",
        "@ 3600 IN SOA ns.example. hostmaster.example. 1 3600 600 86400 60",
        "@ IN NS ns.example.",
        "ns IN A 127.0.0.1",
        "a-only 300 IN A 192.0.2.1",
        "dual 300 IN A 192.0.2.2",
        "dual 300 IN AAAA 2001:db8::2",
        "mapped 300 IN A 192.0.2.3",
        "mapped 300 IN AAAA ::ffff:192.0.2.3",
        "cname 300 IN CNAME a-only",
        "chain 300 IN CNAME cname",
        "txtonly 300 IN TXT \"no addresses\"",
        "multi 300 IN A 192.0.2.10",
        "multi 300 IN A 192.0.2.11",
        "multi 300 IN A 192.0.2.12",
        "short 5 IN A 192.0.2.20",
        "long 86400 IN A 192.0.2.21",
        "") + bigRecords();
    static final String IPV4ONLY_ZONE = String.join("\n",
        "$TTL 3600",
        "@ IN SOA ns.example. hostmaster.example. 1 3600 600 86400 3600",
        "@ IN NS ns.example.",
        "@ IN A 192.0.0.170",
        "@ IN A 192.0.0.171",
        "");
    static final String REVERSE_ZONE = String.join("\n",
        "$TTL 3600",
        "@ IN SOA ns.example. hostmaster.example. 1 3600 600 86400 60",
        "@ IN NS ns.example.",
        "1 IN PTR a-only.example.",
        "");
    /** A records of big.example: more than a 1232-byte UDP answer holds, so upstream answers come back with TC. */
    static final int BIG_COUNT = 100;

    final Path dir;
    final int authPort;
    final int unboundPort;
    private final List<Process> processes = new ArrayList<>();

    DnsPeers() throws IOException, InterruptedException
    {
        dir = Files.createTempDirectory("xlat-dns64-it");
        authPort = freePort();
        int other = freePort();
        while (other == authPort)
        {
            other = freePort();
        }
        unboundPort = other;
        try
        {
            startNamed();
            startUnbound();
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            throw ex;
        }
        catch (final InterruptedException ex)
        {
            close();
            throw ex;
        }
    }

    private static String bigRecords()
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 1; i <= BIG_COUNT; i++)
        {
            text.append("big 300 IN A 198.51.100.").append(i).append('\n');
        }
        return text.toString();
    }

    static boolean toolsPresent()
    {
        return Stream.of("/usr/sbin/named", "/usr/sbin/unbound", "/usr/bin/dig").allMatch((p) -> Files.isExecutable(
            Path.of(p)));
    }

    /** A port free for both UDP and TCP on 127.0.0.1, in the high range. */
    static int freePort() throws IOException
    {
        for (int i = 0; i < 100; i++)
        {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
            {
                final int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress()))
                {
                    if (port > 1024)
                    {
                        return tcp.getLocalPort();
                    }
                }
                catch (final IOException ignore)
                {
                    // taken for TCP: try another
                }
            }
        }
        throw new IOException("no free port found");
    }

    private void startNamed() throws IOException, InterruptedException
    {
        write("example.zone", EXAMPLE_ZONE);
        write("ipv4only.zone", IPV4ONLY_ZONE);
        write("rev.zone", REVERSE_ZONE);
        write("named.conf", String.join("\n",
            "options {",
            "  directory \"" + dir + "\";",
            "  listen-on port " + authPort + " { 127.0.0.1; };",
            "  listen-on-v6 { none; };",
            "  pid-file \"" + dir.resolve("named.pid") + "\";",
            "  session-keyfile \"" + dir.resolve("session.key") + "\";",
            "  recursion no;",
            "  dnssec-validation no;",
            "  allow-query { 127.0.0.1; };",
            "};",
            "zone \"example.\" { type primary; file \"" + dir.resolve("example.zone") + "\"; };",
            "zone \"ipv4only.arpa.\" { type primary; file \"" + dir.resolve("ipv4only.zone") + "\"; };",
            "zone \"2.0.192.in-addr.arpa.\" { type primary; file \"" + dir.resolve("rev.zone") + "\"; };",
            ""));
        start(List.of("/usr/sbin/named", "-g", "-c", dir.resolve("named.conf").toString()), "named.log");
        awaitAnswer(authPort, "named");
    }

    private void startUnbound() throws IOException, InterruptedException
    {
        final List<String> conf = new ArrayList<>(List.of(
            "server:",
            "  interface: 127.0.0.1",
            "  port: " + unboundPort,
            "  do-ip6: no",
            "  username: \"\"",
            "  chroot: \"\"",
            "  directory: \"" + dir + "\"",
            "  pidfile: \"" + dir.resolve("unbound.pid") + "\"",
            "  use-syslog: no",
            "  do-daemonize: no",
            "  module-config: \"dns64 iterator\"",
            "  dns64-prefix: 64:ff9b::/96",
            "  do-not-query-localhost: no",
            "  access-control: 127.0.0.0/8 allow",
            "  num-threads: 1",
            "  verbosity: 0"));
        for (final String zone : List.of("example.", "ipv4only.arpa.", "2.0.192.in-addr.arpa."))
        {
            conf.add("  local-zone: \"" + zone + "\" nodefault");
        }
        for (final String zone : List.of("example.", "ipv4only.arpa.", "2.0.192.in-addr.arpa."))
        {
            conf.addAll(List.of("stub-zone:", "  name: \"" + zone + "\"", "  stub-addr: 127.0.0.1@" + authPort));
        }
        write("unbound.conf", String.join("\n", conf) + "\n");
        start(List.of("/usr/sbin/unbound", "-d", "-c", dir.resolve("unbound.conf").toString()), "unbound.log");
        awaitAnswer(unboundPort, "unbound");
    }

    private void write(final String name, final String text) throws IOException
    {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private void start(final List<String> command, final String log) throws IOException
    {
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve(log).toFile()).start());
    }

    private void awaitAnswer(final int port, final String what) throws IOException, InterruptedException
    {
        for (int i = 0; i < 50; i++)
        {
            final Dig.Result result = Dig.query(port, "+time=1", "a-only.example", "A");
            if ("NOERROR".equals(result.status()) && !result.answer().isEmpty())
            {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException(what + " did not answer on port " + port + "; log: " + Files.readString(
            dir.resolve(what + ".log")));
    }

    @Override
    public void close() throws IOException
    {
        for (final Process process : processes)
        {
            process.destroy();
            try
            {
                if (!process.waitFor(5, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
        }
    }
}
