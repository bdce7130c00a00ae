package io.xlat.examples.dns64;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpServer;

import io.xlat.dns64.server.Dns64Server;
import io.xlat.dns64.server.Dns64ServerConfig;
import io.xlat.dns64.synth.AddressMatchList;
import io.xlat.dns64.synth.Dns64Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlat dns64}: a forwarding DNS64 server (RFC 6147) over UDP and TCP.
 * <p>
 * {@code --config FILE} takes the same keys as the flags without the leading dashes, one {@code key = value} per
 * line ({@code #} starts a comment; repeatable keys may repeat; a bare key such as {@code wkp-global-only} is a
 * switch). Values from the file come first; flags on the command line add to lists and override single values.
 */
@Command(
    name = "dns64",
    mixinStandardHelpOptions = true,
    description = "Forwarding DNS64 server (RFC 6147): UDP and TCP, cache, ACL, Prometheus metrics.")
public final class Dns64Command implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "ADDR:PORT",
        description = "Listen address, UDP and TCP (repeatable; e.g. [::]:53, 127.0.0.1:5353). Default 127.0.0.1:53.")
    private List<String> listen = new ArrayList<>();

    @Option(names = "--upstream", paramLabel = "HOST[:PORT]",
        description = "Upstream recursive resolver (repeatable; IP literal, port 53 by default).")
    private List<String> upstream = new ArrayList<>();

    @Option(names = "--prefix", paramLabel = "PREFIX",
        description = "Pref64::/n (repeatable; /32 /40 /48 /56 /64 /96). Default 64:ff9b::/96.")
    private List<String> prefix = new ArrayList<>();

    @Option(names = "--allow", paramLabel = "PREFIX",
        description = "Clients allowed to query (repeatable; others get REFUSED). Default loopback only.")
    private List<String> allow = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "LIST",
        description = "AAAA ranges treated as absent (BIND9 exclude; repeatable). Default ::ffff:0:0/96.")
    private List<String> exclude = new ArrayList<>();

    @Option(names = "--mapped", paramLabel = "LIST",
        description = "IPv4 addresses of A records that are synthesized (BIND9 mapped; repeatable). Default any.")
    private List<String> mapped = new ArrayList<>();

    @Option(names = "--clients", paramLabel = "LIST",
        description = "Clients that get DNS64 (BIND9 clients; repeatable); others get plain forwarding. Default any.")
    private List<String> clients = new ArrayList<>();

    @Option(names = "--wkp-global-only",
        description = "Apply RFC 6052 3.1: no synthesis of non-global IPv4 under 64:ff9b::/96 (off by default).")
    private Boolean wkpGlobalOnly;

    @Option(names = "--cache-size", paramLabel = "ENTRIES", description = "Cache entries, 0 disables (16384).")
    private Integer cacheSize;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Upstream timeout per try (2000).")
    private Integer timeoutMs;

    @Option(names = "--attempts", paramLabel = "N", description = "Upstream tries per query, next upstream each (3).")
    private Integer attempts;

    @Option(names = "--max-tcp-clients", paramLabel = "N", description = "Concurrent TCP clients (64).")
    private Integer maxTcpClients;

    @Option(names = "--tcp-idle-ms", paramLabel = "MS", description = "TCP idle timeout (10000).")
    private Integer tcpIdleMs;

    @Option(names = "--metrics", paramLabel = "ADDR:PORT",
        description = "Serve Prometheus text at http://ADDR:PORT/metrics (e.g. 127.0.0.1:9153).")
    private String metrics;

    @Option(names = "--config", paramLabel = "FILE", description = "Read settings from FILE (key = value lines).")
    private Path config;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter err = null == spec ? new PrintWriter(System.err, true) : spec.commandLine().getErr();
        final Dns64ServerConfig serverConfig;
        try
        {
            serverConfig = toServerConfigFromFile();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("xlat dns64: " + ex.getMessage());
            err.flush();
            return 2;
        }
        final Dns64Server server = Dns64Server.start(serverConfig);
        final HttpServer http = null == metrics ? null : startMetrics(server);
        final Thread hook = new Thread(() ->
        {
            // SIGTERM / SIGINT: stop the server thread, close every socket.
            if (null != http)
            {
                http.stop(0);
            }
            server.close();
            stopped.countDown();
        }, "xlat-dns64-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final PrintWriter out = null == spec ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
        for (int i = 0; i < serverConfig.listen().size(); i++)
        {
            out.println("xlat dns64: listening on " + server.udpAddress(i) + " (udp, tcp), upstream " +
                serverConfig.upstreams() + ", prefixes " + prefixesText(serverConfig.dns64()));
        }
        out.flush();
        stopped.await();
        return 0;
    }

    private static String prefixesText(final Dns64Config dns64)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < dns64.prefixCount(); i++)
        {
            text.append(i == 0 ? "" : ", ").append(dns64.prefix(i));
        }
        return text.toString();
    }

    private HttpServer startMetrics(final Dns64Server server) throws IOException
    {
        final HttpServer http = HttpServer.create(parseSocketAddress("--metrics", metrics, -1), 16);
        http.createContext("/metrics", (exchange) ->
        {
            final byte[] body = server.prometheus().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        return http;
    }

    /**
     * Merges {@code --config} (when given) and builds the server settings, as {@link #call()} does.
     *
     * @return the settings.
     */
    Dns64ServerConfig toServerConfigFromFile()
    {
        if (null != config)
        {
            mergeConfigFile(config);
            config = null;
        }
        return toServerConfig();
    }

    /**
     * Builds the server settings from the options; fails naming the bad value.
     *
     * @return the settings.
     */
    Dns64ServerConfig toServerConfig()
    {
        final Dns64Config.Builder dns64 = Dns64Config.builder();
        for (final String p : prefix)
        {
            try
            {
                dns64.prefix(p);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--prefix " + p + ": " + ex.getMessage(), ex);
            }
        }
        if (!exclude.isEmpty())
        {
            dns64.exclude(list("--exclude", exclude));
        }
        if (!mapped.isEmpty())
        {
            dns64.mapped(list("--mapped", mapped));
        }
        if (!clients.isEmpty())
        {
            dns64.clients(list("--clients", clients));
        }
        dns64.wkpGlobalOnly(Boolean.TRUE.equals(wkpGlobalOnly));
        final Dns64ServerConfig.Builder builder = Dns64ServerConfig.builder().dns64(dns64.build());
        for (final String l : listen.isEmpty() ? List.of("127.0.0.1:53") : listen)
        {
            builder.listen(parseSocketAddress("--listen", l, -1));
        }
        if (upstream.isEmpty())
        {
            throw new IllegalArgumentException("--upstream is required (an upstream recursive resolver)");
        }
        for (final String u : upstream)
        {
            builder.upstream(parseSocketAddress("--upstream", u, 53));
        }
        if (!allow.isEmpty())
        {
            builder.allow(list("--allow", allow));
        }
        if (null != cacheSize)
        {
            builder.cacheSize(cacheSize);
        }
        if (null != timeoutMs)
        {
            builder.timeoutMs(timeoutMs);
        }
        if (null != attempts)
        {
            builder.attempts(attempts);
        }
        if (null != maxTcpClients)
        {
            builder.maxTcpClients(maxTcpClients);
        }
        if (null != tcpIdleMs)
        {
            builder.tcpIdleTimeoutMs(tcpIdleMs);
        }
        return builder.build();
    }

    private static AddressMatchList list(final String option, final List<String> values)
    {
        try
        {
            return AddressMatchList.parse(String.join(";", values));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " " + values + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port}, or a bare IP literal when a default port is given.
     *
     * @param option      named in errors.
     * @param text        the value.
     * @param defaultPort port when none is given, or -1 when the port is required.
     * @return the address.
     */
    static InetSocketAddress parseSocketAddress(final String option, final String text, final int defaultPort)
    {
        final String value = text.trim();
        String host = value;
        String port = null;
        if (value.startsWith("["))
        {
            final int close = value.indexOf(']');
            if (close < 0)
            {
                throw new IllegalArgumentException(option + " " + text + ": missing ']'");
            }
            host = value.substring(1, close);
            final String rest = value.substring(close + 1);
            if (rest.startsWith(":"))
            {
                port = rest.substring(1);
            }
            else if (!rest.isEmpty())
            {
                throw new IllegalArgumentException(option + " " + text + ": expected [ADDRESS]:PORT");
            }
        }
        else if (value.indexOf(':') == value.lastIndexOf(':') && value.indexOf(':') >= 0)
        {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        if (null == port && defaultPort < 0)
        {
            throw new IllegalArgumentException(option + " " + text + ": a port is required (ADDRESS:PORT)");
        }
        final int portNumber;
        try
        {
            portNumber = null == port ? defaultPort : Integer.parseInt(port);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": bad port '" + port + "'", ex);
        }
        if (portNumber < 0 || portNumber > 65535)
        {
            throw new IllegalArgumentException(option + " " + text + ": port " + portNumber + " out of 0..65535");
        }
        if (!isIpLiteral(host))
        {
            throw new IllegalArgumentException(option + " " + text + ": '" + host + "' is not an IP address");
        }
        try
        {
            return new InetSocketAddress(InetAddress.getByName(host), portNumber);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": " + ex.getMessage(), ex);
        }
    }

    private static boolean isIpLiteral(final String host)
    {
        if (host.isEmpty())
        {
            return false;
        }
        if (host.indexOf(':') >= 0)
        {
            return host.matches("[0-9A-Fa-f:.]+");
        }
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private void mergeConfigFile(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--config " + file + ": " + ex.getMessage(), ex);
        }
        final Dns64Command fromFile = new Dns64Command();
        final List<String> args = new ArrayList<>();
        int number = 0;
        for (final String raw : lines)
        {
            number++;
            final int hash = raw.indexOf('#');
            final String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty())
            {
                continue;
            }
            final int eq = line.indexOf('=');
            final String key = (eq < 0 ? line : line.substring(0, eq)).trim();
            if ("config".equals(key))
            {
                throw new IllegalArgumentException("--config " + file + ":" + number + ": key '" + key +
                    "' not allowed here");
            }
            args.add("--" + key);
            if (eq >= 0)
            {
                args.add(line.substring(eq + 1).trim());
            }
        }
        try
        {
            new picocli.CommandLine(fromFile).parseArgs(args.toArray(new String[0]));
        }
        catch (final picocli.CommandLine.ParameterException ex)
        {
            throw new IllegalArgumentException("--config " + file + ": " + ex.getMessage(), ex);
        }
        listen = concat(fromFile.listen, listen);
        upstream = concat(fromFile.upstream, upstream);
        prefix = concat(fromFile.prefix, prefix);
        allow = concat(fromFile.allow, allow);
        exclude = concat(fromFile.exclude, exclude);
        mapped = concat(fromFile.mapped, mapped);
        clients = concat(fromFile.clients, clients);
        wkpGlobalOnly = null != wkpGlobalOnly ? wkpGlobalOnly : fromFile.wkpGlobalOnly;
        cacheSize = null != cacheSize ? cacheSize : fromFile.cacheSize;
        timeoutMs = null != timeoutMs ? timeoutMs : fromFile.timeoutMs;
        attempts = null != attempts ? attempts : fromFile.attempts;
        maxTcpClients = null != maxTcpClients ? maxTcpClients : fromFile.maxTcpClients;
        tcpIdleMs = null != tcpIdleMs ? tcpIdleMs : fromFile.tcpIdleMs;
        metrics = null != metrics ? metrics : fromFile.metrics;
    }

    private static List<String> concat(final List<String> first, final List<String> second)
    {
        final List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
