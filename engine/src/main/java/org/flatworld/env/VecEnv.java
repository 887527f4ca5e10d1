package org.flatworld.env;

import org.flatworld.kernels.FlopLedger;

/**
 * A batch of {@code numEnvs()} environments, each with {@code numAgents()} learning agents that
 * act with discrete actions. The batch engine owns auto-reset: when an episode ends in
 * {@link #step}, that environment is reset at once (per-environment seed stream started from
 * {@code seed + envId}) and the observation written afterwards is the new episode's first.
 *
 * <p>Buffers (row-major, caller-owned, allocated once):
 * <pre>
 *   obs      (numEnvs, numAgents, obsDim)
 *   actions  (numEnvs, numAgents)
 *   rewards  (numEnvs, numAgents)
 *   done     (numEnvs)  0 = running, {@link #TERMINATED} or {@link #TRUNCATED} (time limit)
 * </pre>
 * Environment FLOPs (stepping, goal evaluation, observation writing) are added to the counter
 * given to {@link #setFlopCounter} (category {@code sim}, or {@code eval} during evaluation).
 */
public interface VecEnv extends AutoCloseable {
    byte TERMINATED = 1;
    byte TRUNCATED = 2;

    int numEnvs();

    int numAgents();

    int obsDim();

    int numActions();

    /** Resets every environment; environment i draws from a stream seeded with seed + i. */
    void reset(long seed);

    /** Writes the current observation of every agent. */
    void observe(float[] obs);

    /** Advances every environment one step; ended episodes auto-reset. */
    void step(int[] actions, float[] rewards, byte[] done);

    void setFlopCounter(FlopLedger.Counter counter);

    @Override
    default void close() {}
}
