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
 *   org.flatworld.bench.TaskEnvCompare [envs 65536] [threads 1] [rounds 9] [probe]</pre>
 * With {@code probe}, {@link #layoutProbe} follows (the observation layout's cost alone).
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
        boolean probe = args.length > 3 && args[3].equals("probe");
        for (int v = 0; v < variants; v++)
            System.out.printf(Locale.ROOT,
                    "%-20s wall %6.2f M env-steps/s (min %.2f, max %.2f)   per CPU-s: caller %6.2f M, process %6.2f M%n",
                    names[v], median(wall[v]) / 1e6, min(wall[v]) / 1e6, max(wall[v]) / 1e6, median(cpu[v]) / 1e6,
                    median(proc[v]) / 1e6);
        if (probe) layoutProbe(new org.flatworld.task.Observations(c), envs, rounds);
    }

    /**
     * The observation layout's share of the cost, without the environment: over a buffer of
     * {@code envs} rows of obsDim floats (the size observe writes), in interleaved rounds, (a) the
     * moving values of issue 4's scenario (self 9, 2 other players × 6, 4 objects × 6, 2 zones × 4
     * = 65 floats) stored at their layout version 1 positions, spread over the entity slots; (b) the
     * same 65 stores contiguous at the row start, as a layout with the moving block first would
     * place them; (c) a full row copied from a template (what a complete write must store). Rows
     * per CPU second of the caller, medians.
     */
    static void layoutProbe(org.flatworld.task.Observations l, int envs, int rounds) {
        int d = l.dim, w = l.slotWidth;
        int[] v1 = new int[9 + 2 * 6 + 4 * 6 + 2 * 4];
        int n = 0;
        for (int i = 0; i < 9; i++) v1[n++] = i;
        int base = org.flatworld.task.Observations.SELF;
        for (int k = 0; k < 2; k++) for (int off : new int[] {1, 2, 3, 4, 9, 10}) v1[n++] = base + k * w + off;
        base += (l.maxPlayers - 1) * w;
        for (int k = 0; k < 4; k++) for (int off : new int[] {1, 2, 3, 4, 9, 11}) v1[n++] = base + k * w + off;
        base += l.maxObjects * w;
        for (int k = 0; k < 2; k++) for (int off = 1; off <= 4; off++) v1[n++] = base + k * w + off;
        int[] v2 = new int[n];
        for (int i = 0; i < n; i++) v2[i] = i;
        float[] buf = new float[envs * d];    // (envs, obsDim)
        float[] tpl = new float[d];           // (obsDim)
        java.util.Arrays.fill(tpl, 0.5f);
        String[] names = {"v1 positions (65 floats)", "moving block first (65)", "full row copy (" + d + ")"};
        double[][] rate = new double[3][rounds];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < 3; j++) {
                int v = (r % 2 == 0) ? j : 2 - j;
                long w0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
                long rows = 0;
                float x = r + j;
                while (System.nanoTime() - w0 < 500_000_000L) {
                    if (v == 2) for (int e = 0; e < envs; e++) System.arraycopy(tpl, 0, buf, e * d, d);
                    else {
                        int[] pos = v == 0 ? v1 : v2;
                        for (int e = 0, o = 0; e < envs; e++, o += d) for (int i = 0; i < n; i++) buf[o + pos[i]] = x;
                    }
                    rows += envs;
                    x += 1f;
                }
                rate[v][r] = rows / ((mx.getCurrentThreadCpuTime() - c0) * 1e-9);
            }
        }
        for (int v = 0; v < 3; v++)
            System.out.printf(Locale.ROOT, "layout probe %-28s %6.2f M rows per CPU-s (min %.2f, max %.2f)%n",
                    names[v], median(rate[v]) / 1e6, min(rate[v]) / 1e6, max(rate[v]) / 1e6);
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
