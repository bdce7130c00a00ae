package io.xlat.bench.dns64;

import java.util.concurrent.TimeUnit;

import io.xlat.bench.BenchmarkFlags;
import io.xlat.dns64.codec.DnsHeader;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsMessageWriter;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.codec.DnsRecordType;
import io.xlat.dns64.synth.Dns64Config;
import io.xlat.dns64.synth.Dns64Synthesizer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DNS64 per response: {@code afterAaaa} on a NODATA AAAA answer with SOA, then {@code synthesize} from an A answer
 * with {@code records} A records (and a CNAME in front) into a 1232-byte window; {@code decide} alone as the small
 * case. Expected 0 B/op with {@code -prof gc}.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Dns64SynthesizerBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkFlags.ADD_EXPORTS, BenchmarkFlags.ALLOW_UNSAFE})
@State(Scope.Thread)
public class Dns64SynthesizerBenchmark
{
    @Param({"1", "4"})
    int records;

    private final DnsMessageWriter writer = new DnsMessageWriter();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1232]);
    private Dns64Synthesizer synth;
    private UnsafeBuffer query;
    private int queryLength;
    private UnsafeBuffer aaaa;
    private int aaaaLength;
    private UnsafeBuffer a;
    private int aLength;

    @Setup
    public void setUp()
    {
        synth = new Dns64Synthesizer(Dns64Config.builder().prefix("64:ff9b::/96").build());
        final UnsafeBuffer name = new UnsafeBuffer(DnsName.encode("www.example.com"));
        final UnsafeBuffer target = new UnsafeBuffer(DnsName.encode("edge.example.net"));
        final UnsafeBuffer zone = new UnsafeBuffer(DnsName.encode("example.com"));

        query = new UnsafeBuffer(new byte[512]);
        writer.wrap(query, 0, 512).header(0x1234, DnsHeader.RD_FLAG);
        writer.question(name, DnsRecordType.AAAA, DnsRecordType.CLASS_IN);
        writer.opt(1232, 0, 0, false);
        queryLength = writer.length();

        aaaa = new UnsafeBuffer(new byte[512]);
        writer.wrap(aaaa, 0, 512).header(0x1234, DnsHeader.QR_FLAG | DnsHeader.RD_FLAG | DnsHeader.RA_FLAG);
        writer.question(name, DnsRecordType.AAAA, DnsRecordType.CLASS_IN);
        writer.beginRecord(DnsMessageReader.ANSWER, name, 0, name.capacity(), 0, DnsRecordType.CNAME,
            DnsRecordType.CLASS_IN, 300);
        writer.putName(target, 0, target.capacity(), 0, true);
        writer.endRecord();
        writer.beginRecord(DnsMessageReader.AUTHORITY, zone, 0, zone.capacity(), 0, DnsRecordType.SOA,
            DnsRecordType.CLASS_IN, 3600);
        writer.putName(target, 0, target.capacity(), 0, true);
        writer.putName(target, 0, target.capacity(), 0, true);
        writer.putInt(1);
        writer.putInt(3600);
        writer.putInt(600);
        writer.putInt(86400);
        writer.putInt(60);
        writer.endRecord();
        aaaaLength = writer.length();

        a = new UnsafeBuffer(new byte[1232]);
        writer.wrap(a, 0, 1232).header(0x1234, DnsHeader.QR_FLAG | DnsHeader.RD_FLAG | DnsHeader.RA_FLAG);
        writer.question(name, DnsRecordType.A, DnsRecordType.CLASS_IN);
        writer.beginRecord(DnsMessageReader.ANSWER, name, 0, name.capacity(), 0, DnsRecordType.CNAME,
            DnsRecordType.CLASS_IN, 300);
        writer.putName(target, 0, target.capacity(), 0, true);
        writer.endRecord();
        for (int i = 0; i < records; i++)
        {
            writer.beginRecord(DnsMessageReader.ANSWER, target, 0, target.capacity(), 0, DnsRecordType.A,
                DnsRecordType.CLASS_IN, 300);
            writer.putA(0x08080800 + i);
            writer.endRecord();
        }
        aLength = writer.length();
        if (queryLength < 0 || aaaaLength < 0 || aLength < 0 || synthesizeResponse() < 0)
        {
            throw new IllegalStateException("benchmark messages did not build: " + queryLength + " " + aaaaLength +
                " " + aLength);
        }
    }

    @Benchmark
    public int decide()
    {
        return synth.decide(query, 0, queryLength);
    }

    @Benchmark
    public int synthesizeResponse()
    {
        final int next = synth.afterAaaa(query, 0, queryLength, aaaa, 0, aaaaLength);
        if (next != Dns64Synthesizer.NEED_A)
        {
            return next;
        }
        return synth.synthesize(query, 0, queryLength, aaaa, 0, aaaaLength, a, 0, aLength, out, 0, out.capacity());
    }
}
