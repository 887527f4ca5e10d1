package org.flatworld.task;

import java.util.List;
import java.util.SplittableRandom;
import org.flatworld.env.Policy;
import org.flatworld.kernels.FlopLedger;

/**
 * Evaluation helpers: mean undiscounted return of player 0 per task over {@code episodes}
 * episodes, deterministic for a seed whatever the thread count. Episode k of task i runs in an
 * environment whose stream is seeded {@code seed + i·episodes + k}; a policy samples
 * (greedy = false) with a {@link SplittableRandom} seeded from {@code seed} and the batch index.
 * Environments and policy FLOPs go to {@code flops} (use an {@code eval} counter).
 */
public final class TaskRollouts {
    /** Environments per batch. */
    public static final int BATCH = 4096;

    private enum Driver { POLICY, RANDOM, ORACLE, NOOP }

    private TaskRollouts() {}

    /** Mean return of player 0 per task with {@code policy}, or uniform-random actions when null. */
    public static double[] meanReturns(Complexity c, List<Task> tasks, Policy policy, int episodes, long seed,
                                       FlopLedger.Counter flops, int threads) {
        return run(c, tasks, policy == null ? Driver.RANDOM : Driver.POLICY, policy, episodes, seed, flops, threads);
    }

    /** The same for the scripted oracle. */
    public static double[] oracleReturns(Complexity c, List<Task> tasks, int episodes, long seed,
                                         FlopLedger.Counter flops, int threads) {
        return run(c, tasks, Driver.ORACLE, null, episodes, seed, flops, threads);
    }

    /** The same for the no-op policy (always action 0). */
    public static double[] noopReturns(Complexity c, List<Task> tasks, int episodes, long seed,
                                       FlopLedger.Counter flops, int threads) {
        return run(c, tasks, Driver.NOOP, null, episodes, seed, flops, threads);
    }

    private static double[] run(Complexity c, List<Task> tasks, Driver driver, Policy policy, int episodes, long seed,
                                FlopLedger.Counter flops, int threads) {
        if (episodes < 1) throw new IllegalArgumentException("episodes must be ≥ 1, got " + episodes);
        if (flops == null) flops = FlopLedger.NONE;
        double[] out = new double[tasks.size()];
        if (tasks.isEmpty()) return out;
        long total = (long) tasks.size() * episodes;
        int batchIndex = 0;
        for (long start = 0; start < total; start += BATCH, batchIndex++) {
            int n = (int) Math.min(BATCH, total - start);
            int[] envTask = new int[n];
            for (int b = 0; b < n; b++) envTask[b] = (int) ((start + b) / episodes);
            try (TaskVecEnv env = TaskVecEnv.fixed(c, tasks, envTask, threads, null)) {
                env.setFlopCounter(flops);
                env.reset(seed + start);
                float[] obs = driver == Driver.POLICY ? new float[n * env.obsDim()] : null;
                int[] actions = new int[n];
                float[] rewards = new float[n];
                byte[] done = new byte[n];
                double[] ret = new double[n];
                SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + batchIndex);
                Policy.Actor actor = driver == Driver.POLICY ? policy.actor(n, flops) : null;
                int a = env.numActions();
                for (int step = 0; step < c.horizon(); step++) {
                    switch (driver) {
                        case POLICY -> {
                            env.observe(obs);
                            actor.act(obs, actions, false, rng);
                        }
                        case RANDOM -> { for (int b = 0; b < n; b++) actions[b] = rng.nextInt(a); }
                        case ORACLE -> env.oracleActions(actions);
                        case NOOP -> java.util.Arrays.fill(actions, 0);
                    }
                    env.step(actions, rewards, done);
                    for (int b = 0; b < n; b++) ret[b] += rewards[b];
                }
                for (int b = 0; b < n; b++) out[envTask[b]] += ret[b];
            }
        }
        for (int i = 0; i < out.length; i++) out[i] /= episodes;
        return out;
    }
}
