package io.xlat.examples.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;

/**
 * Serves Prometheus text (exposition format 0.0.4) at {@code http://ADDR:PORT/metrics}, built on demand by the
 * given supplier on the HTTP thread (the control plane: it may allocate).
 * <p>
 * {@code --metrics} takes {@code PORT} (bound to 127.0.0.1), {@code ADDR:PORT} or {@code [V6ADDR]:PORT}. A
 * non-loopback address exposes the counters to the network, so {@link #parse} refuses it unless the operator says
 * so explicitly ({@code --metrics-allow-remote}).
 */
public final class MetricsEndpoint implements AutoCloseable
{
    private final HttpServer http;

    private MetricsEndpoint(final HttpServer http)
    {
        this.http = http;
    }

    /**
     * Parses a {@code --metrics} value.
     *
     * @param option      the option name, for messages.
     * @param text        {@code PORT}, {@code ADDR:PORT} or {@code [V6ADDR]:PORT}.
     * @param allowRemote whether a non-loopback address is accepted.
     * @return the address to bind.
     * @throws IllegalArgumentException naming the bad value.
     */
    public static InetSocketAddress parse(final String option, final String text, final boolean allowRemote)
    {
        final String value = text.trim();
        final InetSocketAddress socket = Parsers.socketAddress(option, value.matches("\\d+") ? "127.0.0.1:" + value
            : value, -1);
        final InetAddress address = socket.getAddress();
        final String host = address.getHostAddress();
        if (!address.isLoopbackAddress() && !allowRemote)
        {
            throw new IllegalArgumentException(option + " " + text + ": " + host + " is not a loopback address; "
                + "counters would be visible to the network (add --metrics-allow-remote if that is intended)");
        }
        return socket;
    }

    /**
     * Binds and starts the endpoint.
     *
     * @param address where to listen.
     * @param body    builds the Prometheus text for each scrape.
     * @return the running endpoint.
     * @throws IOException when the address cannot be bound.
     */
    public static MetricsEndpoint start(final InetSocketAddress address, final Supplier<String> body)
        throws IOException
    {
        final HttpServer http = HttpServer.create(address, 16);
        http.createContext("/metrics", (exchange) ->
        {
            final byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(bytes);
            }
            exchange.close();
        });
        http.start();
        return new MetricsEndpoint(http);
    }

    /**
     * The bound address (with the real port when 0 was asked).
     *
     * @return the address.
     */
    public InetSocketAddress address()
    {
        return http.getAddress();
    }

    /**
     * The scrape URL.
     *
     * @return {@code http://ADDR:PORT/metrics}.
     */
    public String url()
    {
        final InetSocketAddress address = http.getAddress();
        final String host = address.getAddress().getHostAddress();
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort() + "/metrics";
    }

    @Override
    public void close()
    {
        http.stop(0);
    }
}
