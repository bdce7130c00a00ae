package io.xlat.bench;

/**
 * JVM flags for forked benchmark JVMs: Agrona 2.x needs {@code jdk.internal.misc} exported, JCTools uses
 * {@code sun.misc.Unsafe}.
 */
public final class BenchmarkFlags
{
    /** Flag: export jdk.internal.misc to Agrona. */
    public static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Flag: allow sun.misc.Unsafe memory access without a warning. */
    public static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    private BenchmarkFlags()
    {
    }
}
