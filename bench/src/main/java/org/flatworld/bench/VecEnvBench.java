package org.flatworld.bench;

import org.flatworld.env.VecEnv;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every batched-environment benchmark shares: the caller-owned buffers of {@link VecEnv},
 * an {@code envSteps} counter (the figure of merit, env-steps/s) and the two measured loops —
 * {@code step} alone, and {@code stepObserve} which also writes every observation a policy reads.
 * Subclasses build the environment in their own {@code @Setup} and call {@link #use}.
 */
@State(Scope.Benchmark)
public abstract class VecEnvBench {
    VecEnv env;
    int[] actions;   // (envs, agents), fixed random actions
    float[] rewards; // (envs, agents)
    float[] obs;     // (envs, agents, obsDim)
    byte[] done;     // (envs)

    /** env-steps completed, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long envSteps;

        @Setup(Level.Iteration)
        public void clear() { envSteps = 0; }
    }

    /** Takes {@code e} (already warmed up if needed), allocates the buffers and resets it. */
    final void use(VecEnv e, int[] fixedActions) {
        env = e;
        actions = fixedActions;
        int rows = e.numEnvs() * e.numAgents();
        rewards = new float[rows];
        obs = new float[rows * e.obsDim()];
        done = new byte[e.numEnvs()];
        e.reset(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() { env.close(); }

    @Benchmark
    public float step(Counters c) {
        env.step(actions, rewards, done);
        c.envSteps += env.numEnvs();
        return rewards[0];
    }

    @Benchmark
    public float stepObserve(Counters c) {
        env.step(actions, rewards, done);
        env.observe(obs);
        c.envSteps += env.numEnvs();
        return obs[obs.length - 1];
    }
}
