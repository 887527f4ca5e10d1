package org.flatworld.train;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatworld.env.VecEnv;
import org.flatworld.kernels.FlopLedger;

/**
 * The cue-recall bandit, a tiny built-in environment for smoke tests and for memory: each episode
 * draws a cue c ∈ {0..K−1}; the observation shows it one-hot for the first {@code cueSteps} steps
 * (zeros after), plus the elapsed fraction t/horizon; every step the reward is 1 when the action
 * equals c. Random play earns horizon/K, the oracle horizon. With {@code cueSteps = 1} a
 * feed-forward policy earns 1 + (horizon−1)/K: only a recurrent one can score higher.
 *
 * <p>Buffers: obs (numEnvs, agents, K+1); each agent has its own cue.
 */
public final class CueEnv implements VecEnv {
    private final int numEnvs, agents, cues, horizon, cueSteps;
    private final int[] cue;                      // (numEnvs, agents) each agent's own cue
    private final int[] t;                        // (numEnvs)
    private final SplittableRandom[] rng;        // (numEnvs) stream of env i seeded with seed + i
    private FlopLedger.Counter flops = FlopLedger.NONE;

    public CueEnv(int numEnvs, int cues, int horizon, int cueSteps) { this(numEnvs, 1, cues, horizon, cueSteps); }

    /** With {@code agents} agents per environment, each with its own cue and reward. */
    public CueEnv(int numEnvs, int agents, int cues, int horizon, int cueSteps) {
        if (agents < 1 || agents > 64) throw new IllegalArgumentException("cue env: agents must be in [1, 64], got " + agents);
        if (numEnvs < 1) throw new IllegalArgumentException("numEnvs must be ≥ 1, got " + numEnvs);
        if (cues < 2 || cues > 1024) throw new IllegalArgumentException("cue env: cues must be in [2, 1024], got " + cues);
        if (horizon < 1 || horizon > 100_000) throw new IllegalArgumentException("cue env: horizon must be in [1, 100000], got " + horizon);
        if (cueSteps < 1 || cueSteps > horizon)
            throw new IllegalArgumentException("cue env: cueSteps must be in [1, horizon=" + horizon + "], got " + cueSteps);
        this.numEnvs = numEnvs;
        this.agents = agents;
        this.cues = cues;
        this.horizon = horizon;
        this.cueSteps = cueSteps;
        this.cue = new int[numEnvs * agents];
        this.t = new int[numEnvs];
        this.rng = new SplittableRandom[numEnvs];
        reset(0);
    }

    /** From env.kwargs: agents (default 1), cues (4), horizon (8), cueSteps (horizon). */
    public static CueEnv fromKwargs(int numEnvs, Map<String, Object> kw) {
        for (String k : kw.keySet())
            if (!k.equals("cues") && !k.equals("horizon") && !k.equals("cueSteps") && !k.equals("agents"))
                throw new IllegalArgumentException("unknown cue env key 'env.kwargs." + k + "'; known: agents, cues, horizon, cueSteps");
        int cues = intArg(kw, "cues", 4), horizon = intArg(kw, "horizon", 8);
        return new CueEnv(numEnvs, intArg(kw, "agents", 1), cues, horizon, intArg(kw, "cueSteps", horizon));
    }

    private static int intArg(Map<String, Object> kw, String key, int def) {
        Object v = kw.get(key);
        if (v == null) return def;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
        throw new IllegalArgumentException("env.kwargs." + key + " must be an integer, got " + v);
    }

    public int horizon() { return horizon; }

    public int cues() { return cues; }

    @Override public int numEnvs() { return numEnvs; }

    @Override public int numAgents() { return agents; }

    @Override public int obsDim() { return cues + 1; }

    @Override public int numActions() { return cues; }

    @Override
    public void reset(long seed) {
        for (int i = 0; i < numEnvs; i++) {
            rng[i] = new SplittableRandom(seed + i);
            for (int a = 0; a < agents; a++) cue[i * agents + a] = rng[i].nextInt(cues);
            t[i] = 0;
        }
    }

    @Override
    public void observe(float[] obs) {
        int d = cues + 1;
        Arrays.fill(obs, 0, numEnvs * agents * d, 0f);
        for (int i = 0; i < numEnvs; i++) {
            for (int a = 0; a < agents; a++) {
                int row = i * agents + a;
                if (t[i] < cueSteps) obs[row * d + cue[row]] = 1f;
                obs[row * d + cues] = (float) t[i] / horizon;
            }
        }
        flops.add(numEnvs); // one division per env
    }

    @Override
    public void step(int[] actions, float[] rewards, byte[] done) {
        for (int i = 0; i < numEnvs; i++) {
            for (int a = 0; a < agents; a++) rewards[i * agents + a] = actions[i * agents + a] == cue[i * agents + a] ? 1f : 0f;
            if (++t[i] >= horizon) {
                done[i] = TRUNCATED;
                t[i] = 0;
                for (int a = 0; a < agents; a++) cue[i * agents + a] = rng[i].nextInt(cues);
            } else {
                done[i] = 0;
            }
        }
        flops.add((long) numEnvs * (agents + 1)); // compare actions, compare time
    }

    @Override
    public void setFlopCounter(FlopLedger.Counter counter) { this.flops = counter == null ? FlopLedger.NONE : counter; }
}
