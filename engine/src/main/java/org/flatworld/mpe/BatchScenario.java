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
    protected final PointMassSpec spec;
    protected final PhysicsKernels kernels;

    protected BatchScenario(PointMassSpec spec, PhysicsKernels kernels) {
        this.spec = spec;
        this.kernels = kernels;
    }

    public final PointMassSpec spec() { return spec; }

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

    /** Rewards (numEnvs, numAgents) of environments [from, to) after the physics step. */
    protected abstract void rewards(PointMassBatch b, float[] rewards, int numEnvs, int from, int to);

    /** Observations (numEnvs, numAgents, obsDim) of environments [from, min(to, numEnvs)). */
    protected abstract void observe(PointMassBatch b, float[] obs, int numEnvs, int from, int to);

    /** FLOPs of one environment step: actions, physics, rewards (transcendentals included). */
    public abstract long stepFlops();

    public abstract long stepTranscendentals();

    /** FLOPs of writing one environment's observations. */
    public abstract long observeFlops();

    /** FLOPs of one environment reset (the affine maps of the uniform draws). */
    public abstract long resetFlops();
}
