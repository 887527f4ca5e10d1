package org.flatworld.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.flatworld.kernels.world.WorldKernels;
import org.flatworld.task.Complexity;
import org.flatworld.task.Task;
import org.flatworld.task.TaskSampler;
import org.flatworld.task.TaskVecEnv;

/**
 * Interleaved comparison of the task environment ({@link TaskVecEnv}, issue 4's scenario: see
 * {@link TaskEnvBench#scenario()}) with the Vector API and the scalar world kernels, for
 * {@code step}, {@code step + observe} into the caller's array (a full write of every row) and
 * {@code step + observe own} into the environment's own buffer ({@link TaskVecEnv#observationBuffer()}:
 * only what changed is rewritten, the buffer still holds every complete observation after each
 * step): each round times every variant back to back for about a second (order alternating), and
 * the medians over rounds are printed, as env-steps per wall second, per CPU second of the calling
 * thread (which time descheduled by other processes does not inflate; with 2 threads the second
 * thread's time is not in it) and per CPU second of the whole process (every thread, idle polling
 * included). Warm-up on 1,024 envs first (PERF.md: JIT cliffs).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp "bench/target/flatworld-bench.jar:bench/target/lib/*" \
 *   org.flatworld.bench.TaskEnvCompare [envs 65536] [threads 1] [rounds 9]</pre>
 */
public final class TaskEnvCompare {
    private TaskEnvCompare() {}

    public static void main(String[] args) {
        int envs = args.length > 0 ? Integer.parseInt(args[0]) : 65536;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        Complexity c = TaskEnvBench.scenario();
        List<Task> pool = new TaskSampler(c, 1).sample(256);
        String[] names = {"panama step", "scalar step", "panama step+observe", "scalar step+observe",
                "panama step+obs own", "scalar step+obs own"};
        int variants = names.length;
        WorldKernels[] ks = {WorldKernels.create("auto"), WorldKernels.scalar()};
        System.out.printf(Locale.ROOT, "task env: %d envs, %d threads, obsDim %d, kernels %s vs scalar, JDK %s%n",
                envs, threads, org.flatworld.task.Observations.dim(c), ks[0].description(), Runtime.version());
        for (WorldKernels k : ks)
            try (TaskVecEnv warm = TaskVecEnv.create(c, pool, 1024, threads, null, k)) {
                Run r = new Run(warm);
                for (int i = 0; i < 3000; i++) r.once(1 + i % 2);
            }
        TaskVecEnv[] envsOf = {TaskVecEnv.create(c, pool, envs, threads, null, ks[0]), TaskVecEnv.create(c, pool, envs, threads, null, ks[1])};
        Run[] runs = {new Run(envsOf[0]), new Run(envsOf[1])};
        double[][] wall = new double[variants][rounds], cpu = new double[variants][rounds], proc = new double[variants][rounds];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < variants; j++) {
                int v = (r % 2 == 0) ? j : variants - 1 - j;
                Run run = runs[v % 2];
                int mode = v / 2;
                long w0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime(), p0 = os.getProcessCpuTime();
                int steps = 0;
                while (System.nanoTime() - w0 < 1_000_000_000L || steps < 3) {
                    run.once(mode);
                    steps++;
                }
                double ws = (System.nanoTime() - w0) * 1e-9, cs = (mx.getCurrentThreadCpuTime() - c0) * 1e-9;
                double ps = (os.getProcessCpuTime() - p0) * 1e-9;
                wall[v][r] = (double) steps * envs / ws;
                cpu[v][r] = (double) steps * envs / cs;
                proc[v][r] = (double) steps * envs / ps;
            }
        }
        for (TaskVecEnv e : envsOf) e.close();
        for (int v = 0; v < variants; v++)
            System.out.printf(Locale.ROOT,
                    "%-20s wall %6.2f M env-steps/s (min %.2f, max %.2f)   per CPU-s: caller %6.2f M, process %6.2f M%n",
                    names[v], median(wall[v]) / 1e6, min(wall[v]) / 1e6, max(wall[v]) / 1e6, median(cpu[v]) / 1e6,
                    median(proc[v]) / 1e6);
    }

    static double median(double[] x) {
        double[] y = x.clone();
        Arrays.sort(y);
        return y[y.length / 2];
    }

    static double min(double[] x) { return Arrays.stream(x).min().orElse(0); }

    static double max(double[] x) { return Arrays.stream(x).max().orElse(0); }

    /** Fixed seeded random actions; step, then (mode 1) observe into our array or (mode 2) into the env's own buffer. */
    static final class Run {
        final TaskVecEnv env;
        final int[] actions;   // (envs)
        final float[] rewards; // (envs)
        final float[] obs;     // (envs, obsDim) the caller's array
        final float[] own;     // (envs, obsDim) the environment's own buffer
        final byte[] done;     // (envs)

        Run(TaskVecEnv env) {
            this.env = env;
            int n = env.numEnvs();
            actions = new int[n];
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < n; i++) actions[i] = r.nextInt(env.numActions());
            rewards = new float[n];
            obs = new float[n * env.obsDim()];
            own = env.observationBuffer();
            done = new byte[n];
            env.reset(1);
        }

        void once(int mode) {
            env.step(actions, rewards, done);
            if (mode == 1) env.observe(obs);
            else if (mode == 2) env.observe(own);
        }
    }
}
