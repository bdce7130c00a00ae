package io.xlat.examples.translate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.xlat.core.addr.EamTable;
import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64State;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.nat64.StaticBibEntry;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.examples.pcap.PcapReader;
import io.xlat.examples.pcap.PcapWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xlat translate}: reads a pcap file, translates every IP packet by its version (SIIT, RFC 7915), and
 * writes every packet the translator emits (translated packets, fragments, ICMP errors it originates) to a raw-IP
 * pcap file in input order, keeping the input timestamps; then prints a counter summary.
 * <p>
 * Exit codes: 0 done, 1 I/O error (unreadable or garbled input, unwritable output), 2 bad option value.
 */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    description = {
        "Translates a pcap file offline with SIIT (RFC 7915) or stateful NAT64 (RFC 6146, --mode nat64): IPv4 "
            + "packets to IPv6 and IPv6 packets to IPv4; with NAT64 the capture timestamps are the clock.",
        "Writes every emitted packet (translations, fragments, ICMP errors) as raw IP (linktype 101)."
    },
    sortOptions = false)
public final class TranslateCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "siit",
        description = "siit (RFC 7915, stateless) or nat64 (RFC 6146, stateful; default: ${DEFAULT-VALUE}).")
    private String mode = "siit";

    @Option(names = "--pool4", paramLabel = "V4PFX[:PORTS]",
        description = "NAT64 pool4, repeatable, e.g. 192.0.2.0/28 or 192.0.2.1/32:1024-65535 (--mode nat64).")
    private List<String> pool4 = new ArrayList<>();

    @Option(names = "--static-bib", paramLabel = "PROTO:V4ADDR#PORT=V6ADDR#PORT",
        description = "NAT64 static BIB entry, repeatable, e.g. tcp:192.0.2.1#8080=2001:db8::80#80.")
    private List<String> staticBib = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        description = "NAT64 port-allocation seed, for reproducible runs (default: ${DEFAULT-VALUE}).")
    private long seed = 1;

    @Option(names = "--pool6", paramLabel = "V6PFX",
        description = "RFC 6052 prefix, e.g. 64:ff9b::/96 or 2001:db8:64::/96 (optional when --eamt covers the "
            + "traffic).")
    private String pool6;

    @Option(names = "--eamt", paramLabel = "V6PFX=V4PFX",
        description = "Explicit address mapping (RFC 7757), repeatable, e.g. 2001:db8:6::/120=192.0.2.0/24.")
    private List<String> eamt = new ArrayList<>();

    @Option(names = "--rfc6791v4", paramLabel = "V4PFX",
        description = "IPv4 pool for sources of ICMPv6 errors whose source cannot be translated (RFC 6791).")
    private String rfc6791v4;

    @Option(names = "--rfc6791v6", paramLabel = "V6PFX",
        description = "IPv6 pool for sources of ICMPv4 errors whose source cannot be translated.")
    private String rfc6791v6;

    @Option(names = "--self4", paramLabel = "ADDR", description = "The translator's own IPv4 address.")
    private String self4;

    @Option(names = "--self6", paramLabel = "ADDR", description = "The translator's own IPv6 address.")
    private String self6;

    @Option(names = "--mtu4", paramLabel = "N", defaultValue = "1500",
        description = "IPv4 egress MTU, 68..65535 (default: ${DEFAULT-VALUE}).")
    private int mtu4;

    @Option(names = "--mtu6", paramLabel = "N", defaultValue = "1500",
        description = "IPv6 egress MTU, 1280..65535 (default: ${DEFAULT-VALUE}).")
    private int mtu6;

    @Option(names = "--lowest-ipv6-mtu", paramLabel = "N", defaultValue = "1280",
        description = "Smallest MTU on the IPv6 side, 1280..65535 (default: ${DEFAULT-VALUE}).")
    private int lowestIpv6Mtu;

    @Option(names = "--amend-udp-checksum-zero", negatable = true, defaultValue = "true", fallbackValue = "true",
        arity = "0..1", paramLabel = "BOOL",
        description = "Compute a checksum for IPv4 UDP datagrams that have none, instead of dropping them "
            + "(default: ${DEFAULT-VALUE}).")
    private boolean amendUdpChecksumZero = true;

    @Option(names = "--icmp-errors-on-drop",
        description = "Answer untranslatable packets (unmappable address, UDP without checksum when not amended, an "
            + "extension header after the Fragment header) with ICMP Destination Unreachable, administratively "
            + "prohibited (RFC 7915 4.4 and 5.4; the ICMPv6 one needs --self6) instead of dropping them silently.")
    private boolean icmpErrorsOnDrop;

    @Option(names = "--zero-ipv4-identification",
        description = "6->4: leave the IPv4 Identification 0 on DF-clear packets it does not fragment (RFC 7915 5.1 "
            + "base rule) instead of generating one per packet (the default, as Jool; RFC 6864 4.1).")
    private boolean zeroIpv4Identification;

    @Option(names = "--allow-wkp-non-global",
        description = "Translate non-global IPv4 addresses (e.g. documentation ranges) under the Well-Known "
            + "Prefix 64:ff9b::/96, which RFC 6052 3.1 forbids.")
    private boolean allowWkpNonGlobal;

    @Option(names = "--in", paramLabel = "IN.pcap", required = true, description = "Input capture.")
    private Path in;

    @Option(names = "--out", paramLabel = "OUT.pcap", required = true, description = "Output capture (raw IP).")
    private Path out;

    private TranslateSummary summary;

    @Override
    public Integer call()
    {
        final OfflineTranslator translator = buildTranslator();
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(in))
        {
            err.println("xlat translate: --in " + in + ": "
                + (Files.exists(in) ? "not a regular file" : "no such file"));
            return 1;
        }
        try
        {
            summary = run(translator, in, out, err);
        }
        catch (final NoSuchFileException ex)
        {
            err.println("xlat translate: " + ex.getFile() + ": no such file or directory");
            return 1;
        }
        catch (final IOException ex)
        {
            err.println("xlat translate: " + ex.getMessage());
            return 1;
        }
        final PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("xlat translate: " + in + " -> " + out + " (" + translator.describe() + ")");
        summary.print(stdout);
        translator.printDetails(stdout);
        stdout.flush();
        return 0;
    }

    /**
     * The counters of the last run, for tests that run the command in-process.
     *
     * @return the summary, or null before a successful run.
     */
    public TranslateSummary summary()
    {
        return summary;
    }

    private static TranslateSummary run(
        final OfflineTranslator translator, final Path inFile, final Path outFile, final PrintWriter err)
        throws IOException
    {
        final TranslationResult result = new TranslationResult();
        final TranslationResult timers = new TranslationResult();
        final TranslateSummary totals = new TranslateSummary(translator.counters());
        try (PcapReader reader = PcapReader.open(inFile); PcapWriter writer = PcapWriter.openRaw(outFile,
            reader.nanosecond()))
        {
            while (reader.next())
            {
                totals.packetsRead++;
                final long nowMillis = reader.timestampSeconds() * 1000 + (reader.nanosecond() ?
                    reader.timestampFraction() / 1_000_000 : reader.timestampFraction() / 1000);
                final int fired = translator.tick(nowMillis, timers);
                for (int i = 0; i < fired; i++)
                {
                    writer.write(reader.timestampSeconds(), reader.timestampFraction(), timers.buffer(),
                        timers.offset(i), timers.length(i));
                }
                totals.packetsWritten += fired;
                result.reset();
                final int verdict;
                try
                {
                    verdict = translator.translate(reader.buffer(), reader.ipOffset(), reader.ipLength(), result);
                }
                catch (final RuntimeException ex)
                {
                    // A translator must not throw; count it, report the first one, and go on with the next packet.
                    if (totals.exceptions++ == 0)
                    {
                        err.println("xlat translate: translator threw on packet " + totals.packetsRead
                            + " (record at offset " + reader.recordOffset() + "): " + ex);
                    }
                    continue;
                }
                if (verdict < 0)
                {
                    if (translator.droppedByWkpRule(verdict, reader.buffer(), reader.ipOffset(), reader.ipLength()))
                    {
                        totals.wkpRuleDrops++;
                    }
                    continue;
                }
                for (int i = 0; i < result.count(); i++)
                {
                    writer.write(reader.timestampSeconds(), reader.timestampFraction(), result.buffer(),
                        result.offset(i), result.length(i));
                }
                totals.packetsWritten += result.count();
            }
            totals.skippedFrames = reader.skipped();
        }
        return totals;
    }

    private OfflineTranslator buildTranslator()
    {
        final CommandLine cl = spec.commandLine();
        final SiitAddressMapper.Builder mapper = SiitAddressMapper.builder().allowWkpNonGlobal(allowWkpNonGlobal);
        if (pool6 != null)
        {
            parse("--pool6", pool6, () -> mapper.pool6(Ipv6Prefix.parse(pool6)));
        }
        if ("nat64".equals(mode))
        {
            return buildNat64(mapper);
        }
        if (!"siit".equals(mode))
        {
            throw new ParameterException(cl, "Invalid value for option '--mode': '" + mode + "' is not siit or nat64");
        }
        final EamTable.Builder table = EamTable.builder();
        for (final String entry : eamt)
        {
            final int eq = entry.indexOf('=');
            if (eq < 0)
            {
                throw new ParameterException(cl, "Invalid value for option '--eamt': '" + entry
                    + "' is not V6PFX=V4PFX, e.g. 2001:db8:6::/120=192.0.2.0/24");
            }
            parse("--eamt", entry, () -> table.add(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim()));
        }
        if (pool6 == null && eamt.isEmpty())
        {
            throw new ParameterException(cl, "Missing option: give --pool6 V6PFX or at least one --eamt "
                + "V6PFX=V4PFX");
        }
        final EamTable eamTable = table.build();
        mapper.eamt(eamTable);
        final SiitAddressMapper addressMapper = parse("--pool6", String.valueOf(pool6), mapper::build);
        final SiitConfig.Builder config = siitSettings().mapper(addressMapper);
        return new SiitOfflineTranslator(parse("configuration", "", config::build), addressMapper);
    }

    private OfflineTranslator buildNat64(final SiitAddressMapper.Builder mapper)
    {
        final CommandLine cl = spec.commandLine();
        if (pool6 == null)
        {
            mapper.pool6(Ipv6Prefix.WELL_KNOWN);
        }
        if (pool4.isEmpty())
        {
            throw new ParameterException(cl, "Missing option: --mode nat64 needs --pool4 V4PFX[:PORTS]");
        }
        if (!eamt.isEmpty())
        {
            throw new ParameterException(cl, "Invalid option '--eamt' with --mode nat64 (stateless SIIT only)");
        }
        final SiitAddressMapper pool6Mapper = parse("--pool6", String.valueOf(pool6), mapper::build);
        final Pool4 pool = parse("--pool4", String.join(",", pool4), () -> Pool4.parse(pool4.toArray(new String[0])));
        final List<StaticBibEntry> statics = new ArrayList<>();
        for (final String entry : staticBib)
        {
            statics.add(parse("--static-bib", entry, () -> StaticBibEntry.parse(entry)));
        }
        final Nat64State state = new Nat64State(Nat64Config.builder().seed(seed).build(), pool);
        for (final StaticBibEntry entry : statics)
        {
            parse("--static-bib", entry.toString(), () -> state.addStaticBib(entry));
        }
        final SiitConfig.Builder settings = siitSettings();
        parse("configuration", "", () -> settings.mapper(pool6Mapper).build());
        return new Nat64OfflineTranslator(state, pool6Mapper, settings, statics.size());
    }

    private SiitConfig.Builder siitSettings()
    {
        final SiitConfig.Builder config = SiitConfig.builder()
            .mtu4(range("--mtu4", mtu4, SiitConfig.IPV4_MINIMUM_MTU, 65535))
            .mtu6(range("--mtu6", mtu6, SiitConfig.IPV6_MINIMUM_MTU, 65535))
            .lowestIpv6Mtu(range("--lowest-ipv6-mtu", lowestIpv6Mtu, SiitConfig.IPV6_MINIMUM_MTU, 65535))
            .amendUdpChecksumZero(amendUdpChecksumZero)
            .icmpErrorsOnDrop(icmpErrorsOnDrop)
            .generateIpv4Identification(!zeroIpv4Identification);
        if (rfc6791v4 != null)
        {
            final Ipv4Prefix p = parse("--rfc6791v4", rfc6791v4, () -> Ipv4Prefix.parse(rfc6791v4));
            config.rfc6791v4(p.address(), p.length());
        }
        if (rfc6791v6 != null)
        {
            final Ipv6Prefix p = parse("--rfc6791v6", rfc6791v6, () -> Ipv6Prefix.parse(rfc6791v6));
            config.rfc6791v6(p.high(), p.low(), p.length());
        }
        if (self4 != null)
        {
            config.self4(parse("--self4", self4, () -> Ipv4Addresses.parse(self4)));
        }
        if (self6 != null)
        {
            final long[] a = parse("--self6", self6, () -> Ipv6Addresses.parse(self6));
            config.self6(a[0], a[1]);
        }
        return config;
    }

    private int range(final String option, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value
                + " is outside " + min + ".." + max);
        }
        return value;
    }

    private <T> T parse(final String option, final String text, final Parser<T> parser)
    {
        try
        {
            return parser.parse();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "' ('" + text
                + "'): " + ex.getMessage());
        }
    }

    /** A cold-path parse step that reports bad input with IllegalArgumentException. */
    @FunctionalInterface
    private interface Parser<T>
    {
        T parse();
    }

    /**
     * What a run did, printed as the summary.
     */
    public static final class TranslateSummary
    {
        private final TranslatorCounters counters;
        private long packetsRead;
        private long packetsWritten;
        private long skippedFrames;
        private long wkpRuleDrops;
        private long exceptions;

        TranslateSummary(final TranslatorCounters counters)
        {
            this.counters = counters;
        }

        /**
         * IP packets read from the input.
         *
         * @return the count.
         */
        public long packetsRead()
        {
            return packetsRead;
        }

        /**
         * Packets written to the output (every packet of every translation result).
         *
         * @return the count.
         */
        public long packetsWritten()
        {
            return packetsWritten;
        }

        /**
         * Frames of the input that carried no IP packet.
         *
         * @return the count.
         */
        public long skippedFrames()
        {
            return skippedFrames;
        }

        /**
         * Drops explained by the RFC 6052 3.1 Well-Known Prefix rule.
         *
         * @return the count.
         */
        public long wkpRuleDrops()
        {
            return wkpRuleDrops;
        }

        /**
         * Packets on which the translator threw (a bug: it must not).
         *
         * @return the count.
         */
        public long exceptions()
        {
            return exceptions;
        }

        /**
         * The translator's counters.
         *
         * @return the counters.
         */
        public TranslatorCounters counters()
        {
            return counters;
        }

        void print(final PrintWriter out)
        {
            final long icmp4 = counters.events(TranslatorCounters.ICMPV4_ERRORS_SENT);
            final long icmp6 = counters.events(TranslatorCounters.ICMPV6_ERRORS_SENT);
            line(out, "packets read", packetsRead);
            line(out, "translated 4->6", counters.events(TranslatorCounters.TRANSLATED_4TO6));
            line(out, "translated 6->4", counters.events(TranslatorCounters.TRANSLATED_6TO4));
            out.printf("  %-34s %d (ICMPv4 %d, ICMPv6 %d)%n", "ICMP errors sent", icmp4 + icmp6, icmp4, icmp6);
            line(out, "fragments emitted", counters.events(TranslatorCounters.FRAGMENTS_EMITTED));
            line(out, "packets written", packetsWritten);
            line(out, "skipped non-IP frames", skippedFrames);
            for (int reason = 1; reason < DropReason.COUNT; reason++)
            {
                final long n = counters.drops(reason);
                if (n != 0)
                {
                    line(out, "dropped " + DropReason.label(reason), n);
                }
            }
            if (exceptions != 0)
            {
                line(out, "translator exceptions (bug)", exceptions);
            }
            if (wkpRuleDrops != 0)
            {
                out.println("hint: " + wkpRuleDrops + " packet(s) were dropped because RFC 6052 3.1 forbids non-global"
                    + " IPv4 addresses under 64:ff9b::/96; use a network-specific --pool6 or --allow-wkp-non-global");
            }
        }

        private static void line(final PrintWriter out, final String label, final long value)
        {
            out.printf("  %-34s %d%n", label, value);
        }
    }
}
