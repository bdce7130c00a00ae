package io.xlat.bench.siit;

import io.xlat.bench.BenchmarkFlags;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.SiitTranslator;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.testing.PacketBuilder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Translates one packet per operation, 4 to 6 and 6 to 4, for TCP, UDP and ICMP echo at 64 and 1500 bytes, with a
 * plain copy of the same packet into the same result buffer as the baseline.
 * <p>
 * Two ways to translate, each with its own baseline:
 * <ul>
 *     <li>copying ({@code translate4to6}, {@code translate6to4}): from an input buffer into the result's buffer. The
 *     translator does not write into such an input, so the same packet is translated again and again; a check after
 *     every iteration fails the run if the input changed. Baseline: {@code copyOnlyBaseline}, the copy alone.</li>
 *     <li>in place ({@code ...InPlace}), as the daemons run: every operation first writes the packet into the result's
 *     buffer (a {@code putBytes} of the pristine copy, standing for its arrival), then translates it where it lies,
 *     which rewrites it. Baseline: {@code copyBaseline}, the same write followed by a copy.</li>
 * </ul>
 * pool6 is the Well-Known Prefix, which is checksum-neutral, and a network-specific /96 that is not
 * ({@code neutral=false}), so both update paths are measured.
 * <p>
 * Agrona's bounds checks are off, the production setting (Aeron's, and xlat.jar's main sets it too); to measure
 * with them on, replace the JVM arguments:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SiitTranslatorBenchmark -f 2 -prof gc
 * java -jar benchmarks/target/benchmarks.jar SiitTranslatorBenchmark -f 1 -prof gc -jvmArgsAppend \
 *     "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkFlags.ADD_EXPORTS, BenchmarkFlags.ALLOW_UNSAFE,
    SiitTranslatorBenchmark.NO_BOUNDS_CHECKS})
@State(Scope.Thread)
public class SiitTranslatorBenchmark
{
    /** Where the in-place benchmarks put the packet in the result's buffer: room in front for the IPv6 header. */
    private static final int IN_PLACE_OFFSET = 64;

    /** Agrona bounds checks off, as in production (see the class comment). */
    static final String NO_BOUNDS_CHECKS = "-Dagrona.disable.bounds.checks=true";

    /** Transport protocol of the packet. */
    @Param({"TCP", "UDP", "ICMP"})
    public String protocol;

    /** Size of the input packet in bytes (IPv4 size; the IPv6 packet is 20 bytes longer). */
    @Param({"64", "1500"})
    public int size;

    /** Whether pool6 is the checksum-neutral Well-Known Prefix. */
    @Param({"true", "false"})
    public boolean neutral;

    private SiitTranslator translator;
    // Off-heap, as the daemons' buffers (TranslatorWorker), at fixed places in one page-aligned block: the output at
    // the start of a page, each input half a page further. In every fork each packet sits at the same place in its
    // cache lines, and an input (bytes 2048-3567 of its page) never shares address bits 0-11 with the output (0-1519),
    // which would make the processor suspect its loads of depending on the output's stores ("4K aliasing"). Forks do
    // not differ by where an allocator happened to put the buffers.
    private final java.nio.ByteBuffer block = java.nio.ByteBuffer.allocateDirect(
        TranslationResult.DEFAULT_CAPACITY + 3 * 4096).alignedSlice(4096);
    private final TranslationResult result = new TranslationResult(
        new UnsafeBuffer(block, 0, TranslationResult.DEFAULT_CAPACITY));
    private final UnsafeBuffer v4 = new UnsafeBuffer(block, TranslationResult.DEFAULT_CAPACITY + 2048, 2048);
    private final UnsafeBuffer v6 = new UnsafeBuffer(block, TranslationResult.DEFAULT_CAPACITY + 4096 + 2048, 2048);
    private byte[] v4Pristine;
    private byte[] v6Pristine;

    /**
     * Builds the translator and the two packets.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        final String pool6 = neutral ? "64:ff9b::/96" : "2001:db8:64::/96";
        final SiitAddressMapper mapper = SiitAddressMapper.builder()
            .pool6(Ipv6Prefix.parse(pool6))
            .allowWkpNonGlobal(true)
            .build();
        translator = new SiitTranslator(SiitConfig.builder().mapper(mapper).mtu4(9000).mtu6(9000).build());

        final String prefix = neutral ? "64:ff9b::" : "2001:db8:64::";
        // DF set, as on path-MTU-discovering traffic: with DF clear a 1500-byte packet exceeds the default
        // lowestIpv6Mtu (1280) once translated and would be fragmented in two (RFC 7915 4), a different path.
        v4Pristine = packet(PacketBuilder.ipv4("192.0.2.10", "198.51.100.20").df(true), size);
        v6Pristine = packet(PacketBuilder.ipv6(prefix + "c000:20a", prefix + "c633:6414"), size + 20);
        v4.putBytes(0, v4Pristine);
        v6.putBytes(0, v6Pristine);
        final int verdict4 = translator.translate(v4, 0, v4Pristine.length, result);
        final int verdict6 = translator.translate(v6, 0, v6Pristine.length, result);
        if (verdict4 != 1 || verdict6 != 1)
        {
            throw new IllegalStateException("benchmark packets do not translate to one packet: verdict4=" + verdict4 +
                ", verdict6=" + verdict6 + ", drops=" + translator.counters().totalDrops());
        }
        sameInPlace(v4Pristine);
        sameInPlace(v6Pristine);
    }

    /** Checks that a packet translated in place comes out as it does copied (apart from a generated IPv4 ID). */
    private void sameInPlace(final byte[] packet)
    {
        final UnsafeBuffer in = new UnsafeBuffer(packet.clone());
        translator.translate(in, 0, packet.length, result);
        final byte[] copied = new byte[result.length(0)];
        result.buffer().getBytes(result.offset(0), copied);
        result.buffer().putBytes(IN_PLACE_OFFSET, packet);
        final int verdict = translator.translate(result.buffer(), IN_PLACE_OFFSET, packet.length, result);
        final byte[] inPlace = new byte[result.length(0)];
        result.buffer().getBytes(result.offset(0), inPlace);
        if (verdict != 1 || result.offset(0) == 0 || copied.length != inPlace.length ||
            !java.util.Arrays.equals(copied, 0, 4, inPlace, 0, 4) ||
            !java.util.Arrays.equals(copied, 12, copied.length, inPlace, 12, inPlace.length))
        {
            throw new IllegalStateException("in-place translation differs from the copied one");
        }
    }

    private PacketBuilder withProtocol(final PacketBuilder builder)
    {
        switch (protocol)
        {
            case "TCP":
                return builder.tcp(40000, 80).seq(1).ack(1).flags(PacketBuilder.ACK);
            case "UDP":
                return builder.udp(40000, 53);
            default:
                return builder.echoRequest(7, 1);
        }
    }

    private byte[] packet(final PacketBuilder builder, final int totalLength)
    {
        final PacketBuilder withL4 = withProtocol(builder.ttl(64));
        final int headers = withL4.payload(new byte[0]).build().length;
        return withL4.payloadOfLength(totalLength - headers).build();
    }

    /**
     * Checks, after every iteration, that the copying cases left their inputs as they were: they translate the same
     * packet over and over without restoring it, which measures the translation only as long as the translator writes
     * nothing into its input (it does not when the output goes to another buffer). Fails the run otherwise.
     */
    @TearDown(Level.Iteration)
    public void inputsUntouched()
    {
        final byte[] now4 = new byte[v4Pristine.length];
        final byte[] now6 = new byte[v6Pristine.length];
        v4.getBytes(0, now4);
        v6.getBytes(0, now6);
        if (!java.util.Arrays.equals(now4, v4Pristine) || !java.util.Arrays.equals(now6, v6Pristine))
        {
            throw new IllegalStateException("a copying translation wrote into its input");
        }
    }

    /**
     * IPv4 to IPv6, into the result's buffer: the translation alone (the input is not written, so it is not
     * restored; {@link #inputsUntouched()} checks).
     *
     * @return the number of packets emitted (1).
     */
    @Benchmark
    public int translate4to6()
    {
        return translator.translate4to6(v4, 0, v4Pristine.length, result);
    }

    /**
     * IPv6 to IPv4, into the result's buffer (the input is not restored, as for {@link #translate4to6()}).
     *
     * @return the number of packets emitted (1).
     */
    @Benchmark
    public int translate6to4()
    {
        return translator.translate6to4(v6, 0, v6Pristine.length, result);
    }

    /**
     * IPv4 to IPv6 in place: the packet is restored into the result's own buffer, 64 bytes in, and translated where it
     * lies (the IPv6 header takes 20 bytes of the room in front; the payload does not move), as a caller that reads
     * packets straight into the result's buffer gets.
     *
     * @return the number of packets emitted (1).
     */
    @Benchmark
    public int translate4to6InPlace()
    {
        final MutableDirectBuffer buffer = result.buffer();
        buffer.putBytes(IN_PLACE_OFFSET, v4Pristine);
        return translator.translate4to6(buffer, IN_PLACE_OFFSET, v4Pristine.length, result);
    }

    /**
     * IPv6 to IPv4 in place (the IPv4 header is written over the end of the IPv6 header).
     *
     * @return the number of packets emitted (1).
     */
    @Benchmark
    public int translate6to4InPlace()
    {
        final MutableDirectBuffer buffer = result.buffer();
        buffer.putBytes(IN_PLACE_OFFSET, v6Pristine);
        return translator.translate6to4(buffer, IN_PLACE_OFFSET, v6Pristine.length, result);
    }

    /**
     * Baseline of the in-place cases: restores the IPv4 packet and copies it into the result buffer, as an in-place
     * case restores its packet (its arrival) and then does the least any translator must do.
     *
     * @return the number of packets recorded (1).
     */
    @Benchmark
    public int copyBaseline()
    {
        v4.putBytes(0, v4Pristine);
        result.reset();
        result.buffer().putBytes(result.limit(), v4, 0, v4Pristine.length);
        result.commit(v4Pristine.length, TranslationResult.KIND_TRANSLATED);
        return result.count();
    }

    /**
     * Baseline of the copying cases: copies the IPv4 packet into the result buffer, the least a translator writing to
     * another buffer must do.
     *
     * @return the number of packets recorded (1).
     */
    @Benchmark
    public int copyOnlyBaseline()
    {
        result.reset();
        result.buffer().putBytes(result.limit(), v4, 0, v4Pristine.length);
        result.commit(v4Pristine.length, TranslationResult.KIND_TRANSLATED);
        return result.count();
    }
}
