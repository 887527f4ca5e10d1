package org.flatworld.mpe;

import java.util.SplittableRandom;
import org.flatworld.kernels.physics.PhysicsFlops;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.flatworld.kernels.physics.PointMassBatch;

/**
 * Any {@link MpeLayout} as a batch scenario: physics in the batched float32 kernels, observations
 * and rewards by the shared {@link MpeRules} evaluated per environment through a cursor (so they
 * are the reference's rules, computed in double from the float32 state and stored as float32).
 * Agents with smaller observations or action sets are zero-padded to the widest agent's.
 * {@code simple_spread} has a faster, fully vectorised path ({@link SpreadScenario}).
 */
final class GenericScenario extends BatchScenario {
    private final float[] accel;
    private final int obsDim, numActions;
    private int stride;
    private int[] move;    // (agents, stride) decoded move
    private float[] comm;  // (agents · dimC, stride) communication state
    private int[] goal;    // (agents, stride) simple_reference goal landmark
    private final ThreadLocal<Cursor> cursors = ThreadLocal.withInitial(Cursor::new);

    GenericScenario(MpeLayout layout, PhysicsKernels kernels) {
        super(layout, kernels);
        this.accel = layout.accelFloat();
        this.obsDim = layout.maxObsDim();
        this.numActions = layout.maxActions();
    }

    @Override public String name() { return layout.scenario(); }

    @Override public int numAgents() { return layout.agents; }

    @Override public int obsDim() { return obsDim; }

    @Override public int numActions() { return numActions; }

    @Override public int maxCycles() { return layout.maxCycles; }

    @Override
    protected void allocate(PointMassBatch b) {
        stride = b.stride();
        move = new int[layout.agents * stride];
        comm = new float[layout.agents * layout.dimC * stride];
        goal = new int[layout.agents * stride];
    }

    @Override
    protected void reset(PointMassBatch b, int env, SplittableRandom rng) {
        if (layout.kind == MpeLayout.Kind.REFERENCE)
            for (int a = 0; a < layout.agents; a++) goal[a * stride + env] = rng.nextInt(3);
        for (int e = 0; e < layout.entities; e++) {
            double r = e < layout.agents ? layout.agentRange : layout.landmarkRange;
            int k = b.at(e, env);
            b.px[k] = (float) rng.nextDouble(-r, r);
            b.py[k] = (float) rng.nextDouble(-r, r);
            b.vx[k] = 0f;
            b.vy[k] = 0f;
        }
        for (int c = 0; c < layout.agents * layout.dimC; c++) comm[c * stride + env] = 0f;
    }

    @Override
    protected void load(int env, int agent, MpeReference ref) {
        for (int k = 0; k < layout.dimC; k++) comm[(agent * layout.dimC + k) * stride + env] = (float) ref.comm(agent, k);
        goal[agent * stride + env] = ref.goalLandmark(agent);
    }

    @Override
    protected void setComm(int env, int agent, int k, float value) {
        comm[(agent * layout.dimC + k) * stride + env] = value;
    }

    @Override
    protected void applyActions(PointMassBatch b, int[] actions, int numEnvs, int from, int to) {
        int n = layout.agents, dc = layout.dimC;
        for (int i = from; i < to; i++) {
            for (int a = 0; a < n; a++) {
                int act = i < numEnvs ? actions[i * n + a] : 0, lim = layout.numActions(a);
                if (act < 0 || act >= lim)
                    throw new IllegalArgumentException("action of env " + i + " agent " + a + " (" + layout.names[a] + ") must be in [0, " + lim + "), got " + act);
                move[a * stride + i] = act % MpeLayout.MOVES;
                if (!layout.silent[a]) {
                    int sym = act / MpeLayout.MOVES;
                    for (int k = 0; k < dc; k++) comm[(a * dc + k) * stride + i] = k == sym ? 1f : 0f;
                }
            }
        }
        kernels.discreteForces(spec, b, move, accel, n, from, to);
    }

    @Override
    protected void rewards(PointMassBatch b, float[] rewards, int numEnvs, int from, int to) {
        Cursor c = cursors.get();
        c.batch = b;
        int n = layout.agents, end = Math.min(to, numEnvs);
        for (int i = from; i < end; i++) {
            c.env = i;
            MpeRules.rewards(layout, c, c.rew);
            for (int a = 0; a < n; a++) rewards[i * n + a] = (float) c.rew[a];
        }
    }

    @Override
    protected void observe(PointMassBatch b, float[] obs, int numEnvs, int from, int to) {
        Cursor c = cursors.get();
        c.batch = b;
        int n = layout.agents, end = Math.min(to, numEnvs);
        for (int i = from; i < end; i++) {
            c.env = i;
            for (int a = 0; a < n; a++) {
                int w = MpeRules.observe(layout, c, a, c.obs, 0), o = (i * n + a) * obsDim;
                for (int k = 0; k < w; k++) obs[o + k] = (float) c.obs[k];
                for (int k = w; k < obsDim; k++) obs[o + k] = 0f;
            }
        }
    }

    /** One environment of the batch seen as an {@link MpeState}; one per thread. */
    private final class Cursor implements MpeState {
        PointMassBatch batch;
        int env;
        final double[] rew = new double[layout.agents];
        final double[] obs = new double[obsDim];

        @Override public double px(int e) { return batch.px[e * stride + env]; }

        @Override public double py(int e) { return batch.py[e * stride + env]; }

        @Override public double vx(int e) { return batch.vx[e * stride + env]; }

        @Override public double vy(int e) { return batch.vy[e * stride + env]; }

        @Override public double comm(int agent, int k) { return comm[(agent * layout.dimC + k) * stride + env]; }

        @Override public int goalLandmark(int agent) { return goal[agent * stride + env]; }
    }

    // ---- analytic FLOPs (docs/FLOPS.md, "MPE scenarios"): branches counted at their costliest path ----

    private static final long DIST = PhysicsFlops.DISTANCE;  // 6, one √
    private static final long TOUCH = DIST + 1;               // distance + compare
    private static final long EVENT = TOUCH + 1;              // collision test + the reward update
    private static final long BOUND = 1 + 2 + 2 + 1 + 1;      // |x|, two compares, 2x − 2, exp (T), min

    @Override
    public long stepFlops() {
        long a = layout.agents, g = layout.good.length, bad = layout.bad.length;
        long fd = layout.food.length;
        long r;
        switch (layout.kind) {
            case SPREAD -> r = a * a * DIST + a * (a - 1) + a + a * (a - 1) * EVENT + 3 * a;
            case REFERENCE -> r = a * DIST + a + 1 + 3 * a;  // distances, sum, mean, mix
            case TAG -> r = bad * g * bad * EVENT + g * (bad * EVENT + 2 * (BOUND + 1));
            default -> r = bad * (g * DIST + (g - 1) + 2 + g * bad * EVENT)
                    + g * (bad * EVENT + 2 * (BOUND + 2) + fd * EVENT + fd * DIST + (fd - 1) + 2);
        }
        return 2 * a + PhysicsFlops.step(spec) + r;
    }

    @Override
    public long stepTranscendentals() {
        long a = layout.agents, g = layout.good.length, bad = layout.bad.length, fd = layout.food.length;
        long r;
        switch (layout.kind) {
            case SPREAD -> r = a * a + a * (a - 1);
            case REFERENCE -> r = a;
            case TAG -> r = bad * g * bad + g * (bad + 2);
            default -> r = bad * (g + g * bad) + g * (bad + 2 + 2 * fd);
        }
        return PhysicsFlops.stepTranscendentals(spec) + r;
    }

    @Override
    public long observeFlops() {
        long a = layout.agents, l = layout.entities - layout.agents, fo = layout.forests.length;
        return switch (layout.kind) {
            case SPREAD -> a * 2 * (l + a - 1);
            case REFERENCE -> a * 2 * l;
            case TAG -> a * 2 * (layout.obstacles.length + a - 1);
            default -> a * (2 * l + fo * TOUCH + (a - 1) * (fo * TOUCH + 2));
        };
    }

    /** Transcendentals of {@link #observeFlops} (forest membership tests). */
    @Override
    public long observeTranscendentals() {
        long a = layout.agents, fo = layout.forests.length;
        return layout.kind == MpeLayout.Kind.WORLD_COMM ? a * (fo + (a - 1) * fo) : 0;
    }

    @Override
    public long resetFlops() { return 2L * 2 * layout.entities; }
}
