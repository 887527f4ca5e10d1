package org.flatworld.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.flatworld.kernels.physics.PointMassBatch;
import org.flatworld.kernels.physics.PointMassSpec;
import org.flatworld.mpe.MpeEnvs;
import org.flatworld.mpe.MpeVecEnv;

/**
 * Interleaved comparison of the {@code simple_spread} (N = 3) step on one thread, robust to a shared,
 * noisy machine: each round times, back to back on their own batches, the fused Vector API step
 * ({@code panama}), the same Vector API kernels through the three unfused passes ({@code unfused}:
 * every {@link PhysicsKernels} default, so forces and hits rows go through memory) and the scalar
 * float32 kernels; the medians over rounds are reported both per wall second and per CPU second of
 * the calling thread ({@code ThreadMXBean}: time spent descheduled by other processes does not count).
 * {@code flatworld bench env} and JMH ({@link EnvStepBench}) give the absolute figures on an idle machine.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/flatworld-bench.jar:bench/target/lib/* \
 *   org.flatworld.bench.EnvStepCompare [envs=65536] [rounds=11]</pre>
 */
public final class EnvStepCompare {
    private EnvStepCompare() {}

    public static void main(String[] args) {
        int envs = args.length > 0 ? Integer.parseInt(args[0]) : 65536;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        if (envs < 16 || envs > (1 << 24)) throw new IllegalArgumentException("envs must be in [16, 2^24], got " + envs);
        if (rounds < 1 || rounds > 1000) throw new IllegalArgumentException("rounds must be in [1, 1000], got " + rounds);
        PhysicsKernels panama = PhysicsKernels.create("panama");
        PhysicsKernels[] kernels = {panama, unfused(panama), PhysicsKernels.scalar()};
        String[] names = {"panama (fused)", "panama (3 passes)", "scalar"};
        MpeVecEnv[] env = new MpeVecEnv[kernels.length];
        int[] actions = new int[envs * 3]; // (envs, agents) fixed random moves
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < actions.length; i++) actions[i] = r.nextInt(5);
        float[] rewards = new float[envs * 3]; // (envs, agents)
        byte[] done = new byte[envs];          // (envs)
        for (int k = 0; k < kernels.length; k++) {
            try (MpeVecEnv warm = MpeEnvs.create("simple_spread", Map.of(), 1024, 1, kernels[k])) { // small first (PERF.md)
                int[] a = new int[3072];
                float[] w = new float[3072];
                byte[] d = new byte[1024];
                for (int i = 0; i < 3000; i++) warm.step(a, w, d);
            }
            env[k] = MpeEnvs.create("simple_spread", Map.of(), envs, 1, kernels[k]);
            env[k].reset(1);
        }
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        int steps = Math.max(25, 25 * (int) Math.ceil(4_000_000.0 / envs / 25)); // whole episodes, ≥ 4 M env-steps
        double[][] cpu = new double[kernels.length][rounds], wall = new double[kernels.length][rounds];
        for (int q = 0; q < rounds; q++)
            for (int k = 0; k < kernels.length; k++) {
                int n = k == 2 ? 25 * Math.max(1, steps / 25 / 4) : steps; // scalar: a quarter as many
                long c0 = tm.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                for (int i = 0; i < n; i++) env[k].step(actions, rewards, done);
                cpu[k][q] = (tm.getCurrentThreadCpuTime() - c0) / 1.0 / n / envs;
                wall[k][q] = (System.nanoTime() - t0) / 1.0 / n / envs;
            }
        System.out.printf(Locale.ROOT, "simple_spread N=3 × %d envs, 1 thread, %s, JDK %s; median of %d interleaved rounds%n",
                envs, panama.description(), Runtime.version(), rounds);
        double base = median(cpu[2]);
        for (int k = 0; k < kernels.length; k++) {
            double c = median(cpu[k]), w = median(wall[k]);
            System.out.printf(Locale.ROOT, "%-18s %6.2f ns/env-step CPU (%.2f–%.2f) = %6.1f M env-steps/s per CPU-second; wall %6.1f M/s; %.1f× scalar%n",
                    names[k], c, min(cpu[k]), max(cpu[k]), 1e3 / c, 1e3 / w, base / c);
        }
        for (MpeVecEnv e : env) e.close();
    }

    /** The same kernels without the fused simple_spread step: spreadStep falls back to the interface's three passes. */
    private static PhysicsKernels unfused(PhysicsKernels k) {
        return new PhysicsKernels() {
            @Override public String name() { return k.name() + "-unfused"; }

            @Override
            public void discreteForces(PointMassSpec s, PointMassBatch b, int[] move, float[] accel, int agents, int from, int to) {
                k.discreteForces(s, b, move, accel, agents, from, to);
            }

            @Override
            public int interleavedDiscreteForces(PointMassSpec s, PointMassBatch b, int[] actions, float[] accel, int agents,
                                                 int from, int to) {
                return k.interleavedDiscreteForces(s, b, actions, accel, agents, from, to);
            }

            @Override public void step(PointMassSpec s, PointMassBatch b, int from, int to) { k.step(s, b, from, to); }

            @Override
            public void negMinDistanceSum(PointMassBatch b, int tf, int tt, int af, int at, float[] out, int from, int to) {
                k.negMinDistanceSum(b, tf, tt, af, at, out, from, to);
            }

            @Override
            public void collisionCounts(PointMassSpec s, PointMassBatch b, int e, int of, int ot, float[] out, int off, int from, int to) {
                k.collisionCounts(s, b, e, of, ot, out, off, from, to);
            }

            @Override
            public void spreadRewards(PointMassSpec s, PointMassBatch b, int agents, float localRatio, float[] hits,
                                      float[] rewards, int from, int to) {
                k.spreadRewards(s, b, agents, localRatio, hits, rewards, from, to);
            }
        };
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] x) { return Arrays.stream(x).min().orElse(Double.NaN); }

    private static double max(double[] x) { return Arrays.stream(x).max().orElse(Double.NaN); }
}
