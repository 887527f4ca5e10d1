package org.flatworld.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.flatworld.mpe.MpeEnvs;
import org.flatworld.mpe.MpeVecEnv;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batched MPE {@code simple_spread} (N = 3) step through the whole batch engine: action decoding,
 * contacts, integration, rewards, truncation and auto-reset. Scalar float32 kernels versus the
 * Vector API ones, 1 and 2 threads, from L2-sized (4,096 envs) to main-memory-sized (1,048,576).
 * The {@code envSteps} counter is the figure of merit (env-steps/s); {@code stepObserve} also
 * writes every observation (the (envs, agents, 18) float tensor a policy reads). With {@code panama}
 * the N = 3 step is the fused kernel ({@code PhysicsKernels.spreadStep}). {@link BandwidthBench} is its
 * companion: the memory bandwidth over the same working set, for the memory-bound estimate
 * (copy bytes/s ÷ {@code MpeVecEnv.stepBytes().total()}); run both in one invocation.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/flatworld-bench.jar:bench/target/lib/* \
 *   org.flatworld.bench.BenchMain EnvStepBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class EnvStepBench extends VecEnvBench {
    @Param({"4096", "65536", "1048576"})
    public int envs;

    @Param({"1", "2"})
    public int threads;

    @Param({"panama", "scalar"})
    public String kernels;

    @Param({"simple_spread"})
    public String scenario;

    @Setup(Level.Trial)
    public void setUp() {
        PhysicsKernels k = PhysicsKernels.create(kernels);
        // warm up on a small batch first, so C2 compiles the kernels on small inputs (PERF.md)
        try (MpeVecEnv small = MpeEnvs.create(scenario, Map.of(), 1024, threads, k)) {
            int[] a = new int[1024 * small.numAgents()];
            float[] r = new float[a.length];
            byte[] d = new byte[1024];
            for (int i = 0; i < 3000; i++) small.step(a, r, d);
        }
        MpeVecEnv e = MpeEnvs.create(scenario, Map.of(), envs, threads, k);
        int n = e.numAgents();
        int[] a = new int[envs * n];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < a.length; i++) a[i] = rng.nextInt(e.numActions(i % n));
        use(e, a);
    }
}
