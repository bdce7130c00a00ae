package io.xlat.examples.dns64;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.xlat.dns64.server.ChannelDatagramIo;
import io.xlat.dns64.server.DatagramIo;
import io.xlat.dns64.server.Dns64Server;
import io.xlat.dns64.server.Dns64ServerConfig;
import io.xlat.dns64.synth.AddressMatchList;
import io.xlat.dns64.synth.Dns64Config;
import io.xlat.examples.daemon.ConfigFile;
import io.xlat.examples.daemon.MetricsEndpoint;
import io.xlat.examples.daemon.Parsers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlat dns64}: a forwarding DNS64 server (RFC 6147) over UDP and TCP.
 * <p>
 * {@code --config FILE} takes the same keys as the flags without the leading dashes, one {@code key = value} per
 * line ({@code #} starts a comment; repeatable keys may repeat; a bare key such as {@code wkp-global-only} is a
 * switch), read by the daemons' {@link ConfigFile}. Values from the file come first; flags on the command line add
 * to lists and override single values.
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

    @Option(names = "--datagram-io", paramLabel = "MODE",
        description = "UDP I/O: auto (mmsg on Linux, else channel), mmsg (recvmmsg/sendmmsg, one system call per " +
            "batch), channel (DatagramChannel, one per datagram). Default auto.")
    private String datagramIo;

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
        final Dns64Command settings;
        final Dns64ServerConfig serverConfig;
        try
        {
            settings = withConfigFile();
            serverConfig = settings.toServerConfig();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("xlat dns64: " + ex.getMessage());
            err.flush();
            return 2;
        }
        // SIGHUP: re-read, validate, rebuild the server with the new settings (Dns64Reload, which alone holds it)
        final Dns64Reload reload = new Dns64Reload(spec, config, settings, Dns64Server.start(serverConfig));
        final MetricsEndpoint http = null == settings.metrics ? null
            : MetricsEndpoint.start(parseSocketAddress("--metrics", settings.metrics, -1), reload::prometheus);
        final Thread hook = new Thread(() ->
        {
            // SIGTERM / SIGINT: stop the server thread, close every socket.
            if (null != http)
            {
                http.close();
            }
            reload.close();
            stopped.countDown();
        }, "xlat-dns64-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        reload.install();
        final PrintWriter out = null == spec ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
        for (int i = 0; i < serverConfig.listen().size(); i++)
        {
            out.println("xlat dns64: listening on " + reload.server().udpAddress(i) + " (udp, tcp), upstream " +
                serverConfig.upstreams() + ", prefixes " + prefixesText(serverConfig.dns64()));
        }
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Takes the settings a running server cannot change from the running ones (a reload keeps them).
     *
     * @param running the settings in use.
     */
    void keepListenAndMetrics(final Dns64Command running)
    {
        listen = new ArrayList<>(running.listen);
        metrics = running.metrics;
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

    /**
     * The effective options: this command, or a fresh one holding {@code --config} with the command line on top.
     *
     * @return the options to run with.
     * @throws IllegalArgumentException naming the file and what is wrong.
     */
    private Dns64Command withConfigFile()
    {
        return null == config ? this : ConfigFile.merge(spec, new Dns64Command(), config);
    }

    /**
     * Merges {@code --config} (when given) and builds the server settings, as {@link #call()} does.
     *
     * @return the settings.
     */
    Dns64ServerConfig toServerConfigFromFile()
    {
        return withConfigFile().toServerConfig();
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
        builder.datagramIo(datagramIoFactory(null == datagramIo ? "auto" : datagramIo));
        return builder.build();
    }

    /**
     * The UDP I/O of {@code --datagram-io}.
     *
     * @param mode auto, mmsg or channel.
     * @return the factory.
     * @throws IllegalArgumentException for another mode, or mmsg off Linux.
     */
    static DatagramIo.Factory datagramIoFactory(final String mode)
    {
        final boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        switch (mode)
        {
            case "channel":
                return ChannelDatagramIo::new;
            case "mmsg":
                if (!linux)
                {
                    throw new IllegalArgumentException("--datagram-io mmsg: needs Linux (recvmmsg/sendmmsg)");
                }
                return MmsgDatagramIo::open;
            case "auto":
                return linux ? Dns64Command::mmsgOrChannel : ChannelDatagramIo::new;
            default:
                throw new IllegalArgumentException("--datagram-io " + mode + ": must be auto, mmsg or channel");
        }
    }

    private static DatagramIo mmsgOrChannel(final DatagramChannel channel) throws IOException
    {
        try
        {
            return MmsgDatagramIo.open(channel);
        }
        catch (final IOException | RuntimeException | LinkageError ex)
        {
            System.err.println("xlat dns64: " + channel.getLocalAddress() + ": recvmmsg/sendmmsg unavailable (" +
                ex.getMessage() + "), using DatagramChannel");
            return new ChannelDatagramIo(channel);
        }
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
     * Parses {@code host:port}, {@code [v6]:port}, or a bare IP literal when a default port is given; port 0 (any
     * free port) is accepted, as a listener may ask for one.
     *
     * @param option      named in errors.
     * @param text        the value.
     * @param defaultPort port when none is given, or -1 when the port is required.
     * @return the address.
     */
    static InetSocketAddress parseSocketAddress(final String option, final String text, final int defaultPort)
    {
        final InetSocketAddress address = Parsers.socketAddress(option, text, defaultPort, 0);
        // InetAddress.ofLiteral also takes BSD shorthand ("10.1.2" is 10.1.0.2, "1" is 0.0.0.1), whose canonical
        // dotted quad is then absent from the text; xlat dns64 has always refused those.
        if (address.getAddress() instanceof Inet4Address && !text.contains(address.getAddress().getHostAddress()))
        {
            throw new IllegalArgumentException(option + " " + text + ": is not an IP address (IPv4 takes a.b.c.d)");
        }
        return address;
    }
}
