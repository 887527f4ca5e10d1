package org.flatworld.mpe;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.flatworld.env.VecEnv;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.WorkerPool;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.flatworld.kernels.physics.PointMassBatch;

/**
 * The batch engine for MPE scenarios: owns the structure-of-arrays state, the worker threads,
 * per-environment random streams ({@code seed + envId}), episode clocks, truncation flags and
 * auto-reset. The scenario ({@link BatchScenario}) says what the world is.
 *
 * <p>Work is split into one fixed chunk of environments per thread (chunk boundaries multiples of
 * 16), and each chunk is processed in blocks of {@link #BLOCK} environments so that every pass of
 * the step (action decoding, contacts, integration, rewards) reads data the previous pass left in
 * L1/L2. Each environment's arithmetic never depends on which chunk or block it falls in, so results
 * are bit-identical for any thread count. Row padding lanes (envs rounded up to 16) are simulated
 * with no-op actions and never reported.
 */
public final class MpeVecEnv implements VecEnv {
    /** Environments per block: 512 envs × ~20 rows × 4 B ≈ 40 KB of state per block. */
    static final int BLOCK = 512;

    private final BatchScenario scenario;
    private final PhysicsKernels kernels;
    private final int numEnvs, lanes, threads;
    private final PointMassBatch batch;
    private final SplittableRandom[] rngs; // (lanes) per-environment stream, seeded seed + envId
    private final int[] clock;             // (lanes) steps taken in the current episode
    private final int[] chunkFrom, chunkTo; // (threads) fixed partition of [0, lanes)
    private final WorkerPool pool;
    private final IntConsumer stepChunk = this::stepChunk, observeChunk = this::observeChunk;
    private FlopLedger.Counter flops = FlopLedger.NONE;
    // arguments of the call in progress (published to workers by WorkerPool.run)
    private int[] curActions;
    private float[] curRewards, curObs;
    private byte[] curDone;

    public MpeVecEnv(BatchScenario scenario, int numEnvs, int threads) {
        if (numEnvs < 1 || numEnvs > (1 << 24))
            throw new IllegalArgumentException("numEnvs must be in [1, 16777216], got " + numEnvs);
        if (threads < 1 || threads > 256) throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
        this.scenario = scenario;
        this.kernels = scenario.kernels;
        this.numEnvs = numEnvs;
        this.lanes = (numEnvs + 15) & ~15;
        this.batch = new PointMassBatch(scenario.spec().entities(), lanes);
        scenario.allocate(batch);
        this.rngs = new SplittableRandom[lanes];
        this.clock = new int[lanes];
        int per = ((lanes / 16 + threads - 1) / threads) * 16;
        int used = Math.max(1, Math.min(threads, (lanes + per - 1) / per));
        this.threads = used;
        chunkFrom = new int[used];
        chunkTo = new int[used];
        for (int c = 0; c < used; c++) {
            chunkFrom[c] = Math.min(lanes, c * per);
            chunkTo[c] = Math.min(lanes, (c + 1) * per);
        }
        this.pool = new WorkerPool(used);
        reset(0);
    }

    public BatchScenario scenario() { return scenario; }

    /** The structure-of-arrays state (entities × padded envs); for tests, replay and renderers. */
    public PointMassBatch state() { return batch; }

    /** Steps taken in environment {@code env}'s current episode. */
    public int clock(int env) { return clock[env]; }

    public int threads() { return threads; }

    public PhysicsKernels kernels() { return kernels; }

    @Override public int numEnvs() { return numEnvs; }

    @Override public int numAgents() { return scenario.numAgents(); }

    @Override public int obsDim() { return scenario.obsDim(); }

    @Override public int numActions() { return scenario.numActions(); }

    @Override
    public void reset(long seed) {
        for (int i = 0; i < lanes; i++) {
            rngs[i] = new SplittableRandom(seed + i);
            scenario.reset(batch, i, rngs[i]);
            clock[i] = 0;
        }
        count((long) numEnvs * scenario.resetFlops(), 0);
    }

    @Override
    public void observe(float[] obs) {
        long need = (long) numEnvs * numAgents() * obsDim();
        if (obs.length < need) throw new IllegalArgumentException("obs must hold numEnvs × numAgents × obsDim = " + need + " floats, got " + obs.length);
        curObs = obs;
        pool.run(chunkFrom.length, observeChunk);
        curObs = null;
        count((long) numEnvs * scenario.observeFlops(), 0);
    }

    @Override
    public void step(int[] actions, float[] rewards, byte[] done) {
        int n = numAgents();
        if (actions.length < numEnvs * n) throw new IllegalArgumentException("actions must hold numEnvs × numAgents = " + numEnvs * n + " ints, got " + actions.length);
        if (rewards.length < numEnvs * n) throw new IllegalArgumentException("rewards must hold numEnvs × numAgents = " + numEnvs * n + " floats, got " + rewards.length);
        if (done.length < numEnvs) throw new IllegalArgumentException("done must hold numEnvs = " + numEnvs + " bytes, got " + done.length);
        curActions = actions;
        curRewards = rewards;
        curDone = done;
        try {
            pool.run(chunkFrom.length, stepChunk);
        } finally {
            curActions = null;
            curRewards = null;
            curDone = null;
        }
        long resets = 0;
        for (int i = 0; i < numEnvs; i++) if (clock[i] == 0) resets++;
        count((long) numEnvs * scenario.stepFlops() + resets * scenario.resetFlops(), (long) numEnvs * scenario.stepTranscendentals());
    }

    private void stepChunk(int c) {
        int[] actions = curActions;
        float[] rewards = curRewards;
        byte[] done = curDone;
        int max = scenario.maxCycles();
        for (int from = chunkFrom[c], end = chunkTo[c]; from < end; from += BLOCK) {
            int to = Math.min(end, from + BLOCK);
            scenario.applyActions(batch, actions, numEnvs, from, to);
            kernels.step(scenario.spec(), batch, from, to);
            scenario.rewards(batch, rewards, numEnvs, from, to);
            for (int i = from; i < to; i++) {
                byte d = 0;
                if (++clock[i] >= max) {
                    d = TRUNCATED;
                    scenario.reset(batch, i, rngs[i]);
                    clock[i] = 0;
                }
                if (i < numEnvs) done[i] = d;
            }
        }
    }

    private void observeChunk(int c) {
        float[] obs = curObs;
        for (int from = chunkFrom[c], end = chunkTo[c]; from < end; from += BLOCK)
            scenario.observe(batch, obs, numEnvs, from, Math.min(end, from + BLOCK));
    }

    private void count(long total, long transcendental) {
        flops.add(total - transcendental);
        flops.addTranscendental(transcendental);
    }

    @Override
    public void setFlopCounter(FlopLedger.Counter counter) {
        this.flops = counter == null ? FlopLedger.NONE : counter;
    }

    @Override
    public void close() { pool.close(); }
}
