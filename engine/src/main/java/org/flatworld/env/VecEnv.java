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

    /**
     * Environments per aligned range of {@link #stepRange} and {@link #observeRange}: range bounds must
     * be multiples of it (or {@code numEnvs()}); 0 when this batch steps only whole (the default).
     */
    default int rangeGranule() { return 0; }

    /**
     * Advances environments [lo, hi) one step, exactly as {@link #step} advances them (same bits, auto-reset
     * included): reads their actions and writes their rewards and done flags at the places {@link #step} uses
     * in full-batch buffers. Disjoint ranges may be stepped concurrently from different threads, and each
     * range may be at a different step; their FLOPs add up to those of whole steps. Only when
     * {@link #rangeGranule()} &gt; 0.
     */
    default void stepRange(int lo, int hi, int[] actions, float[] rewards, byte[] done) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " steps only the whole batch");
    }

    /** Writes the observations of environments [lo, hi) where {@link #observe} puts them; as {@link #stepRange}. */
    default void observeRange(int lo, int hi, float[] obs) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " observes only the whole batch");
    }

    @Override
    default void close() {}
}
