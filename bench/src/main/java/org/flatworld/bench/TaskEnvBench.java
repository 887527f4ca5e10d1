package org.flatworld.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.flatworld.kernels.world.WorldKernels;
import org.flatworld.task.Complexity;
import org.flatworld.task.Task;
import org.flatworld.task.TaskSampler;
import org.flatworld.task.TaskVecEnv;
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
 * The Flatworld task environment ({@link TaskVecEnv}) through the whole batch engine: co-player
 * actions, world step (contacts, integration, grab/drop), goal evaluation of player 0, truncation
 * and auto-reset to the next task of a 256-task pool; {@code stepObserve} also writes every
 * observation into the caller's array (a full write of every row), {@code stepObserveOwn} into the
 * environment's own buffer ({@link TaskVecEnv#observationBuffer()}: only what changed is rewritten;
 * afterwards the buffer holds every complete observation). Scenario of issue 4: 3 players, 4 objects, 2 zones, goals of up to 2 options × 2
 * conjuncts (preset small with players = 3, options = 2), with the Vector API and the scalar world
 * kernels. The {@code envSteps} counter is the figure of merit (env-steps/s). {@link TaskEnvCompare}
 * gives interleaved medians on a noisy machine.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/flatworld-bench.jar:bench/target/lib/* \
 *   org.flatworld.bench.BenchMain TaskEnvBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class TaskEnvBench extends VecEnvBench {
    @Param({"4096", "65536"})
    public int envs;

    @Param({"1", "2"})
    public int threads;

    /** World kernels: Vector API or the scalar reference (same results). */
    @Param({"panama", "scalar"})
    public String kernels;

    /** The scenario of issue 4's performance target. */
    public static Complexity scenario() {
        return Complexity.small().with("players", 3).with("options", 2).with("conjuncts", 2);
    }

    @Setup(Level.Trial)
    public void setup() {
        Complexity c = scenario();
        List<Task> pool = new TaskSampler(c, 1).sample(256);
        // warm-up on a small batch first: interpreted Vector API code takes seconds per step of a
        // large batch, and a first huge call can leave C2 in slow code (PERF.md)
        try (TaskVecEnv warm = TaskVecEnv.create(c, pool, 1024, 1, null, WorldKernels.create(kernels))) {
            int[] a = new int[1024];
            float[] r = new float[1024], o = new float[1024 * warm.obsDim()];
            byte[] d = new byte[1024];
            for (int i = 0; i < 2000; i++) {
                warm.step(a, r, d);
                warm.observe(o);
            }
        }
        TaskVecEnv e = TaskVecEnv.create(c, pool, envs, threads, null, WorldKernels.create(kernels));
        int[] a = new int[envs];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < envs; i++) a[i] = r.nextInt(e.numActions());
        use(e, a);
        own = e.observationBuffer();
    }

    private float[] own; // (envs, obsDim) the environment's own observation buffer

    @org.openjdk.jmh.annotations.Benchmark
    public float stepObserveOwn(Counters c) {
        env.step(actions, rewards, done);
        env.observe(own);
        c.envSteps += env.numEnvs();
        return own[own.length - 1];
    }
}
