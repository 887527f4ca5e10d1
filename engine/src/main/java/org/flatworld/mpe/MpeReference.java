package org.flatworld.mpe;

import java.util.SplittableRandom;
import org.flatworld.physics.ReferenceWorld;

/**
 * One MPE environment in double precision, evaluated as MPE2 1.1.0 evaluates it: the reference that
 * reproduces the recorded fixture episodes and that the float32 batch is compared with. Not
 * thread-safe.
 *
 * <p>Action decoding (MPE's {@code _set_action}): discrete a → move {@code a % 5} (0 none, 1 −x,
 * 2 +x, 3 −y, 4 +y, unit size times the agent's accel) and, for agents that speak, symbol
 * {@code a / 5} (one-hot communication). Continuous a → u = (a[2] − a[1], a[4] − a[3]) computed in
 * float32, times accel; a[5…] is the communication vector.
 */
public final class MpeReference implements MpeState {
    private final MpeLayout layout;
    private final ReferenceWorld world;
    private final double[][] comm;   // (agents, dimC)
    private final int[] goal;        // (agents) simple_reference goal landmark
    private final double[] ux, uy;   // (agents) scratch
    private int steps;

    public MpeReference(MpeLayout layout) {
        this.layout = layout;
        this.world = layout.referenceWorld();
        this.comm = new double[layout.agents][layout.dimC];
        this.goal = new int[layout.agents];
        this.ux = new double[layout.agents];
        this.uy = new double[layout.agents];
    }

    public MpeLayout layout() { return layout; }

    public ReferenceWorld world() { return world; }

    /** Steps taken since the state was set or reset. */
    public int steps() { return steps; }

    /** Sets entity {@code e}'s position and velocity. */
    public void setBody(int e, double x, double y, double vx, double vy) {
        world.px[e] = x;
        world.py[e] = y;
        world.vx[e] = vx;
        world.vy[e] = vy;
    }

    public void setComm(int agent, double[] c) {
        if (c.length != layout.dimC) throw new IllegalArgumentException("comm of agent " + agent + " must have length " + layout.dimC + ", got " + c.length);
        System.arraycopy(c, 0, comm[agent], 0, c.length);
    }

    /** simple_reference: the landmark (0..2) agent {@code agent}'s partner must reach. */
    public void setGoalLandmark(int agent, int landmark) {
        if (landmark < 0 || landmark > 2) throw new IllegalArgumentException("goal landmark must be in [0, 3), got " + landmark);
        goal[agent] = landmark;
    }

    /** Clears the step counter (after setting a state). */
    public void restart() { steps = 0; }

    /** Draws an initial state with the reference's distribution (its own generator, not NumPy's stream). */
    public void reset(SplittableRandom rng) {
        if (layout.kind == MpeLayout.Kind.REFERENCE) for (int a = 0; a < layout.agents; a++) goal[a] = rng.nextInt(3);
        for (int e = 0; e < layout.entities; e++) {
            double r = e < layout.agents ? layout.agentRange : layout.landmarkRange;
            setBody(e, rng.nextDouble(-r, r), rng.nextDouble(-r, r), 0, 0);
        }
        for (double[] c : comm) java.util.Arrays.fill(c, 0);
        steps = 0;
    }

    /** One step with discrete actions (one per agent). */
    public void stepDiscrete(int[] actions) {
        checkCount(actions.length);
        for (int a = 0; a < layout.agents; a++) {
            int act = actions[a], n = layout.numActions(a);
            if (act < 0 || act >= n)
                throw new IllegalArgumentException("action of " + layout.names[a] + " must be in [0, " + n + "), got " + act);
            int move = act % MpeLayout.MOVES;
            double acc = layout.accel[a];
            ux[a] = move == 1 ? -1.0 * acc : move == 2 ? 1.0 * acc : 0.0;
            uy[a] = move == 3 ? -1.0 * acc : move == 4 ? 1.0 * acc : 0.0;
            java.util.Arrays.fill(comm[a], 0);
            if (!layout.silent[a]) comm[a][act / MpeLayout.MOVES] = 1.0;
        }
        advance();
    }

    /** One step with continuous actions (float32 values), each of {@link MpeLayout#continuousDim} entries. */
    public void stepContinuous(float[][] actions) {
        checkCount(actions.length);
        for (int a = 0; a < layout.agents; a++) {
            float[] u = actions[a];
            int n = layout.continuousDim(a);
            if (u.length != n)
                throw new IllegalArgumentException("continuous action of " + layout.names[a] + " must have " + n + " entries, got " + u.length);
            double acc = layout.accel[a];
            ux[a] = (double) (u[2] - u[1]) * acc; // float32 difference, as MPE's action arrays are float32
            uy[a] = (double) (u[4] - u[3]) * acc;
            for (int k = 0; k < layout.dimC; k++) comm[a][k] = layout.silent[a] ? 0.0 : u[MpeLayout.MOVES + k];
        }
        advance();
    }

    private void checkCount(int n) {
        if (n != layout.agents) throw new IllegalArgumentException("expected actions for " + layout.agents + " agents, got " + n);
    }

    private void advance() {
        world.step(ux, uy);
        steps++;
    }

    /** Whether the episode has reached {@code max_cycles}. */
    public boolean truncated() { return steps >= layout.maxCycles; }

    /** Agent {@code a}'s observation (float64 before MPE's cast to float32). */
    public double[] observation(int a) {
        double[] out = new double[layout.obsDim(a)];
        int n = MpeRules.observe(layout, this, a, out, 0);
        assert n == out.length;
        return out;
    }

    public double[] rewards() {
        double[] r = new double[layout.agents];
        MpeRules.rewards(layout, this, r);
        return r;
    }

    @Override public double px(int e) { return world.px[e]; }

    @Override public double py(int e) { return world.py[e]; }

    @Override public double vx(int e) { return world.vx[e]; }

    @Override public double vy(int e) { return world.vy[e]; }

    @Override public double comm(int agent, int k) { return comm[agent][k]; }

    @Override public int goalLandmark(int agent) { return goal[agent]; }
}
