package org.flatworld.task;

import java.util.List;
import java.util.SplittableRandom;
import org.flatworld.env.Policy;
import org.flatworld.env.VecEnv;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.WorkerPool;
import org.flatworld.kernels.world.WorldKernels;
import org.flatworld.world.World;
import org.flatworld.world.WorldSpec;

/**
 * A {@link VecEnv} over a pool of tasks. The learner controls player 0 of every environment
 * ({@code numAgents() == 1}); co-players act by their task's policies (random, no-op, scripted
 * oracle, or a frozen {@link Policy} given at construction). Each episode lasts {@code horizon}
 * steps and ends TRUNCATED; the environment then auto-resets to its next task, drawn uniformly
 * from the pool with its own stream (seeded {@code seed + envId}), or — for
 * {@link #fixed} batches — replays the same task. Reward of a step: 1 when player 0's goal holds
 * after it, else 0.
 *
 * <p>Hot path (docs/PERFORMANCE.md, "Flatworld task environment"): each thread steps its chunk in
 * blocks of {@link #BLOCK} environments that stay in cache through every phase — every player's
 * action into (players, envs) rows (the learner's; co-players' draws, random and no-op without a
 * branch between them, or scripted decisions), the world step ({@link World#stepRows}: movement of
 * each player row vectorised when the action set has no tag, grab/drop/throw per environment,
 * contact forces and integration vectorised across environments by {@link WorldKernels}), the goal
 * facts of the block ({@link GoalFacts}: one vectorised kernel call per geometric fact any goal of
 * the pool reads) and the rewards from per-task goal tables 8 environments at a time
 * ({@link WorldKernels#goals}), then truncation and auto-reset.
 * Observations are one straight copy of a per-task template plus the values that move
 * ({@link Observations#writeFrom}). The scalar and Vector API kernels give the same bits.
 *
 * <p>Observation buffer owned by the environment ({@link #observationBuffer()}): {@code observe}
 * into that buffer rewrites, per environment, only the values that can change within an episode
 * ({@link Observations#writeChanged}, 65 of 392 floats in issue 4's scenario); the static part
 * (one-hots, goal tensor) is copied only when the row's task or goal visibility changed since the
 * row was last written (a new episode, a hidden goal). After every {@code observe} the buffer holds
 * exactly what a full write gives (tested). Any other array gets a full write.
 *
 * <p>Threads: with one thread the whole batch is one chunk; with several, environments are cut
 * into about {@link #CHUNKS_PER_THREAD} fixed contiguous chunks per thread (boundaries multiples of
 * 16) that the persistent workers claim as they become free ({@link WorkerPool#runDynamic}), so a
 * vCPU the host slows for a moment does not hold the step up. Every random draw comes from the
 * environment's own stream and each environment's arithmetic is the same in any chunk, so results
 * depend neither on the thread count nor on which thread ran a chunk. FLOPs (world step, goal
 * facts, observation writing, frozen co-players' observations) go to the counter set with {@link #setFlopCounter} (docs/FLOPS.md);
 * the scripted co-players' decisions are control logic and are not counted.
 */
public final class TaskVecEnv implements VecEnv {
    /** Environments stepped together through every phase (their state, ≈ 50 floats each, stays in L1/L2). */
    static final int BLOCK = 256;
    /** Observation templates are kept per task while pool × obsDim stays below this many floats. */
    static final long TEMPLATE_FLOATS = 1L << 24;
    /** Chunks per thread with several threads (as {@code MpeVecEnv}: 8 balanced the load on this VM). */
    static final int CHUNKS_PER_THREAD = 8;

    private final Complexity c;
    private final Observations layout;
    private final World world;
    private final Task[] pool;
    private final int[][][] codes;      // (pool, players) compiled goals
    private final int[][] pursued;      // (pool) the goal the oracle pursues for player 0 (Oracle.pursued)
    private final float[] templates;    // (pool, obsDim) fixed part of player 0's observation, or null
    private final WorldKernels kernels;
    private final GoalFacts facts;      // player 0's goals of the pool (goal i = task i)
    private final float[][][] goalEnc;  // (pool, players) goal tensors from each player's view
    private final int[] coKinds;        // (pool, maxPlayers − 1) CoPlayer ordinals
    private final long[] stepFlops, stepTrans; // (pool) FLOPs and transcendentals of one world step
    private final boolean fixedTasks;
    private final int numEnvs, horizon, numActions, maxPlayers, threads;
    private final int[] taskOf;          // (numEnvs) index into pool
    private final int[] t;               // (numEnvs) step within the episode
    private final long[] rng;            // (numEnvs) SplitMix64 state per environment
    private final int[] acts;            // (maxPlayers, numEnvs) actions of every player; absent players' entries stay valid (0 or an earlier action)
    private final WorkerPool workers;
    private final GoalEval[] evals;
    private final Oracle[] oracles;
    private final int[] chunkFrom, chunkTo;      // (chunks) fixed partition of [0, numEnvs)
    private final long[] chunkFlops, chunkTrans; // (chunks)
    private float[] ownObs;              // (numEnvs, obsDim) the env-owned observation buffer, or null until asked for
    private int[] ownKey;                // (numEnvs) task × 2 + goal visible of the static part in ownObs's row, −1 = none
    private FlopLedger.Counter counter = FlopLedger.NONE;

    // frozen co-players
    private final Policy frozenPolicy;
    private Policy.Actor frozenActor;
    private float[] frozenObs;           // (numEnvs, maxPlayers − 1, obsDim)
    private int[] frozenActs;            // (numEnvs, maxPlayers − 1)
    private final boolean anyFrozen;
    private final boolean[] frozenReset; // (numEnvs) co-player rows to reset before the next act
    private SplittableRandom frozenRng = new SplittableRandom(0);

    // arguments of the chunk bodies
    private int[] stepActions;
    private float[] stepRewards, obsOut;
    private byte[] stepDone;
    private final WorkerPool.ChunkBody stepBody = this::stepChunk, observeBody = this::observeChunk;

    private TaskVecEnv(Complexity c, List<Task> tasks, int numEnvs, int[] envTask, int threads, Policy frozen,
                       WorldKernels kernels) {
        if (tasks.isEmpty()) throw new IllegalArgumentException("task pool is empty");
        if (numEnvs < 1) throw new IllegalArgumentException("numEnvs must be ≥ 1, got " + numEnvs);
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
        this.c = c;
        this.layout = new Observations(c);
        this.numEnvs = numEnvs;
        this.horizon = c.horizon();
        this.numActions = c.numActions();
        this.maxPlayers = layout.maxPlayers;
        this.threads = Math.max(1, Math.min(threads, (numEnvs + 15) / 16));
        this.world = new World(c.physics(), c.actionSet(), numEnvs, layout.maxPlayers, layout.maxObjects,
                layout.maxZones, layout.maxObstacles);
        this.pool = tasks.toArray(new Task[0]);
        this.kernels = kernels;
        int n = pool.length;
        codes = new int[n][][];
        pursued = new int[n][];
        goalEnc = new float[n][][];
        coKinds = new int[n * (maxPlayers - 1)];
        stepFlops = new long[n];
        stepTrans = new long[n];
        boolean frozenNeeded = false;
        for (int i = 0; i < n; i++) {
            Task task = pool[i];
            int np = task.players();
            codes[i] = new int[np][];
            pursued[i] = GoalCode.compile(Oracle.pursued(task.goal(), 0, task.coPlayers()));
            goalEnc[i] = new float[np][];
            for (int p = 0; p < np; p++) {
                codes[i][p] = GoalCode.compile(task.goals().get(p));
                goalEnc[i][p] = layout.encodeGoal(task.goals().get(p), p, np);
            }
            for (int j = 1; j < np; j++) {
                coKinds[i * (maxPlayers - 1) + j - 1] = task.coPlayers().get(j - 1).ordinal();
                frozenNeeded |= task.coPlayers().get(j - 1) == CoPlayer.FROZEN;
            }
            var w = task.world();
            stepFlops[i] = World.stepFlops(w.players(), w.objects(), w.obstacles());
            stepTrans[i] = World.stepTranscendentals(w.players(), w.objects(), w.obstacles());
        }
        List<Goal> goals0 = new java.util.ArrayList<>(n);
        List<WorldSpec> worlds = new java.util.ArrayList<>(n);
        for (Task task : pool) {
            goals0.add(task.goals().get(0));
            worlds.add(task.world());
        }
        facts = new GoalFacts(world, goals0, worlds);
        if ((long) n * layout.dim <= TEMPLATE_FLOATS) {
            templates = new float[n * layout.dim];
            for (int i = 0; i < n; i++)
                System.arraycopy(layout.template(pool[i].world(), 0, goalEnc[i][0]), 0, templates, i * layout.dim, layout.dim);
        } else {
            templates = null;
        }
        if (frozenNeeded && frozen == null)
            throw new IllegalArgumentException("the task pool has 'frozen' co-players but no co-player policy was given");
        if (frozen != null && (frozen.obsDim() != layout.dim || frozen.numActions() != numActions))
            throw new IllegalArgumentException("co-player policy has obsDim " + frozen.obsDim() + ", actions " + frozen.numActions()
                    + "; this config needs " + layout.dim + ", " + numActions);
        this.frozenPolicy = frozen;
        this.anyFrozen = frozenNeeded;
        this.fixedTasks = envTask != null;
        this.taskOf = new int[numEnvs];
        if (envTask != null) {
            if (envTask.length != numEnvs) throw new IllegalArgumentException("envTask length " + envTask.length + " ≠ numEnvs " + numEnvs);
            for (int e = 0; e < numEnvs; e++) {
                if (envTask[e] < 0 || envTask[e] >= n)
                    throw new IllegalArgumentException("envTask[" + e + "] = " + envTask[e] + " out of range [0, " + (n - 1) + "]");
                taskOf[e] = envTask[e];
            }
        }
        t = new int[numEnvs];
        rng = new long[numEnvs];
        acts = new int[numEnvs * maxPlayers];
        frozenReset = new boolean[numEnvs];
        workers = this.threads > 1 ? new WorkerPool(this.threads) : null;
        evals = new GoalEval[this.threads];
        oracles = new Oracle[this.threads];
        for (int k = 0; k < this.threads; k++) {
            evals[k] = new GoalEval(world);
            oracles[k] = new Oracle(world, evals[k]);
        }
        int groups = (numEnvs + 15) / 16;              // chunk boundaries stay multiples of 16
        int chunks = this.threads == 1 ? 1 : Math.min(groups, this.threads * CHUNKS_PER_THREAD);
        int per = ((groups + chunks - 1) / chunks) * 16;
        chunks = (numEnvs + per - 1) / per;
        chunkFrom = new int[chunks];
        chunkTo = new int[chunks];
        for (int k = 0; k < chunks; k++) {
            chunkFrom[k] = Math.min(numEnvs, k * per);
            chunkTo[k] = Math.min(numEnvs, (k + 1) * per);
        }
        chunkFlops = new long[chunks];
        chunkTrans = new long[chunks];
        reset(0);
    }

    /** Each environment plays tasks drawn from {@code pool}, a new one every episode. */
    public static TaskVecEnv create(Complexity c, List<Task> pool, int numEnvs, int threads) {
        return new TaskVecEnv(c, pool, numEnvs, null, threads, null, WorldKernels.create("auto"));
    }

    /** As {@link #create(Complexity, List, int, int)}, with a policy for 'frozen' co-players. */
    public static TaskVecEnv create(Complexity c, List<Task> pool, int numEnvs, int threads, Policy coPlayerPolicy) {
        return new TaskVecEnv(c, pool, numEnvs, null, threads, coPlayerPolicy, WorldKernels.create("auto"));
    }

    /**
     * As {@link #create(Complexity, List, int, int, Policy)} with explicit world kernels
     * ({@link WorldKernels#scalar()} or {@code WorldKernels.create("panama")}: the same results).
     */
    public static TaskVecEnv create(Complexity c, List<Task> pool, int numEnvs, int threads, Policy coPlayerPolicy,
                                    WorldKernels kernels) {
        if (kernels == null) throw new IllegalArgumentException("kernels must not be null");
        return new TaskVecEnv(c, pool, numEnvs, null, threads, coPlayerPolicy, kernels);
    }

    /** Environment e always plays {@code tasks.get(envTask[e])} (evaluation batches). */
    public static TaskVecEnv fixed(Complexity c, List<Task> tasks, int[] envTask, int threads, Policy coPlayerPolicy) {
        return new TaskVecEnv(c, tasks, envTask.length, envTask, threads, coPlayerPolicy, WorldKernels.create("auto"));
    }

    @Override public int numEnvs() { return numEnvs; }

    @Override public int numAgents() { return 1; }

    @Override public int obsDim() { return layout.dim; }

    @Override public int numActions() { return numActions; }

    public Complexity complexity() { return c; }

    /** The world kernels in use (e.g. "panama, 256-bit (8 lanes)"). */
    public WorldKernels kernels() { return kernels; }

    public Observations layout() { return layout; }

    /** The world state (read-only use: rendering, tests). */
    public World world() { return world; }

    /** The task environment e is playing now. */
    public Task task(int e) { return pool[taskOf[e]]; }

    /** Step within the current episode of environment e. */
    public int time(int e) { return t[e]; }

    @Override
    public void setFlopCounter(FlopLedger.Counter counter) { this.counter = counter == null ? FlopLedger.NONE : counter; }

    @Override
    public void reset(long seed) {
        for (int e = 0; e < numEnvs; e++) {
            rng[e] = seed + e;
            startEpisode(e);
        }
        frozenRng = new SplittableRandom(seed ^ 0x5851F42D4C957F2DL);
        if (frozenPolicy != null && anyFrozen) {
            int rows = numEnvs * (maxPlayers - 1);
            frozenActor = frozenPolicy.actor(rows, counter);
            frozenObs = new float[rows * layout.dim];
            frozenActs = new int[rows];
        }
    }

    private void startEpisode(int e) {
        if (!fixedTasks) taskOf[e] = nextInt(rng, e, pool.length);
        world.load(e, pool[taskOf[e]].world());
        t[e] = 0;
        frozenReset[e] = true;
    }

    @Override
    public void observe(float[] obs) {
        if (obs.length < numEnvs * layout.dim)
            throw new IllegalArgumentException("obs length " + obs.length + " < numEnvs × obsDim = " + numEnvs * layout.dim);
        obsOut = obs;
        runChunks(observeBody);
    }

    /**
     * The environment's own observation buffer (numEnvs, obsDim). {@code observe(observationBuffer())}
     * leaves in it exactly what {@code observe} writes into any other array, but rewrites only what
     * changed since its previous call (docs/PERFORMANCE.md: ≈ 2× fewer cache lines written per
     * env-step in issue 4's scenario). Callers read it and must not write into it (the unchanged parts
     * are not rewritten). Allocated on the first call; its contents are valid after the next
     * {@code observe(observationBuffer())}.
     */
    public float[] observationBuffer() {
        if (ownObs == null) {
            ownObs = new float[numEnvs * layout.dim];
            ownKey = new int[numEnvs];
            java.util.Arrays.fill(ownKey, -1);
        }
        return ownObs;
    }

    @Override
    public void step(int[] actions, float[] rewards, byte[] done) {
        if (actions.length < numEnvs || rewards.length < numEnvs || done.length < numEnvs)
            throw new IllegalArgumentException("buffers must hold numEnvs = " + numEnvs + " entries");
        if (anyFrozen) actFrozen();
        stepActions = actions;
        stepRewards = rewards;
        stepDone = done;
        runChunks(stepBody);
    }

    private void runChunks(WorkerPool.ChunkBody body) {
        int chunks = chunkFrom.length;
        for (int k = 0; k < chunks; k++) { chunkFlops[k] = 0; chunkTrans[k] = 0; }
        if (workers == null) for (int k = 0; k < chunks; k++) body.run(k, 0);
        else workers.runDynamic(chunks, body);
        long f = 0, tr = 0;
        for (int k = 0; k < chunks; k++) { f += chunkFlops[k]; tr += chunkTrans[k]; }
        counter.add(f - tr);
        counter.addTranscendental(tr);
    }

    /** Observations of chunk k (on worker {@code worker}). */
    private void observeChunk(int k, int worker) {
        long f = 0;
        int d = layout.dim;
        boolean own = obsOut == ownObs && templates != null;
        for (int e = chunkFrom[k], hi = chunkTo[k]; e < hi; e++) {
            int ti = taskOf[e];
            if (own) {
                boolean vis = goalVisible(e);
                int key = 2 * ti + (vis ? 1 : 0);
                if (ownKey[e] == key) {
                    f += layout.writeChanged(world, e, 0, t[e], templates, ti * d, obsOut, e * d);
                } else {
                    f += layout.writeFrom(world, e, 0, t[e], vis, templates, ti * d, obsOut, e * d);
                    ownKey[e] = key;
                }
                continue;
            }
            f += templates != null
                    ? layout.writeFrom(world, e, 0, t[e], goalVisible(e), templates, ti * d, obsOut, e * d)
                    : layout.write(world, e, 0, t[e], goalVisible(e) ? goalEnc[ti][0] : null, obsOut, e * d);
        }
        chunkFlops[k] = f;
    }

    private boolean goalVisible(int e) {
        return c.goalVisibleSteps() == 0 || t[e] < c.goalVisibleSteps();
    }

    /** Step of chunk k (on worker {@code worker}, whose scratch the oracle uses). */
    private void stepChunk(int k, int worker) {
        long f = 0, tr = 0;
        Oracle oracle = oracles[worker];
        int mp = maxPlayers;
        for (int b0 = chunkFrom[k], end = chunkTo[k]; b0 < end; b0 += BLOCK) {
            int b1 = Math.min(end, b0 + BLOCK);
            // 1. every player's action (co-players: their own stream, scripted, or the frozen policy)
            for (int e = b0; e < b1; e++) {
                int ti = taskOf[e];
                int np = world.nPlayers[e];
                int a0 = stepActions[e];
                if (a0 < 0 || a0 >= numActions)
                    throw new IllegalArgumentException("action " + a0 + " of env " + e + " out of range [0, " + (numActions - 1) + "]");
                acts[e] = a0;
                for (int j = 1; j < np; j++) {
                    int kind = coKinds[ti * (mp - 1) + j - 1], a;
                    if (kind <= 1) {
                        // RANDOM (0) or NOOP (1) without a branch between them (envs play tasks of both
                        // kinds, so that branch mispredicted): the stream advances only for RANDOM, a
                        // NOOP's draw is computed and masked to action 0
                        long keep = kind - 1L;                               // −1 for RANDOM, 0 for NOOP
                        long z = rng[e] + (0x9E3779B97F4A7C15L & keep);
                        rng[e] = z;
                        a = (int) (((mix(z) >>> 33) * numActions) >>> 31) & (int) keep;
                    } else if (kind == 2) a = oracle.act(e, j, codes[ti][j]); // ORACLE
                    else a = frozenActs[e * (mp - 1) + j - 1];              // FROZEN
                    acts[j * numEnvs + e] = a;
                }
                f += stepFlops[ti];
                tr += stepTrans[ti];
            }
            // 2. physics of the block, 3. goal facts of the block
            f += world.stepRows(b0, b1, acts, b0, numEnvs, kernels);
            facts.compute(kernels, b0, b1);
            f += facts.flopsPerEnv * (b1 - b0);
            // 4. rewards, clocks, truncation and auto-reset
            facts.rewards(kernels, taskOf, stepRewards, b0, b1);
            for (int e = b0; e < b1; e++) {
                t[e]++;
                if (t[e] >= horizon) {
                    stepDone[e] = TRUNCATED;
                    startEpisode(e);
                } else {
                    stepDone[e] = 0;
                }
            }
        }
        chunkFlops[k] = f;
        chunkTrans[k] = tr;
    }

    /** Observation rows of every frozen co-player, one batched act (sequential, deterministic). */
    private void actFrozen() {
        int mp = maxPlayers, d = layout.dim;
        long f = 0;
        for (int e = 0; e < numEnvs; e++) {
            int ti = taskOf[e], np = world.nPlayers[e];
            for (int j = 1; j < mp; j++) {
                int row = e * (mp - 1) + j - 1;
                if (frozenReset[e]) frozenActor.reset(row);
                if (j < np && coKinds[ti * (mp - 1) + j - 1] == CoPlayer.FROZEN.ordinal()) {
                    boolean vis = c.goalVisibleSteps() == 0 || t[e] < c.goalVisibleSteps();
                    f += layout.write(world, e, j, t[e], vis ? goalEnc[ti][j] : null, frozenObs, row * d);
                }
            }
            frozenReset[e] = false;
        }
        counter.add(f);
        frozenActor.act(frozenObs, frozenActs, false, frozenRng);
    }

    /**
     * The scripted oracle's action for {@code player} of env e (e.g. to drive player 0; for player
     * 0 it pursues the goal's skill clauses, {@link Oracle#pursued}).
     */
    public int oracleAction(int e, int player) {
        return oracles[0].act(e, player, player == 0 ? pursued[taskOf[e]] : codes[taskOf[e]][player]);
    }

    /** Fills actions (numEnvs) with the oracle's choice for player 0 (single-threaded helper). */
    public void oracleActions(int[] actions) {
        for (int e = 0; e < numEnvs; e++) actions[e] = oracles[0].act(e, 0, pursued[taskOf[e]]);
    }

    /** Is player 0's goal satisfied in env e now? */
    public boolean goalHolds(int e) { return evals[0].goal(e, codes[taskOf[e]][0]); }

    @Override
    public void close() {
        if (workers != null) workers.close();
    }

    // SplitMix64 stream per environment
    static long next(long[] st, int e) {
        return mix(st[e] += 0x9E3779B97F4A7C15L);
    }

    /** SplitMix64's output function of an advanced state. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, n). */
    static int nextInt(long[] st, int e, int n) {
        return (int) (((next(st, e) >>> 33) * n) >>> 31);
    }
}
