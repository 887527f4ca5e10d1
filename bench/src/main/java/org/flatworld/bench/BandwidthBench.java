package org.flatworld.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flatworld.kernels.physics.BandwidthProbe;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.flatworld.mpe.MpeEnvs;
import org.flatworld.mpe.MpeVecEnv;
import org.openjdk.jmh.annotations.AuxCounters;
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

/**
 * The companion of {@link EnvStepBench}: memory bandwidth over a working set the size of what one
 * {@code simple_spread} step touches at the same {@code envs} (bytes per env-step counted from the
 * layout, {@link MpeVecEnv#workingSetBytes}), split over the same threads. The {@code bytes} counter
 * is bytes/s; memory-bound env-steps/s = copy bytes/s ÷ {@link MpeVecEnv#stepBytes()}{@code .total()}
 * (printed once at setup). Run both in one JMH invocation so they share the machine state:
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/flatworld-bench.jar:bench/target/lib/* \
 *   org.flatworld.bench.BenchMain 'EnvStepBench|BandwidthBench' -p envs=65536 -p kernels=panama</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class BandwidthBench {
    @Param({"4096", "65536", "1048576"})
    public int envs;

    @Param({"1", "2"})
    public int threads;

    @Param({"simple_spread"})
    public String scenario;

    private BandwidthProbe probe;

    /** Bytes moved, reported by JMH as a rate (bytes/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;

        @Setup(Level.Iteration)
        public void clear() { bytes = 0; }
    }

    @Setup(Level.Trial)
    public void setUp() {
        try (MpeVecEnv e = MpeEnvs.create(scenario, Map.of(), envs, threads, PhysicsKernels.create("auto"))) {
            long ws = e.workingSetBytes(false);
            System.out.printf("%n%s × %d: %.1f B per env-step, working set %.2f MB%n", scenario, envs,
                    e.stepBytes().total(), ws / 1e6);
            probe = new BandwidthProbe(Math.max(1024, ws), e.threads());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() { probe.close(); }

    @Benchmark
    public long read(Counters c) {
        probe.read();
        c.bytes += probe.bytes();
        return probe.checksum();
    }

    @Benchmark
    public void write(Counters c) {
        probe.write();
        c.bytes += probe.bytes();
    }

    @Benchmark
    public void copy(Counters c) {
        probe.copy();
        c.bytes += probe.bytes();
    }
}
