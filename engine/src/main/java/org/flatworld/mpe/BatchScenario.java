package org.flatworld.mpe;

import java.util.SplittableRandom;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.flatworld.kernels.physics.PointMassBatch;
import org.flatworld.kernels.physics.PointMassSpec;

/**
 * What one MPE scenario is, for a batch of environments: its bodies, initial-state distribution,
 * action decoding, rewards and observations. It owns no threads and no seeds: {@link MpeVecEnv}
 * (the batch engine) owns those, calls these methods on disjoint environment ranges from several
 * threads, and guarantees that every range starts at a multiple of 16. An instance belongs to one
 * batch (it may keep per-environment scratch rows of length {@code stride}).
 *
 * <p>Entity order is MPE's: agents first (agent i is entity i), then landmarks.
 */
public abstract class BatchScenario {
    protected final MpeLayout layout;
    protected final PointMassSpec spec;
    protected final PhysicsKernels kernels;
    private final float[] accel; // (agents)

    protected BatchScenario(MpeLayout layout, PhysicsKernels kernels) {
        this.layout = layout;
        this.spec = layout.spec();
        this.kernels = kernels;
        this.accel = layout.accelFloat();
    }

    public final PointMassSpec spec() { return spec; }

    /** The scenario definition (bodies, sizes, rules). */
    public final MpeLayout layout() { return layout; }

    /** "simple_spread" etc. */
    public abstract String name();

    public abstract int numAgents();

    /** Observation width (the largest agent's; smaller agents are zero-padded). */
    public abstract int obsDim();

    /** Discrete actions per agent (the largest agent's). */
    public abstract int numActions();

    /** Episode length; the step that reaches it is flagged truncated. */
    public abstract int maxCycles();

    /** Allocates per-environment scratch; called once by the engine before any other call. */
    protected abstract void allocate(PointMassBatch batch);

    /** Draws environment {@code env}'s initial state from {@code rng} in MPE's order. */
    protected abstract void reset(PointMassBatch b, int env, SplittableRandom rng);

    /**
     * Decodes actions (numEnvs, numAgents) of environments [from, to) into forces (and
     * communication state); environments ≥ {@code numEnvs} (row padding) get the no-op action.
     *
     * @throws IllegalArgumentException for an action outside [0, numActions of that agent)
     */
    protected abstract void applyActions(PointMassBatch b, int[] actions, int numEnvs, int from, int to);

    /**
     * Decodes continuous actions (numEnvs, numAgents, width) of environments [from, to): force
     * u = (a[2] − a[1], a[4] − a[3]) · accel in float32 (MPE's order), communication a[5 …] for
     * agents that speak; environments ≥ {@code numEnvs} get zero force.
     */
    protected void applyContinuous(PointMassBatch b, float[] actions, int width, int numEnvs, int from, int to) {
        int n = layout.agents, s = b.stride();
        for (int e = 0; e < spec.entities(); e++)
            for (int i = from; i < to; i++) { b.fx[e * s + i] = 0f; b.fy[e * s + i] = 0f; }
        int end = Math.min(to, numEnvs);
        for (int i = from; i < end; i++)
            for (int a = 0; a < n; a++) {
                int o = (i * n + a) * width;
                for (int k = 0; k < layout.continuousDim(a); k++) {
                    float x = actions[o + k];
                    if (!(x >= 0f && x <= 1f))
                        throw new IllegalArgumentException("continuous action of env " + i + " agent " + a + " entry " + k + " must be in [0, 1], got " + x);
                }
                b.fx[a * s + i] = (actions[o + 2] - actions[o + 1]) * accel[a];
                b.fy[a * s + i] = (actions[o + 4] - actions[o + 3]) * accel[a];
                if (!layout.silent(a))
                    for (int k = 0; k < layout.dimC; k++) setComm(i, a, k, actions[o + MpeLayout.MOVES + k]);
            }
    }

    /** Sets one entry of an agent's communication state (scenarios where agents speak keep it). */
    protected void setComm(int env, int agent, int k, float value) {
        throw new UnsupportedOperationException(name() + " keeps no communication state");
    }

    /** Sets environment {@code env}'s scenario extras of one agent (communication, goal landmark) from a reference. */
    protected void load(int env, int agent, MpeReference ref) {}

    /**
     * One step of environments [from, to) with discrete actions: {@link #applyActions}, the physics
     * step, {@link #rewards}. Scenarios may fuse the three (see {@link SpreadScenario}).
     */
    protected void stepBlock(PointMassBatch b, int[] actions, float[] rewards, int numEnvs, int from, int to) {
        applyActions(b, actions, numEnvs, from, to);
        kernels.step(spec, b, from, to);
        rewards(b, rewards, numEnvs, from, to);
    }

    /** Rewards (numEnvs, numAgents) of environments [from, to) after the physics step. */
    protected abstract void rewards(PointMassBatch b, float[] rewards, int numEnvs, int from, int to);

    /** Observations (numEnvs, numAgents, obsDim) of environments [from, min(to, numEnvs)). */
    protected abstract void observe(PointMassBatch b, float[] obs, int numEnvs, int from, int to);

    /** FLOPs of one environment step: actions, physics, rewards (transcendentals included). */
    public abstract long stepFlops();

    public abstract long stepTranscendentals();

    /** FLOPs of writing one environment's observations. */
    public abstract long observeFlops();

    /** Transcendentals of {@link #observeFlops}. */
    public long observeTranscendentals() { return 0; }

    /** FLOPs of one environment reset (the affine maps of the uniform draws). */
    public abstract long resetFlops();

    /**
     * Bytes one env-step moves ({@link StepBytes}), counted from the layout. Compulsory: movable
     * entities' positions and velocities read and written (16 + 16 B each), every other entity's
     * position read (8 B), actions read (4 B per agent), rewards written (4 B per agent), the done
     * flag (1 B), and each reset's 16 B per entity amortized over {@link #maxCycles()} steps.
     * Scratch: the force rows (8 B per entity that gets a force) and the decoded move row (4 B per
     * agent) this engine passes through; scenarios override where they differ.
     */
    public StepBytes stepBytes() {
        int n = numAgents(), entities = spec.entities(), movable = spec.movableCount(), forced = 0;
        for (int e = 0; e < entities; e++) if (e < n || spec.movable(e) || spec.collide(e)) forced++;
        double read = 16.0 * movable + 8.0 * (entities - movable) + 4.0 * n;
        double written = 16.0 * movable + 4.0 * n + 1 + 16.0 * entities / maxCycles();
        return new StepBytes(read, written, 8.0 * forced + 4.0 * n);
    }

    /**
     * Bytes writing one environment's observations moves: every entity's position and the agents'
     * velocities read (8 B each), numAgents × obsDim floats written.
     */
    public StepBytes observeBytes() {
        return new StepBytes(8.0 * spec.entities() + 8.0 * numAgents(), 4.0 * numAgents() * obsDim(), 0);
    }
}
