package io.xlat.bench;

/**
 * Entry point of {@code benchmarks.jar}: JMH's own main, so every JMH option works
 * ({@code java -jar benchmarks/target/benchmarks.jar Siit -prof gc}).
 * <p>
 * Forked JVMs get the flags Agrona and JCTools need from {@link BenchmarkFlags} through each benchmark's
 * {@code @Fork} annotation, so no run prints an access warning.
 */
public final class BenchmarkMain
{
    private BenchmarkMain()
    {
    }

    /**
     * Runs JMH.
     *
     * @param args JMH command line.
     * @throws Exception when JMH fails.
     */
    public static void main(final String[] args) throws Exception
    {
        org.openjdk.jmh.Main.main(args);
    }
}
