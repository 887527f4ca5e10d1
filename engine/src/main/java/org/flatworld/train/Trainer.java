package org.flatworld.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.flatworld.env.VecEnv;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.OptimKernels;
import org.flatworld.kernels.WorkerPool;
import org.flatworld.nn.ActorCritic;
import org.flatworld.nn.NetInit;
import org.flatworld.nn.NetPolicy;
import org.flatworld.nn.NetShape;

/**
 * One training run, readable top to bottom like a CleanRL script: set up (environment, network,
 * optimizer, preallocated rollout storage), then repeat { roll out {@code unroll} steps of every
 * environment; compute targets; {@code epochs × minibatches} gradient steps of V-MPO or PPO; log;
 * checkpoint } until the agent-step or FLOP budget is spent.
 *
 * <p>Every learning agent of every environment is one row of the batch and acts with the same
 * network (parameter sharing). V-MPO acts with the target parameters θ′ (copied from θ every
 * {@code targetPeriod} gradient steps) and uses them as π_old in the KL; PPO acts with θ. FLOPs go to
 * the ledger by category: env stepping {@code sim}, acting {@code act}, learner forward passes,
 * targets and losses {@code learn.fwd}, backward passes {@code learn.bwd}, gradient norm, Adam and
 * the dual variables {@code optim}.
 *
 * <p>Rollout storage (rows = envs × agents, row = env·agents + agent):
 * <pre>
 *   obs      (unroll+1, rows, obsDim)   step unroll is the bootstrap observation
 *   actions  (unroll, rows)
 *   rewards  (unroll, rows)
 *   done     (unroll, envs)
 *   starts   (unroll+1, rows)            1 where that row's episode begins at that step (LSTM resets)
 *   logpOld  (unroll, rows, actions)     behaviour log-probabilities
 *   values   (unroll+1, rows)            V of the learner's parameters before the update
 * </pre>
 *
 * <p>Threads (MLP models on a CPU backend): the value pass over the rollout and each gradient step's gather, forward
 * and backward split their rows into {@link #SHARDS} fixed ranges, each with its own workspace; the
 * pool's threads claim shards as they become free ({@link WorkerPool#runDynamic}, so a descheduled
 * thread holds up at most one shard) and run them on their own single-threaded kernels. GEMMs are
 * thus never split below a shard, where a hand-off costs more than it saves. When the environment
 * steps in ranges ({@link VecEnv#rangeGranule()} &gt; 0: MPE, also behind the time feature), the rollout
 * runs in {@link #ROLL_CHUNKS_PER_THREAD} fixed env chunks per thread, claimed the same way, each running
 * all {@code unroll} steps of its envs (act, sample, step, observe, store) with no hand-off per step;
 * actions then come from per-row counter-based uniforms ({@link RowUniforms}), so a row's action does not
 * depend on the chunk it is in. Other environments roll out step by step with one random stream; their
 * acting forward is split into {@link #ACT_CHUNKS} env ranges when a chunk is large enough
 * ({@link #ACT_PARALLEL_MIN_FLOPS}). The loss, targets and Adam stay on the calling thread. Results
 * depend on SHARDS, never on the thread count: forward rows are independent of the split, env ranges
 * step as the whole batch does, and the gradient is the sum of the shards' gradients in shard order.
 *
 * <p>Value targets need V_θ on every stored observation. When the rollout acted with parameters
 * bit-identical to θ (PPO always; V-MPO when θ′ was just copied from θ, as in the {@code spread}
 * preset whose target period equals its gradient steps per iteration), the acting forward already
 * computed those values, row for row the same bits (MLP on a CPU backend: rows are independent of the
 * batch, {@code ForwardRowSplitTest}); then only the bootstrap step's rows run the value pass. With
 * assertions on, the first iterations also run the full pass and check that the values are identical.
 */
public final class Trainer implements AutoCloseable {
    /** Finished episodes averaged into {@code episodic_return}. */
    public static final int RETURN_WINDOW = 256;
    /**
     * Fixed row ranges of the MLP learner passes (see the class comment); recurrent models use one.
     * More shards than threads let a thread that runs take over the shards of one that is descheduled.
     */
    static final int SHARDS = 4;
    /**
     * Env ranges of the acting forward when it runs on the pool (MLP on a CPU backend, several threads).
     * Either way the log-probabilities and values are the same bits, forward rows being independent.
     */
    static final int ACT_CHUNKS = 2;
    /**
     * Acting runs on the pool only when a chunk's forward pass reaches this many FLOPs; below it a
     * hand-off per env step costs more than it saves. Measured with spread's 96-row chunks (1.1 MFLOP,
     * ≈ 30 µs) on 2 threads, one-pass config, load ≈ 4, alternated with the build that acted on the
     * calling thread: 269 / 289 / 315 k vs 371 / 366 / 285 k agent-steps/s, and 1 s more CPU per 1 M
     * agent-steps (the caller waiting for a worker's chunk); so spread acts on the calling thread.
     */
    static final long ACT_PARALLEL_MIN_FLOPS = 1L << 22;
    /**
     * The environments step on several threads only from this many envs on (PERF.md: a 4,096-env
     * step takes ≈ 30 µs, a hand-off tens of µs); below it the per-step hand-off costs more than the
     * step (measured: 64 envs on 2 threads made the rollout 10× slower on the loaded VM). Env results
     * do not depend on their thread count.
     */
    static final int ENV_PARALLEL_MIN_ENVS = 4096;
    /**
     * Rollout chunks per pool thread when the whole rollout runs in env chunks ({@link #rollChunks}): more
     * chunks than threads let a running thread take over the chunk of one the host has descheduled.
     */
    static final int ROLL_CHUNKS_PER_THREAD = 2;

    private final TrainConfig cfg;
    private final Path out;
    private final Kernels kernels;       // shard 0's backend; also runs the optimizer
    private final int shards;            // SHARDS for an MLP on a CPU backend whose minibatches hold ≥ SHARDS samples, else 1
    private final WorkerPool pool;       // min(threads, shards) threads claiming shards
    private final Kernels[] workerKernels; // (pool threads) one single-threaded CPU backend per thread
    private final VecEnv env;
    private final boolean ownsEnv;
    private final int envs, agents, rows, unroll, obsDim, numActions;
    private final NetShape shape;
    private final ActorCritic net;       // nets[0]
    private final ActorCritic[] nets;    // (pool threads) the same network on each thread's kernels
    private final int paramCount;

    // parameters and optimizer state
    final float[] params;          // (P) θ
    final float[] target;          // (P) θ′, V-MPO's acting / π_old parameters
    private final float[] grads;   // (P) shard 0 writes here, the other shards' gradients are added in order
    private final float[][] shardGrads; // (shards, P) row 0 unused
    final float[] adamM, adamV;    // (P)
    long adamStep;
    double eta, alpha;             // V-MPO duals
    final double[] dualAdam = new double[4]; // m_η, v_η, m_α, v_α
    double popMu = 0, popNu = 1, popM, popM2; // PopArt statistics (μ, ν; raw exponential averages)
    long popT;

    // compute accounting
    final FlopLedger ledger = new FlopLedger();
    private final FlopLedger.Counter cSim, cAct, cFwd, cBwd, cOptim;

    // rollout storage
    private final float[] obs;       // (unroll+1, rows, obsDim)
    private final int[] actions;     // (unroll, rows)
    private final float[] rewards;   // (unroll, rows)
    private final byte[] done;       // (unroll, envs)
    private final byte[] starts;     // (unroll+1, rows)
    private final float[] logpOld;   // (unroll, rows, A)
    private final float[] values;    // (unroll+1, rows)
    private final double[] returns;  // (unroll, rows) n-step (V-MPO) or GAE (PPO) targets
    private final double[] advGae;   // (unroll, rows) PPO advantages
    private final float[] h0, c0;    // (rows, H) LSTM state at the rollout's start
    private final float[] stepObs;     // (rows, obsDim) one step, as env.observe writes it
    private final float[] stepRewards; // (envs, agents) one step
    private final byte[] stepDone;     // (envs)
    private final int[] stepActions;   // (rows)
    final int actChunks;               // ACT_CHUNKS when acting runs on the pool step by step, else 1
    final boolean rowSampling;         // actions drawn from per-row counter-based uniforms (RowUniforms), not one stream
    final int rollChunks;              // env chunks that each run the whole rollout on one pool thread; 1 = step by step
    private final int[] rollEnvLo;     // (rollChunks+1) env bounds of the rollout chunks, multiples of env.rangeGranule()
    private final NetPolicy.NetActor[][] rollActors; // (rollChunks, pool threads) rollActors[c][w] acts for chunk c on thread w
    private final RowUniforms[] rowUniforms; // (rollChunks) one per chunk
    private final double[] endedReturn; // (unroll, envs) return of the episode env e ended at step t (merged in (t, e) order)
    private final NetPolicy.NetActor[][] actors; // (actChunks, pool threads) actors[c][w] acts for rows [actLo[c], actLo[c+1]) on thread w
    private final int[] actLo;         // (actChunks+1) row bounds on env boundaries
    private final float[] actValues;   // (unroll, rows) value-head outputs of the acting forward
    private boolean actedWithParams;   // this rollout acted with θ itself on rows independent of the batch
    long valuePassesSaved;             // iterations whose V(s_t), t < unroll, came from the acting forward

    // learner buffers (one minibatch, at most unroll·rows samples)
    private final ActorCritic.Workspace[] wss; // (shards) activations of each shard's rows
    private final int[] perm;          // samples (MLP) or rows (LSTM) in shuffled order
    private final int[] mbIdx;         // (mb) flat sample index t·rows + r of each minibatch sample
    private final float[] mbObs;       // (mb, obsDim)
    private final byte[] mbStarts;     // (unroll, mbRows)
    private final float[] mbH0, mbC0;  // (mbRows, H)
    private final int[] mbActions;     // (mb)
    private final double[] lp, lpOld, dlp; // (mb, A)
    private final double[] vD, retD, advD, oldVD, oldLpAct, dvD; // (mb)
    private final float[] dlogpF;      // (mb, A)
    private final float[] dvF;         // (mb)

    // progress
    long globalStep, samples, updates, iterations, episodes;
    private double entCoefNow; // entropy coefficient of this iteration (PPO entCoef or V-MPO vmpoEntCoef; annealEnt)
    private final double[] window = new double[RETURN_WINDOW];
    private int windowFill, windowPos;
    private final double[] epReturn;   // (envs) running return, mean over agents
    private Diagnostics last = Diagnostics.EMPTY;
    private final MetricsLog metrics;
    private long rolloutNanos, learnNanos;
    private boolean carryOver;   // obs[unroll]/starts[unroll] of the last rollout become obs[0]/starts[0]

    // the pass the pool runs: tasks allocated once, their arguments in fields
    private final WorkerPool.ChunkBody actTask = this::actChunk, rollTask = this::rolloutChunk, valueTask = this::valueShard, forwardTask = this::forwardShard,
            backwardTask = this::backwardShard;
    private int passT, passN, passBase;
    private FlopLedger.Counter passFlops = FlopLedger.NONE; // the value pass's counter (none for the assertion's check pass)
    /** Iterations whose reused values are checked against a full value pass when assertions are on. */
    static final int CHECKED_REUSES = 2;

    /** Loss terms of the last gradient step, for metrics.csv. */
    record Diagnostics(double total, double policy, double value, double entropy, double kl,
                       double temperature, double eta, double alpha, double clipFraction, double gradNorm, double lr) {
        static final Diagnostics EMPTY = new Diagnostics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    // ---- entry points -----------------------------------------------------------------------

    /** Trains {@code cfg} from scratch; writes config.json, metrics.csv, checkpoints and summary.json to outDir when non-null. */
    public static TrainResult train(TrainConfig cfg, Path outDir, TrainingListener listener) {
        return train(cfg, outDir, listener, false);
    }

    /** As {@link #train(TrainConfig, Path, TrainingListener)}; {@code resume} continues from outDir's last checkpoint. */
    public static TrainResult train(TrainConfig cfg, Path outDir, TrainingListener listener, boolean resume) {
        if (resume && outDir == null) throw new IllegalArgumentException("--resume needs an output folder");
        try (Trainer t = new Trainer(cfg, null, outDir, resume)) {
            return t.run(listener == null ? TrainingListener.NONE : listener);
        }
    }

    /**
     * Trains on an environment the caller built (an embedding program's own {@link VecEnv}; the
     * caller keeps ownership and closes it). {@code cfg.env()} is then only recorded, and
     * {@code cfg.numEnvs()} is ignored in favour of {@code env.numEnvs()}.
     */
    public static TrainResult train(TrainConfig cfg, VecEnv env, Path outDir, TrainingListener listener) {
        return train(cfg, env, outDir, listener, false);
    }

    /**
     * As {@link #train(TrainConfig, VecEnv, Path, TrainingListener)}; {@code resume} continues from
     * outDir's last checkpoint (weights, optimizer state, FLOP ledger, counters; metrics.csv rows past it
     * are dropped). The environments restart from a seed derived from the restored iteration count, so a
     * resumed run is not bit-identical to an uninterrupted one.
     */
    public static TrainResult train(TrainConfig cfg, VecEnv env, Path outDir, TrainingListener listener, boolean resume) {
        if (env == null) throw new IllegalArgumentException("env is null");
        if (resume && outDir == null) throw new IllegalArgumentException("resume needs an output folder");
        try (Trainer t = new Trainer(cfg, env, outDir, resume)) {
            return t.run(listener == null ? TrainingListener.NONE : listener);
        }
    }

    // ---- setup ------------------------------------------------------------------------------

    Trainer(TrainConfig cfg, VecEnv given, Path out, boolean resume) {
        this.cfg = cfg;
        this.out = out;
        this.ownsEnv = given == null;
        VecEnv e = given != null ? given : EnvFactory.create(cfg, cfg.numEnvs() >= ENV_PARALLEL_MIN_ENVS ? cfg.threads() : 1);
        this.env = e;
        envs = env.numEnvs();
        agents = env.numAgents();
        rows = envs * agents;
        unroll = cfg.unroll();
        obsDim = env.obsDim();
        numActions = env.numActions();
        shape = cfg.netShape(obsDim, numActions);
        boolean shardable = !shape.recurrent() && (long) unroll * rows / cfg.minibatches() >= SHARDS;
        Kernels k0 = null;
        Kernels[] wk = null;
        try {
            // sharded: the threads go to the shards, each thread's kernels single-threaded
            k0 = KernelProvider.create(cfg.backend(), shardable ? 1 : cfg.threads());
            String name = k0.name();
            if (!name.equals("panama") && !name.equals("scalar")) shardable = false; // a GPU backend takes each pass whole
            wk = new Kernels[shardable ? Math.min(cfg.threads(), SHARDS) : 1];
            wk[0] = k0;
            for (int w = 1; w < wk.length; w++) wk[w] = KernelProvider.create(name, 1);
        } catch (RuntimeException ex) {
            if (wk != null) {
                for (Kernels k : wk) if (k != null) k.close();
            } else if (k0 != null) {
                k0.close();
            }
            if (ownsEnv) e.close();
            throw ex;
        }
        shards = shardable ? SHARDS : 1;
        workerKernels = wk;
        this.pool = new WorkerPool(wk.length);
        this.kernels = k0;
        nets = new ActorCritic[wk.length];
        for (int w = 0; w < wk.length; w++) nets[w] = new ActorCritic(shape, wk[w]);
        net = nets[0];
        paramCount = net.paramCount();

        params = new float[paramCount];
        NetInit.init(shape, params, cfg.initScheme(), cfg.seed() * 0x9E3779B97F4A7C15L + 17);
        target = params.clone();
        grads = new float[paramCount];
        shardGrads = new float[shards][];
        for (int s = 1; s < shards; s++) shardGrads[s] = new float[paramCount];
        adamM = new float[paramCount];
        adamV = new float[paramCount];
        eta = cfg.eta0();
        alpha = cfg.alpha0();

        cSim = ledger.counter(FlopCategory.SIM);
        cAct = ledger.counter(FlopCategory.ACT);
        cFwd = ledger.counter(FlopCategory.LEARN_FWD);
        cBwd = ledger.counter(FlopCategory.LEARN_BWD);
        cOptim = ledger.counter(FlopCategory.OPTIM);
        env.setFlopCounter(cSim);

        int hh = shape.recurrent() ? shape.lstmHidden() : 0;
        obs = new float[(unroll + 1) * rows * obsDim];
        actions = new int[unroll * rows];
        rewards = new float[unroll * rows];
        done = new byte[unroll * envs];
        starts = new byte[(unroll + 1) * rows];
        logpOld = new float[unroll * rows * numActions];
        values = new float[(unroll + 1) * rows];
        returns = new double[unroll * rows];
        advGae = new double[unroll * rows];
        h0 = new float[rows * hh];
        c0 = new float[rows * hh];
        stepObs = new float[rows * obsDim];
        stepRewards = new float[rows];
        stepDone = new byte[envs];
        stepActions = new int[rows];
        actValues = new float[unroll * rows];
        epReturn = new double[envs];
        endedReturn = new double[unroll * envs];
        int threads = pool.threads();
        // Per-row sampling and range steps make a row's action, and an env's step, independent of the chunk it is in;
        // so the rollout may run in env chunks, and results do not depend on the thread count (shards > 1: an MLP on a
        // CPU backend, whose forward rows do not depend on the batch, and shards do not depend on the thread count).
        int granule = env.rangeGranule();
        rowSampling = shards > 1 && granule > 0;
        int groups = granule > 0 ? (envs + granule - 1) / granule : 1;
        rollChunks = rowSampling && threads > 1 ? Math.min(groups, threads * ROLL_CHUNKS_PER_THREAD) : 1;
        rollEnvLo = new int[rollChunks + 1];
        for (int c = 0; c <= rollChunks; c++) rollEnvLo[c] = Math.min(envs, (int) ((long) groups * c / rollChunks) * Math.max(1, granule));
        rollActors = new NetPolicy.NetActor[rollChunks > 1 ? rollChunks : 0][threads];
        for (int c = 0; c < rollActors.length; c++)
            for (int w = 0; w < threads; w++)
                rollActors[c][w] = NetPolicy.live(nets[w], cfg.isVmpo() ? target : params)
                        .actor((rollEnvLo[c + 1] - rollEnvLo[c]) * agents, cAct);
        rowUniforms = new RowUniforms[rollChunks];
        for (int c = 0; c < rollChunks; c++) rowUniforms[c] = new RowUniforms();
        long actFlops = 2L * paramCount * (rows / ACT_CHUNKS); // ≈ an MLP forward's FLOPs: one FMA per weight and row
        actChunks = rollChunks == 1 && threads > 1 && shards > 1 && envs >= ACT_CHUNKS && actFlops >= ACT_PARALLEL_MIN_FLOPS
                ? ACT_CHUNKS : 1;
        actLo = new int[actChunks + 1];
        actors = new NetPolicy.NetActor[actChunks][actChunks == 1 ? 1 : threads];
        for (int c = 0; c <= actChunks; c++) actLo[c] = (int) ((long) envs * c / actChunks) * agents;
        for (int c = 0; c < actChunks; c++)
            for (int w = 0; w < actors[c].length; w++)
                actors[c][w] = NetPolicy.live(nets[w], cfg.isVmpo() ? target : params).actor(actLo[c + 1] - actLo[c], cAct);

        int n = unroll * rows;
        wss = new ActorCritic.Workspace[shards];
        for (int s = 0; s < shards; s++)
            wss[s] = shape.recurrent() ? net.workspace(unroll + 1, rows)
                    : net.workspace(1, ((unroll + 1) * rows + shards - 1) / shards);
        perm = new int[shape.recurrent() ? rows : n];
        mbIdx = new int[n];
        mbObs = new float[n * obsDim];
        mbStarts = new byte[n];
        mbH0 = new float[rows * hh];
        mbC0 = new float[rows * hh];
        mbActions = new int[n];
        lp = new double[n * numActions];
        lpOld = new double[n * numActions];
        dlp = new double[n * numActions];
        vD = new double[n];
        retD = new double[n];
        advD = new double[n];
        oldVD = new double[n];
        oldLpAct = new double[n];
        dvD = new double[n];
        dlogpF = new float[n * numActions];
        dvF = new float[n];

        if (resume) {
            Checkpoints.restore(out, this);
            MetricsLog.dropRowsAfter(out.resolve("metrics.csv"), globalStep);
        }
        metrics = out == null ? null : new MetricsLog(out.resolve("metrics.csv"), resume && updates > 0);
        if (out != null && !resume) writeConfig();
    }

    private void writeConfig() {
        Files2.writeAtomically(out.resolve("config.json"), cfg.toJson() + "\n");
    }

    TrainConfig config() { return cfg; }

    NetShape netShape() { return shape; }

    int paramCount() { return paramCount; }

    // ---- the loop ---------------------------------------------------------------------------

    TrainResult run(TrainingListener listener) {
        long t0 = System.nanoTime();
        double cpu0 = Files2.processCpuSeconds();
        env.reset(cfg.seed() + 1_000_003L * iterations);
        env.observe(stepObs);
        System.arraycopy(stepObs, 0, obs, 0, rows * obsDim);
        Arrays.fill(starts, 0, rows, (byte) 1);
        String stoppedBy = "budget";
        while (!budgetSpent()) {
            long r0 = System.nanoTime();
            rollout();
            long r1 = System.nanoTime();
            learn();
            long r2 = System.nanoTime();
            rolloutNanos += r1 - r0;
            learnNanos += r2 - r1;
            iterations++;
            TrainingProgress p = progress(t0);
            if (metrics != null && (iterations % cfg.logEvery() == 0 || budgetSpent())) metrics.row(p, last, ledger, rolloutNanos, learnNanos);
            boolean saved = out != null && cfg.checkpointEvery() > 0 && iterations % cfg.checkpointEvery() == 0;
            if (saved) Checkpoints.save(out, this);
            if (listener.afterUpdate(p, NetPolicy.live(net, params))) {
                stoppedBy = "listener";
                break;
            }
            if (listener.wantsCheckpoint() && out != null && !saved) Checkpoints.save(out, this);
        }
        TrainingProgress p = progress(t0);
        double wall = (System.nanoTime() - t0) * 1e-9, cpu = Files2.processCpuSeconds() - cpu0;
        TrainResult result = new TrainResult(NetPolicy.snapshot(net, params), cfg, p, ledger, paramCount, wall, cpu,
                description(), stoppedBy);
        if (out != null) {
            if (metrics != null && iterations % cfg.logEvery() != 0 && !budgetSpent()) metrics.row(p, last, ledger, rolloutNanos, learnNanos);
            Checkpoints.save(out, this);
            Summary.write(out.resolve("summary.json"), result, rolloutNanos * 1e-9, learnNanos * 1e-9);
        }
        return result;
    }

    /** The kernels, and how the trainer splits its passes when it does. */
    String description() {
        if (shards == 1) return kernels.description();
        return kernels.description() + " (each trainer thread); trainer: " + shards + " shards on " + pool.threads()
                + (pool.threads() == 1 ? " thread" : " threads") + (rollChunks > 1 ? ", rollout in " + rollChunks + " env chunks" : "");
    }

    /** Start of shard s's range when n rows are split into {@link #shards} ranges. */
    private int bound(int n, int s) { return (int) ((long) n * s / shards); }

    private boolean budgetSpent() {
        return (cfg.totalAgentSteps() > 0 && globalStep >= cfg.totalAgentSteps())
                || (cfg.totalFlops() > 0 && ledger.trainingTotal() >= cfg.totalFlops());
    }

    private TrainingProgress progress(long t0) {
        return new TrainingProgress(globalStep, ledger.trainingTotal(), samples, updates, ledger, episodicReturn(), episodes,
                (System.nanoTime() - t0) * 1e-9);
    }

    double episodicReturn() {
        if (windowFill == 0) return Double.NaN;
        double s = 0;
        for (int i = 0; i < windowFill; i++) s += window[i];
        return s / windowFill;
    }

    // ---- rollout ----------------------------------------------------------------------------

    /**
     * unroll steps of every environment with the acting parameters; obs[0] and starts[0] carry over. With
     * {@link #rollChunks} &gt; 1 each env chunk runs all unroll steps (act, sample, step, observe, store) on
     * whichever pool thread claims it, with no hand-off per step; the episode ends are merged afterwards in
     * (step, env) order, as the step-by-step rollout records them.
     */
    private void rollout() {
        if (carryOver) {
            System.arraycopy(obs, unroll * rows * obsDim, obs, 0, rows * obsDim);
            System.arraycopy(starts, unroll * rows, starts, 0, rows);
        }
        carryOver = true;
        // shards > 1: an MLP on a CPU backend, whose forward rows do not depend on the batch they are in
        actedWithParams = shards > 1 && (!cfg.isVmpo() || Arrays.equals(target, params));
        if (shape.recurrent()) actors[0][0].copyState(h0, c0); // recurrent models act in one chunk
        if (rollChunks > 1) {
            pool.runDynamic(rollChunks, rollTask);
        } else {
            rolloutChunk(0, 0);
        }
        for (int t = 0; t < unroll; t++)
            for (int e = 0; e < envs; e++) {
                if (done[t * envs + e] == 0) continue;
                window[windowPos] = endedReturn[t * envs + e];
                windowPos = (windowPos + 1) % RETURN_WINDOW;
                windowFill = Math.min(windowFill + 1, RETURN_WINDOW);
                episodes++;
            }
        globalStep += (long) unroll * rows;
        samples += (long) unroll * envs;
    }

    /**
     * The whole rollout of rollout chunk c (all environments when {@link #rollChunks} is 1) on pool thread
     * {@code worker}: per step the acting forward (on the pool, step by step, when {@link #actChunks} &gt; 1),
     * sampling, the env step and observation of the chunk's environments, and their storage writes. The
     * chunks write disjoint parts of the step buffers and of the rollout storage.
     */
    private void rolloutChunk(int c, int worker) {
        boolean chunked = rollChunks > 1;
        int eLo = chunked ? rollEnvLo[c] : 0, eHi = chunked ? rollEnvLo[c + 1] : envs;
        int lo = eLo * agents, w = (eHi - eLo) * agents;
        NetPolicy.NetActor actor = chunked ? rollActors[c][worker] : null;
        // one stream per iteration (rows in order) unless rows draw from counter-based uniforms
        SplittableRandom rng = rowSampling ? null : new SplittableRandom(mix(cfg.seed(), 0xAC7L, iterations));
        for (int t = 0; t < unroll; t++) {
            int r0 = t * rows + lo;
            if (chunked) {
                actor.forward(obs, r0 * obsDim);
                System.arraycopy(actor.logp(), 0, logpOld, r0 * numActions, w * numActions);
                System.arraycopy(actor.values(), 0, actValues, r0, w);
            } else {
                passT = t;
                pool.runDynamic(actChunks, actTask); // logpOld[t] and actValues[t] for every row
            }
            if (rowSampling) {
                RowUniforms u = rowUniforms[c];
                u.start(mix(cfg.seed(), 0xAC7L ^ (iterations << 16), t), lo);
                net.mlpKernels().sampleCategorical(w, numActions, logpOld, r0 * numActions, u, stepActions, lo, cAct);
            } else {
                net.mlpKernels().sampleCategorical(rows, numActions, logpOld, r0 * numActions, rng, stepActions, 0, cAct);
            }
            System.arraycopy(stepActions, lo, actions, r0, w);
            // a new iteration's obs[0]/starts[0] are the last iteration's obs[unroll]/starts[unroll]
            if (chunked) env.stepRange(eLo, eHi, stepActions, stepRewards, stepDone);
            else env.step(stepActions, stepRewards, stepDone);
            System.arraycopy(stepRewards, lo, rewards, r0, w);
            System.arraycopy(stepDone, eLo, done, t * envs + eLo, eHi - eLo);
            int nextStart = (t + 1) * rows;
            for (int e = eLo; e < eHi; e++) {
                double s = 0;
                for (int a = 0; a < agents; a++) s += stepRewards[e * agents + a];
                epReturn[e] += s / agents;
                boolean ended = stepDone[e] != 0;
                for (int a = 0; a < agents; a++) starts[nextStart + e * agents + a] = (byte) (ended ? 1 : 0);
                if (ended) {
                    endedReturn[t * envs + e] = epReturn[e];
                    epReturn[e] = 0;
                    for (int a = 0; a < agents; a++) resetActor(e * agents + a);
                }
            }
            if (chunked) env.observeRange(eLo, eHi, stepObs);
            else env.observe(stepObs);
            System.arraycopy(stepObs, lo * obsDim, obs, (nextStart + lo) * obsDim, w * obsDim);
        }
    }

    /**
     * Acting forward of chunk c's rows on pool thread {@code worker} at step passT; their
     * log-probabilities go to logpOld[passT], their values to actValues[passT].
     */
    private void actChunk(int c, int worker) {
        NetPolicy.NetActor actor = actors[c][worker];
        int lo = actLo[c], w = actLo[c + 1] - lo, r0 = passT * rows + lo;
        actor.forward(obs, r0 * obsDim);
        System.arraycopy(actor.logp(), 0, logpOld, r0 * numActions, w * numActions);
        System.arraycopy(actor.values(), 0, actValues, r0, w);
    }

    /** Zeroes the recurrent state of a row whose episode ended (recurrent models act in one chunk). */
    private void resetActor(int row) {
        if (shape.recurrent()) actors[0][0].reset(row);
    }

    // ---- learning ---------------------------------------------------------------------------

    private void learn() {
        double lr = cfg.lr();
        double left = cfg.totalAgentSteps() > 0
                ? Math.max(0.0, 1.0 - (double) (globalStep - (long) unroll * rows) / cfg.totalAgentSteps()) : 1.0;
        if (cfg.annealLr()) lr *= left;
        entCoefNow = (cfg.isVmpo() ? cfg.vmpoEntCoef() : cfg.entCoef()) * (cfg.annealEnt() ? left : 1.0);
        computeTargets();
        SplittableRandom rng = new SplittableRandom(mix(cfg.seed(), 0x5EEDL, iterations));
        int n = unroll * rows, m = cfg.minibatches();
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            for (int i = 0; i < perm.length; i++) perm[i] = i;
            for (int i = perm.length - 1; i > 0; i--) { // Fisher–Yates
                int j = rng.nextInt(i + 1), tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            for (int b = 0; b < m; b++) {
                int size = gather(b, m);
                gradientStep(size, lr);
            }
        }
    }

    /**
     * V of the current parameters on every stored observation (the bootstrap step included), then
     * the targets: V-MPO's n-step returns G_t = r_t + γ(1 − d_t)G_{t+1}, G_unroll = V(s_unroll);
     * PPO's GAE(λ) advantages and returns.
     */
    private void computeTargets() {
        if (actedWithParams) {
            // V(s_t), t < unroll: the acting forward's, same parameters and rows; the bootstrap step on this thread
            storeValues(actValues, 0, 0, unroll * rows);
            passFlops = cFwd;
            valueRange(nets[0], wss[0], unroll * rows, (unroll + 1) * rows);
            valuePassesSaved++;
            assert valuePassesSaved > CHECKED_REUSES || sameAsFullValuePass() : "reused acting values differ from the value pass";
        } else {
            fullValuePass(cFwd);
        }
        if (cfg.popArt()) cFwd.add(2L * (unroll + 1) * rows);
        double gamma = cfg.gamma(), lambda = cfg.gaeLambda();
        boolean bootTrunc = cfg.bootstrapTruncation();
        for (int r = 0; r < rows; r++) {
            int e = r / agents;
            double g = values[unroll * rows + r], gae = 0;
            for (int t = unroll - 1; t >= 0; t--) {
                int i = t * rows + r;
                byte d = done[t * envs + e];
                // the value after step t: V(s_{t+1}) within an episode; 0 after a termination; after a
                // time-limit truncation the final state was replaced by the reset, so V(s_t) stands in
                // for it (partial-episode bootstrapping, Pardo et al. 2018), or 0 when disabled
                boolean cut = d != 0;
                double next = d == 0 ? values[i + rows]
                        : d == VecEnv.TRUNCATED && bootTrunc ? values[i] : 0;
                if (cfg.isVmpo()) {
                    g = rewards[i] + gamma * (cut ? next : g);
                    returns[i] = g;
                } else {
                    double delta = rewards[i] + gamma * next - values[i];
                    gae = delta + (cut ? 0 : gamma * lambda * gae);
                    advGae[i] = gae;
                    returns[i] = gae + values[i];
                }
            }
        }
        cFwd.add((long) unroll * rows * (cfg.isVmpo() ? 3 : 9));
        if (cfg.popArt()) popArtUpdate();
    }

    /** V of the current parameters on every stored observation (unroll+1 steps) into values, on the pool's shards. */
    private void fullValuePass(FlopLedger.Counter flops) {
        passFlops = flops;
        passBase = 0;
        passN = (unroll + 1) * rows;
        pool.runDynamic(shards, valueTask);
    }

    /** The value pass of shard s: rows [passBase + bound(passN, s), passBase + bound(passN, s + 1)) of obs. */
    private void valueShard(int s, int worker) {
        if (shape.recurrent()) {
            ActorCritic.Workspace w = wss[s];
            nets[worker].forwardValue(params, w, unroll + 1, rows, obs, 0, h0, c0, 0, starts, 0, passFlops);
            storeValues(w.value, 0, 0, (unroll + 1) * rows);
        } else {
            valueRange(nets[worker], wss[s], passBase + bound(passN, s), passBase + bound(passN, s + 1));
        }
    }

    /** V of the current parameters on the flat rows [lo, hi) of obs (MLP), into values[lo, hi). */
    private void valueRange(ActorCritic n, ActorCritic.Workspace w, int lo, int hi) {
        n.forwardValue(params, w, 1, hi - lo, obs, lo * obsDim, null, null, 0, null, 0, passFlops);
        storeValues(w.value, 0, lo, hi);
    }

    /**
     * values[lo, hi) from value-head outputs at raw[rawOff…]: the head predicts (V − μ)/σ under PopArt,
     * so V = σ·v + μ; v itself otherwise.
     */
    private void storeValues(float[] raw, int rawOff, int lo, int hi) {
        if (cfg.popArt()) {
            double sigma = popSigma(), mu = popMu;
            for (int i = lo; i < hi; i++) values[i] = (float) (sigma * raw[rawOff + i - lo] + mu);
        } else {
            System.arraycopy(raw, rawOff, values, lo, hi - lo);
        }
    }

    /** For the assertion in {@link #computeTargets}: a full value pass (not counted) gives the values already stored. */
    private boolean sameAsFullValuePass() {
        float[] reused = values.clone();
        fullValuePass(FlopLedger.NONE);
        return Arrays.equals(reused, values);
    }

    /**
     * PopArt (van Hasselt et al. 2016): update the running mean μ and second moment ν of the value
     * targets (bias-corrected exponential averages with step popArtBeta), then rescale the value head
     * so that its unnormalised output σ·v̂ + μ is unchanged: w ← w·σ/σ′, b ← (σ·b + μ − μ′)/σ′.
     */
    private void popArtUpdate() {
        int n = unroll * rows;
        double m = 0, m2 = 0;
        for (int i = 0; i < n; i++) {
            m += returns[i];
            m2 += returns[i] * returns[i];
        }
        m /= n;
        m2 /= n;
        double sigma = popSigma(), mu = popMu, beta = cfg.popArtBeta();
        popT++;
        popM = (1 - beta) * popM + beta * m;
        popM2 = (1 - beta) * popM2 + beta * m2;
        double corr = 1 - Math.pow(1 - beta, popT);
        popMu = popM / corr;
        popNu = popM2 / corr;
        double sigmaNew = popSigma();
        int f = shape.featureDim(), w = net.layout().entry("value.weight").offset(), b = net.layout().entry("value.bias").offset();
        for (int k = 0; k < f; k++) params[w + k] = (float) (params[w + k] * sigma / sigmaNew);
        params[b] = (float) ((sigma * params[b] + mu - popMu) / sigmaNew);
        cFwd.add(3L * n + 12);
        cOptim.add(2L * f + 5);
        cOptim.addTranscendental(2);
    }

    /** PopArt σ = sqrt(ν − μ²), at least 1e-4; 1 when PopArt is off. */
    double popSigma() {
        if (!cfg.popArt()) return 1;
        return Math.max(1e-4, Math.sqrt(Math.max(0, popNu - popMu * popMu)));
    }

    /**
     * Chooses minibatch b of m (mbIdx; for the LSTM also its start flags and initial states); returns
     * its sample count. The samples themselves are copied by {@link #gatherRange}, per shard.
     */
    private int gather(int b, int m) {
        int size;
        if (shape.recurrent()) {
            int lo = (int) ((long) b * rows / m), hi = (int) ((long) (b + 1) * rows / m), w = hi - lo, hh = shape.lstmHidden();
            for (int k = 0; k < w; k++) {
                int r = perm[lo + k];
                System.arraycopy(h0, r * hh, mbH0, k * hh, hh);
                System.arraycopy(c0, r * hh, mbC0, k * hh, hh);
                for (int t = 0; t < unroll; t++) {
                    mbIdx[t * w + k] = t * rows + r;
                    mbStarts[t * w + k] = starts[t * rows + r];
                }
            }
            size = w * unroll;
        } else {
            int n = unroll * rows, lo = (int) ((long) b * n / m), hi = (int) ((long) (b + 1) * n / m);
            size = hi - lo;
            System.arraycopy(perm, lo, mbIdx, 0, size);
        }
        return size;
    }

    /** Copies minibatch samples [k0, k1) into the learner buffers. */
    private void gatherRange(int k0, int k1) {
        double popSig = popSigma();
        for (int k = k0; k < k1; k++) {
            int i = mbIdx[k];
            System.arraycopy(obs, i * obsDim, mbObs, k * obsDim, obsDim);
            mbActions[k] = actions[i];
            retD[k] = (returns[i] - popMu) / popSig; // normalised when PopArt is on (μ = 0, σ = 1 otherwise)
            oldVD[k] = (values[i] - popMu) / popSig;
            advD[k] = advGae[i];
            int o = i * numActions;
            for (int j = 0; j < numActions; j++) lpOld[k * numActions + j] = logpOld[o + j];
            oldLpAct[k] = logpOld[o + actions[i]];
        }
    }

    /** Forward, loss, backward and one Adam step on the gathered minibatch. */
    private void gradientStep(int n, double lr) {
        int a = numActions;
        passN = n;
        pool.runDynamic(shards, forwardTask); // gather, forward, lp and vD
        double total, policy, value, entropy, kl, temperature = Double.NaN, clipFrac = Double.NaN;
        if (cfg.isVmpo()) {
            for (int i = 0; i < n; i++) advD[i] = retD[i] - vD[i]; // A = G − V, a constant for the E-step
            Vmpo.Diagnostics d = Vmpo.loss(n, a, lp, lpOld, mbActions, advD, vD, retD, eta, alpha,
                    cfg.epsEta(), cfg.epsAlpha(), cfg.topFraction(), dlp, dvD);
            countLoss(n + Vmpo.flops(n, a), Vmpo.transcendentals(n, a));
            if (entCoefNow > 0) {
                Vmpo.entropyBonus(n, a, lp, entCoefNow, dlp);
                countLoss(Vmpo.entropyBonusFlops(n, a), Vmpo.entropyBonusTranscendentals(n, a));
            }
            total = d.total();
            policy = d.policy();
            value = d.value();
            entropy = d.entropy();
            kl = d.kl();
            temperature = d.temperature();
            checkFinite(total, "V-MPO loss");
            updateDuals(d.dEta(), d.dAlpha());
        } else {
            Ppo.Diagnostics d = Ppo.loss(n, a, lp, oldLpAct, mbActions, advD, vD, oldVD, retD, cfg.clip(), cfg.vfCoef(),
                    entCoefNow, cfg.clipValue(), cfg.normAdv(), dlp, dvD);
            countLoss(Ppo.flops(n, a), Ppo.transcendentals(n, a));
            total = d.total();
            policy = d.policy();
            value = d.value();
            entropy = d.entropy();
            kl = d.approxKl();
            clipFrac = d.clipFraction();
            checkFinite(total, "PPO loss");
        }
        pool.runDynamic(shards, backwardTask);
        for (int s = 1; s < shards; s++) {
            float[] g = shardGrads[s];
            for (int i = 0; i < paramCount; i++) grads[i] += g[i];
        }
        cBwd.add((long) (shards - 1) * paramCount);
        double sumSq = net.mlpKernels().sumSquares(paramCount, grads, 0, cOptim);
        checkFinite(sumSq, "gradient norm");
        float scale = OptimKernels.clipScale(sumSq, cfg.maxGradNorm());
        adamStep++;
        kernels.optim().adam(paramCount, params, 0, grads, 0, adamM, 0, adamV, 0, adamStep, (float) lr,
                (float) cfg.adamBeta1(), (float) cfg.adamBeta2(), (float) cfg.adamEps(), scale, cOptim);
        updates++;
        if (cfg.isVmpo() && updates % cfg.targetPeriod() == 0) System.arraycopy(params, 0, target, 0, paramCount);
        last = new Diagnostics(total, policy, value, entropy, kl, temperature, cfg.isVmpo() ? eta : Double.NaN,
                cfg.isVmpo() ? alpha : Double.NaN, clipFrac, Math.sqrt(sumSq), lr);
    }

    /** Gathers shard s's samples of the minibatch and runs the forward pass on them. */
    private void forwardShard(int s, int worker) {
        int lo = bound(passN, s), hi = bound(passN, s + 1), w = hi - lo, a = numActions;
        gatherRange(lo, hi);
        ActorCritic.Workspace ws = wss[s];
        if (shape.recurrent()) // one shard: the whole (unroll, passN / unroll) minibatch
            nets[worker].forward(params, ws, unroll, passN / unroll, mbObs, 0, mbH0, mbC0, 0, mbStarts, 0, cFwd);
        else
            nets[worker].forward(params, ws, 1, w, mbObs, lo * obsDim, null, null, 0, null, 0, cFwd);
        for (int i = 0; i < w * a; i++) lp[lo * a + i] = ws.logp[i];
        for (int i = 0; i < w; i++) vD[lo + i] = ws.value[i];
    }

    /** Backward of shard s's samples: its gradient into grads (shard 0) or shardGrads[s]. */
    private void backwardShard(int s, int worker) {
        int lo = bound(passN, s), hi = bound(passN, s + 1), a = numActions;
        for (int i = lo * a; i < hi * a; i++) dlogpF[i] = (float) dlp[i];
        for (int i = lo; i < hi; i++) dvF[i] = (float) dvD[i];
        nets[worker].backward(params, wss[s], dlogpF, lo * a, dvF, lo, s == 0 ? grads : shardGrads[s], cBwd);
    }

    private void countLoss(long flops, long transcendental) {
        cFwd.add(flops - transcendental);
        cFwd.addTranscendental(transcendental);
    }

    /** Adam on η and α with {@code dualLr}, then projection to ≥ 1e-8 (VMPO.md). */
    private void updateDuals(double dEta, double dAlpha) {
        double b1 = cfg.adamBeta1(), b2 = cfg.adamBeta2(), t = adamStep + 1;
        double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
        dualAdam[0] = b1 * dualAdam[0] + (1 - b1) * dEta;
        dualAdam[1] = b2 * dualAdam[1] + (1 - b2) * dEta * dEta;
        dualAdam[2] = b1 * dualAdam[2] + (1 - b1) * dAlpha;
        dualAdam[3] = b2 * dualAdam[3] + (1 - b2) * dAlpha * dAlpha;
        eta = Math.max(1e-8, eta - cfg.dualLr() * (dualAdam[0] / c1) / (Math.sqrt(dualAdam[1] / c2) + cfg.adamEps()));
        alpha = Math.max(1e-8, alpha - cfg.dualLr() * (dualAdam[2] / c1) / (Math.sqrt(dualAdam[3] / c2) + cfg.adamEps()));
        cOptim.add(2 * 14);
        cOptim.addTranscendental(2);
        checkFinite(eta + alpha, "V-MPO duals");
    }

    private void checkFinite(double v, String what) {
        if (Double.isFinite(v)) return;
        if (out != null) Checkpoints.save(out, this); // parameters are still the last good ones
        throw new TrainingDivergedException(what + " is " + v + " at update " + (updates + 1) + " (global step " + globalStep
                + "); training stopped" + (out != null ? ", last good checkpoint saved in " + out : ""));
    }

    /**
     * Uniforms for {@code sampleCategorical} keyed by (step key, flat row): the generator is positioned at a
     * chunk's first row and each draw moves to the next row, so a row's uniform does not depend on the chunk
     * it is sampled in (SplitMix64's finalizer of key + row·γ, as SplittableRandom mixes its seeds).
     */
    static final class RowUniforms implements java.util.random.RandomGenerator {
        private long key, row;

        void start(long key, long row) {
            this.key = key;
            this.row = row;
        }

        @Override
        public long nextLong() {
            long z = key + (row++ + 1) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    static long mix(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL ^ c * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 29);
    }

    @Override
    public void close() {
        if (metrics != null) metrics.close();
        if (ownsEnv) env.close();
        pool.close();
        for (Kernels k : workerKernels) k.close();
    }
}
