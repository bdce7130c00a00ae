package io.xlat.examples.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ConfigAndMetricsTest
{
    @TempDir
    Path dir;

    @Command(name = "sample")
    static final class Sample implements Runnable
    {
        @Option(names = "--pool6")
        String pool6;

        @Option(names = "--eamt")
        List<String> eamt = new ArrayList<>();

        @Option(names = "--allow-wkp-non-global")
        boolean allow;

        @Option(names = "--mtu6")
        Integer mtu6;

        @Option(names = "--config")
        Path config;

        @Override
        public void run()
        {
        }
    }

    @Test
    void shouldReadKeysLikeFlagsWithCommentsAndSwitches() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("a.conf"),
            "# comment\npool6 = 64:ff9b::/96\n\neamt=2001:db8::/128=192.0.2.1/32  # trailing\nallow-wkp-non-global\n");

        assertEquals(List.of("--pool6", "64:ff9b::/96", "--eamt", "2001:db8::/128=192.0.2.1/32",
            "--allow-wkp-non-global"), ConfigFile.toArgs(file));
    }

    @Test
    void shouldKeepAHashInsideAValueButDropATrailingComment() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("d.conf"),
            "static-bib = tcp:192.0.2.1#8443=2001:db8::1#443 # web\n#static-bib = udp:192.0.2.1#53=2001:db8::1#53\n");

        assertEquals(List.of("--static-bib", "tcp:192.0.2.1#8443=2001:db8::1#443"), ConfigFile.toArgs(file));
    }

    @Test
    void shouldLetTheCommandLineOverrideSingleValuesAndAddToLists() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("b.conf"),
            "pool6 = 2001:db8:64::/96\neamt = A=B\nmtu6 = 1400\nallow-wkp-non-global\n");
        final CommandLine commandLine = new CommandLine(new Sample());
        commandLine.parseArgs("--config", file.toString(), "--pool6", "64:ff9b::/96", "--eamt", "C=D");

        final Sample merged = ConfigFile.merge(commandLine.getCommandSpec(), new Sample(), file);

        assertEquals("64:ff9b::/96", merged.pool6);
        assertEquals(List.of("A=B", "C=D"), merged.eamt);
        assertEquals(1400, merged.mtu6);
        assertTrue(merged.allow);
    }

    @Test
    void shouldNameTheFileAndLineOfABadKey() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("c.conf"), "pool6 = x\n--mtu6 = 1\n");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ConfigFile.toArgs(file));
        assertTrue(ex.getMessage().contains("c.conf:2"), ex.getMessage());
    }

    @Test
    void shouldBindMetricsToLoopbackByDefaultAndRefuseOtherAddressesUnlessAllowed()
    {
        assertEquals(new InetSocketAddress("127.0.0.1", 9464), MetricsEndpoint.parse("--metrics", "9464", false));
        assertEquals(new InetSocketAddress("::1", 9), MetricsEndpoint.parse("--metrics", "[::1]:9", false));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> MetricsEndpoint.parse("--metrics", "0.0.0.0:9464", false));
        assertTrue(ex.getMessage().startsWith("--metrics 0.0.0.0:9464"), ex.getMessage());
        assertEquals(9464, MetricsEndpoint.parse("--metrics", "192.0.2.1:9464", true).getPort());
        assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.parse("--metrics", "localhost:1", false));
        assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.parse("--metrics", "127.0.0.1:0", false));
    }

    @Test
    void shouldServePrometheusTextOnMetrics() throws Exception
    {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
            () -> "xlat_test_total 42\n"))
        {
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(endpoint.url())).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode());
            assertEquals("xlat_test_total 42\n", response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        }
    }

    @Test
    void shouldParseDurationsInSecondsOrWithUnits()
    {
        assertEquals(300_000L, Parsers.durationMillis("--udp-timeout", "300"));
        assertEquals(7_440_000L, Parsers.durationMillis("--tcp-est-timeout", "2h4m"));
        assertEquals(4_500L, Parsers.durationMillis("--x", "4s500ms"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Parsers.durationMillis("--udp-timeout", "5 minutes"));
        assertTrue(ex.getMessage().startsWith("--udp-timeout 5 minutes"));
    }
}
