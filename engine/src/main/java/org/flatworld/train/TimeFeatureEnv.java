package org.flatworld.train;

import org.flatworld.env.VecEnv;
import org.flatworld.kernels.FlopLedger;

/**
 * Appends the elapsed fraction of the episode, t/horizon, to every agent's observation (time
 * awareness, Pardo et al. 2018, "Time Limits in Reinforcement Learning"): with a fixed time limit
 * and truncation counted as termination, values depend on the time left, which the observation
 * must then show. The step counter restarts when an environment reports an episode end.
 *
 * <p>Buffers: inner (numEnvs, agents, obsDim); this (numEnvs, agents, obsDim + 1).
 */
final class TimeFeatureEnv implements VecEnv {
    private final VecEnv inner;
    private final int horizon, d, rows, agents;
    private final float[] innerObs;   // (numEnvs, agents, obsDim)
    private final int[] t;            // (numEnvs)

    TimeFeatureEnv(VecEnv inner, int horizon) {
        if (horizon < 1) throw new IllegalArgumentException("timeFeature horizon must be ≥ 1, got " + horizon);
        this.inner = inner;
        this.horizon = horizon;
        this.d = inner.obsDim();
        this.agents = inner.numAgents();
        this.rows = inner.numEnvs() * agents;
        this.innerObs = new float[rows * d];
        this.t = new int[inner.numEnvs()];
    }

    @Override public int numEnvs() { return inner.numEnvs(); }

    @Override public int numAgents() { return agents; }

    @Override public int obsDim() { return d + 1; }

    @Override public int numActions() { return inner.numActions(); }

    @Override
    public void reset(long seed) {
        inner.reset(seed);
        java.util.Arrays.fill(t, 0);
    }

    @Override
    public void observe(float[] obs) {
        inner.observe(innerObs);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(innerObs, r * d, obs, r * (d + 1), d);
            obs[r * (d + 1) + d] = Math.min(1f, (float) t[r / agents] / horizon);
        }
    }

    @Override
    public void step(int[] actions, float[] rewards, byte[] done) {
        inner.step(actions, rewards, done);
        for (int e = 0; e < t.length; e++) t[e] = done[e] != 0 ? 0 : t[e] + 1;
    }

    @Override public int rangeGranule() { return inner.rangeGranule(); }

    @Override
    public void stepRange(int lo, int hi, int[] actions, float[] rewards, byte[] done) {
        inner.stepRange(lo, hi, actions, rewards, done);
        for (int e = lo; e < hi; e++) t[e] = done[e] != 0 ? 0 : t[e] + 1;
    }

    @Override
    public void observeRange(int lo, int hi, float[] obs) {
        inner.observeRange(lo, hi, innerObs);
        for (int r = lo * agents, end = hi * agents; r < end; r++) {
            System.arraycopy(innerObs, r * d, obs, r * (d + 1), d);
            obs[r * (d + 1) + d] = Math.min(1f, (float) t[r / agents] / horizon);
        }
    }

    @Override
    public void setFlopCounter(FlopLedger.Counter counter) { inner.setFlopCounter(counter); }

    @Override
    public void close() { inner.close(); }
}
