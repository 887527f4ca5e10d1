package org.flatworld.mpe;

import java.util.SplittableRandom;
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
 * <p>Work is split into fixed chunks of environments (boundaries multiples of 16; one chunk with one
 * thread, {@link #CHUNKS_PER_THREAD} per thread otherwise, claimed by the threads as they become free), and each chunk is processed in blocks of {@link #BLOCK} environments so that every pass of
 * the step (action decoding, contacts, integration, rewards) reads data the previous pass left in
 * L1/L2. Each environment's arithmetic never depends on which chunk or block it falls in, so results
 * are bit-identical for any thread count. Row padding lanes (envs rounded up to 16) are simulated
 * with no-op actions and never reported.
 */
public final class MpeVecEnv implements VecEnv {
    /** Environments per block: 512 envs × ~20 rows × 4 B ≈ 40 KB of state per block. */
    static final int BLOCK = 512;
    /** Chunks per thread when several threads step the batch (claimed dynamically). */
    static final int CHUNKS_PER_THREAD = 8;

    private final BatchScenario scenario;
    private final PhysicsKernels kernels;
    private final int numEnvs, lanes, threads;
    private final PointMassBatch batch;
    private final SplittableRandom[] rngs; // (lanes) per-environment stream, seeded seed + envId
    private final int[] clock;             // (lanes) steps taken in the current episode, when sharedClock < 0
    private volatile int sharedClock;      // ≥ 0: every environment is at this step (MPE never terminates early); -1 after load or stepRange
    private final int[] chunkFrom, chunkTo; // (chunks) fixed partition of [0, lanes)
    private final WorkerPool pool;
    private final WorkerPool.ChunkBody stepChunk = (c, worker) -> stepChunk(c), observeChunk = (c, worker) -> observeChunk(c);
    private FlopLedger.Counter flops = FlopLedger.NONE;
    // arguments of the call in progress (published to workers by WorkerPool.run)
    private int[] curActions;
    private float[] curContinuous;
    private int curWidth;
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
        int groups = lanes / 16;                      // chunk boundaries stay multiples of 16
        int used = Math.max(1, Math.min(threads, groups));
        this.threads = used;
        // With several threads the envs are cut into CHUNKS_PER_THREAD chunks per thread that the threads
        // claim as they become free (WorkerPool.runDynamic): a vCPU the host slows down for a moment no
        // longer holds the step up. Each environment's arithmetic is the same in any chunk, so results do not
        // depend on the chunking or on which thread ran a chunk.
        int chunks = used == 1 ? 1 : Math.min(groups, used * CHUNKS_PER_THREAD);
        int per = ((groups + chunks - 1) / chunks) * 16;
        chunks = (lanes + per - 1) / per;
        chunkFrom = new int[chunks];
        chunkTo = new int[chunks];
        for (int c = 0; c < chunks; c++) {
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
    public int clock(int env) { return sharedClock >= 0 ? sharedClock : clock[env]; }

    public int threads() { return threads; }

    public PhysicsKernels kernels() { return kernels; }

    /** Bytes one env-step moves, counted from the layout ({@link BatchScenario#stepBytes}). */
    public StepBytes stepBytes() { return scenario.stepBytes(); }

    /** Bytes writing one environment's observations moves ({@link BatchScenario#observeBytes}). */
    public StepBytes observeBytes() { return scenario.observeBytes(); }

    /**
     * Bytes a step touches over the whole batch (numEnvs × {@link #stepBytes()}, plus the
     * observations with {@code observe}): the size a bandwidth probe should stream to be comparable.
     */
    public long workingSetBytes(boolean observe) {
        StepBytes b = observe ? stepBytes().plus(observeBytes()) : stepBytes();
        return (long) Math.ceil(numEnvs * b.total());
    }

    @Override public int numEnvs() { return numEnvs; }

    @Override public int numAgents() { return scenario.numAgents(); }

    @Override public int obsDim() { return scenario.obsDim(); }

    /** The widest agent's action count; see {@link #numActions(int)} for each agent's. */
    @Override public int numActions() { return scenario.numActions(); }

    /** Actions of agent {@code agent}: {@link #step} rejects larger ones. */
    public int numActions(int agent) { return scenario.layout().numActions(agent); }

    /** Observation width of agent {@code agent}; its row is zero-padded to {@link #obsDim()}. */
    public int obsDim(int agent) { return scenario.layout().obsDim(agent); }

    @Override
    public void reset(long seed) {
        for (int i = 0; i < lanes; i++) {
            rngs[i] = new SplittableRandom(seed + i);
            scenario.reset(batch, i, rngs[i]);
            clock[i] = 0;
        }
        sharedClock = 0;
        count((long) numEnvs * scenario.resetFlops(), 0);
    }

    @Override
    public void observe(float[] obs) {
        long need = (long) numEnvs * numAgents() * obsDim();
        if (obs.length < need) throw new IllegalArgumentException("obs must hold numEnvs × numAgents × obsDim = " + need + " floats, got " + obs.length);
        curObs = obs;
        pool.runDynamic(chunkFrom.length, observeChunk);
        curObs = null;
        count((long) numEnvs * scenario.observeFlops(), (long) numEnvs * scenario.observeTranscendentals());
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
            pool.runDynamic(chunkFrom.length, stepChunk);
        } finally {
            curActions = null;
            curRewards = null;
            curDone = null;
        }
        countStep();
    }

    private void countStep() {
        long resets = 0;
        if (sharedClock >= 0) {
            sharedClock = sharedClock + 1 >= scenario.maxCycles() ? 0 : sharedClock + 1;
            if (sharedClock == 0) resets = numEnvs;
        } else {
            for (int i = 0; i < numEnvs; i++) if (clock[i] == 0) resets++;
        }
        count((long) numEnvs * scenario.stepFlops() + resets * scenario.resetFlops(), (long) numEnvs * scenario.stepTranscendentals());
    }

    /**
     * One step with continuous actions (numEnvs, numAgents, width), width ≥ every agent's
     * {@link MpeLayout#continuousDim}, entries in [0, 1]; otherwise like {@link #step}.
     */
    public void stepContinuous(float[] actions, int width, float[] rewards, byte[] done) {
        int n = numAgents();
        for (int a = 0; a < n; a++)
            if (width < scenario.layout().continuousDim(a))
                throw new IllegalArgumentException("width must be ≥ " + scenario.layout().continuousDim(a) + " for agent " + a + ", got " + width);
        if (actions.length < (long) numEnvs * n * width) throw new IllegalArgumentException("actions must hold numEnvs × numAgents × width = " + (long) numEnvs * n * width + " floats, got " + actions.length);
        if (rewards.length < numEnvs * n) throw new IllegalArgumentException("rewards must hold numEnvs × numAgents = " + numEnvs * n + " floats, got " + rewards.length);
        if (done.length < numEnvs) throw new IllegalArgumentException("done must hold numEnvs = " + numEnvs + " bytes, got " + done.length);
        curContinuous = actions;
        curWidth = width;
        curRewards = rewards;
        curDone = done;
        try {
            pool.runDynamic(chunkFrom.length, stepChunk);
        } finally {
            curContinuous = null;
            curRewards = null;
            curDone = null;
        }
        countStep();
    }

    /**
     * Sets environment {@code env} to a reference environment's state (bodies as float32,
     * communication, goals) and restarts its episode clock at the reference's step count.
     */
    public void load(int env, MpeReference ref) {
        if (env < 0 || env >= numEnvs) throw new IllegalArgumentException("env must be in [0, " + numEnvs + "), got " + env);
        if (ref.layout().entities() != batch.entities() || !ref.layout().scenario().equals(scenario.name()))
            throw new IllegalArgumentException("reference is " + ref.layout() + ", this batch runs " + scenario.name());
        for (int e = 0; e < batch.entities(); e++) {
            int k = batch.at(e, env);
            batch.px[k] = (float) ref.px(e);
            batch.py[k] = (float) ref.py(e);
            batch.vx[k] = (float) ref.vx(e);
            batch.vy[k] = (float) ref.vy(e);
        }
        for (int a = 0; a < numAgents(); a++) scenario.load(env, a, ref);
        if (sharedClock >= 0) {
            java.util.Arrays.fill(clock, sharedClock);
            sharedClock = -1;
        }
        clock[env] = ref.steps();
    }

    /** 16: ranges cover whole groups of 16 lanes (the last range may end at numEnvs). */
    @Override
    public int rangeGranule() { return 16; }

    /**
     * Steps environments [lo, hi) on the calling thread (the batch's own threads are not used); the lanes
     * past numEnvs go with the range that ends at numEnvs. Same bits as {@link #step} for these environments:
     * each environment's arithmetic does not depend on the range it is stepped in. The first call after a
     * reset switches the batch to per-environment clocks, since ranges may be at different steps.
     */
    @Override
    public void stepRange(int lo, int hi, int[] actions, float[] rewards, byte[] done) {
        int n = numAgents();
        checkRange(lo, hi);
        if (actions.length < numEnvs * n) throw new IllegalArgumentException("actions must hold numEnvs × numAgents = " + numEnvs * n + " ints, got " + actions.length);
        if (rewards.length < numEnvs * n) throw new IllegalArgumentException("rewards must hold numEnvs × numAgents = " + numEnvs * n + " floats, got " + rewards.length);
        if (done.length < numEnvs) throw new IllegalArgumentException("done must hold numEnvs = " + numEnvs + " bytes, got " + done.length);
        if (sharedClock >= 0) perEnvClocks();
        stepLanes(lo, hi == numEnvs ? lanes : hi, actions, null, rewards, done);
        long resets = 0;
        for (int i = lo; i < hi; i++) if (clock[i] == 0) resets++;
        count((long) (hi - lo) * scenario.stepFlops() + resets * scenario.resetFlops(), (long) (hi - lo) * scenario.stepTranscendentals());
    }

    @Override
    public void observeRange(int lo, int hi, float[] obs) {
        checkRange(lo, hi);
        long need = (long) numEnvs * numAgents() * obsDim();
        if (obs.length < need) throw new IllegalArgumentException("obs must hold numEnvs × numAgents × obsDim = " + need + " floats, got " + obs.length);
        int end = hi == numEnvs ? lanes : hi;
        for (int from = lo; from < end; from += BLOCK) scenario.observe(batch, obs, numEnvs, from, Math.min(end, from + BLOCK));
        count((long) (hi - lo) * scenario.observeFlops(), (long) (hi - lo) * scenario.observeTranscendentals());
    }

    private void checkRange(int lo, int hi) {
        if (lo < 0 || lo > hi || hi > numEnvs || lo % 16 != 0 || (hi % 16 != 0 && hi != numEnvs))
            throw new IllegalArgumentException("env range must satisfy 0 ≤ lo ≤ hi ≤ " + numEnvs
                    + " with lo and hi multiples of 16 (or hi = numEnvs), got [" + lo + ", " + hi + ")");
    }

    /** Leaves the shared clock (one thread at a time: concurrent range steps may race to switch). */
    private synchronized void perEnvClocks() {
        if (sharedClock < 0) return;
        java.util.Arrays.fill(clock, sharedClock);
        sharedClock = -1;
    }

    private void stepChunk(int c) {
        stepLanes(chunkFrom[c], chunkTo[c], curActions, curContinuous, curRewards, curDone);
    }

    /** Steps lanes [start, end) in blocks of {@link #BLOCK}: discrete actions, or continuous ones when non-null. */
    private void stepLanes(int start, int end, int[] actions, float[] continuous, float[] rewards, byte[] done) {
        int max = scenario.maxCycles();
        for (int from = start; from < end; from += BLOCK) {
            int to = Math.min(end, from + BLOCK);
            if (continuous != null) {
                scenario.applyContinuous(batch, continuous, curWidth, numEnvs, from, to);
                kernels.step(scenario.spec(), batch, from, to);
                scenario.rewards(batch, rewards, numEnvs, from, to);
            } else {
                scenario.stepBlock(batch, actions, rewards, numEnvs, from, to);
            }
            if (sharedClock >= 0) { // every episode at the same step: no per-environment clocks
                boolean last = sharedClock + 1 >= max;
                if (last) for (int i = from; i < to; i++) scenario.reset(batch, i, rngs[i]);
                if (from < numEnvs) java.util.Arrays.fill(done, from, Math.min(to, numEnvs), last ? TRUNCATED : 0);
                continue;
            }
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
