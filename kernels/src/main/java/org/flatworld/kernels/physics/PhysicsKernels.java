package org.flatworld.kernels.physics;

/**
 * Batched point-mass kernels over a {@link PointMassBatch}, vectorised across environments.
 * Every method works on the environment range [from, to) and touches nothing outside it, so
 * callers may run disjoint ranges on different threads.
 *
 * <p>Implementations: {@link ScalarPhysicsKernels} (plain float32 reference, one environment at a
 * time) and {@code PanamaPhysicsKernels} (Vector API). Both evaluate the same float32 expressions in
 * the same order; they differ only in {@code exp}/{@code log1p} of the contact softplus ({@code Math}
 * in the reference, polynomials accurate to a few ulp in the Vector API version). A Vector API call is bit-for-bit independent of how [from, to)
 * is split as long as every split point is a multiple of 16 (no scalar tail is then used), which is
 * how the batch engine calls it; that is what makes results independent of the thread count.
 *
 * <p>FLOPs are not counted here: callers add the analytic counts of {@link PhysicsFlops}.
 */
public interface PhysicsKernels {
    /** z below which softplus(z)·k is taken as 0 (e^−60·k·contactForce &lt; 1e−27: far below float resolution). */
    float SOFTPLUS_CUTOFF = -60f;

    /** "scalar" or "panama". */
    String name();

    /** e.g. "panama, 256-bit (8 lanes)": what a benchmark or a log line reports. */
    default String description() { return name(); }

    /**
     * Action forces from discrete moves (MPE: 0 none, 1 −x, 2 +x, 3 −y, 4 +y, unit magnitude times
     * the agent's {@code accel}). For entity e &lt; {@code agents}: {@code m = move[e * b.stride() + env]};
     * every other entity gets force 0.
     *
     * @param move  (agents, stride) move index in [0, 5)
     * @param accel (agents) force magnitude per agent
     */
    void discreteForces(PointMassSpec spec, PointMassBatch b, int[] move, float[] accel, int agents, int from, int to);

    /**
     * Like {@link #discreteForces} but reads the moves straight from the caller's interleaved
     * (envs, agents) action array, {@code m = actions[env * agents + e]}, and checks them: every
     * action must lie in [0, 5). Only environments [from, to) are read, so {@code to} must not
     * exceed the number of rows in {@code actions}.
     *
     * @return −1, or the index in {@code actions} of an out-of-range action (forces are then partly written)
     */
    int interleavedDiscreteForces(PointMassSpec spec, PointMassBatch b, int[] actions, float[] accel, int agents,
                                  int from, int to);

    /** Adds contact forces to {@code fx, fy}, then integrates every movable entity (see {@link PointMassSpec}). */
    void step(PointMassSpec spec, PointMassBatch b, int from, int to);

    /**
     * {@code out[env] = −Σ_{t ∈ [targetFrom, targetTo)} min_{a ∈ [agentFrom, agentTo)} |p_a − p_t|}, the
     * sum taken in target order starting from 0 (MPE simple_spread's global reward).
     *
     * @param out (stride) indexed by env
     */
    void negMinDistanceSum(PointMassBatch b, int targetFrom, int targetTo, int agentFrom, int agentTo,
                           float[] out, int from, int to);

    /**
     * {@code out[outOff + env]} = number of entities o ∈ [othersFrom, othersTo), o ≠ e, with
     * |p_o − p_e| &lt; size_o + size_e (MPE's {@code is_collision}), as a float.
     */
    void collisionCounts(PointMassSpec spec, PointMassBatch b, int e, int othersFrom, int othersTo,
                         float[] out, int outOff, int from, int to);

    /**
     * MPE {@code simple_spread} rewards, written interleaved: for agents a &lt; {@code agents} (entities
     * 0..agents−1) and landmarks (entities agents..2·agents−1),
     * {@code rewards[env·agents + a] = g·(1 − r) + (−c_a)·r} with g = −Σ_landmarks min_agents distance
     * (summed in landmark order from 0) and c_a the number of other agents within size_a + size_o.
     * Evaluated as √(min |Δp|²) (equal to min |Δp|: √ is monotone and correctly rounded) and
     * |Δp|² &lt; (size_a + size_o)², one test per pair: 2N² + … fewer square roots than the definition.
     *
     * @param hits (agents, stride) scratch (collision counts, then the rewards before interleaving)
     */
    void spreadRewards(PointMassSpec spec, PointMassBatch b, int agents, float localRatio, float[] hits,
                       float[] rewards, int from, int to);

    /**
     * One MPE {@code simple_spread} step of environments [from, to): {@link #interleavedDiscreteForces},
     * {@link #step}, then {@link #spreadRewards} — the same values as those three calls in turn.
     * Implementations may fuse them ({@link #fusesSpread}): one pass over the state with forces and
     * collision counts kept in registers, so no force or scratch row goes through memory.
     *
     * @return −1, or the index in {@code actions} of an out-of-range action (environments of the
     *         range before it may then already have been stepped)
     */
    default int spreadStep(PointMassSpec spec, PointMassBatch b, int[] actions, float[] accel, int agents,
                           float localRatio, float[] hits, float[] rewards, int from, int to) {
        int bad = interleavedDiscreteForces(spec, b, actions, accel, agents, from, to);
        if (bad >= 0) return bad;
        step(spec, b, from, to);
        spreadRewards(spec, b, agents, localRatio, hits, rewards, from, to);
        return -1;
    }

    /** Whether {@link #spreadStep} runs as one fused pass for this world (no force or hits rows written). */
    default boolean fusesSpread(PointMassSpec spec, int agents) { return false; }

    /** The plain float32 reference. */
    static PhysicsKernels scalar() { return ScalarPhysicsKernels.INSTANCE; }

    /** Whether the Vector API module is in the boot layer (the JVM ran with --add-modules jdk.incubator.vector). */
    static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * Kernels for a backend name: {@code scalar}, {@code panama}, or {@code auto}/{@code cpu}/{@code cuda}
     * (Vector API when available, else scalar; there is no GPU physics kernel yet, so {@code cuda}
     * falls back to the CPU here).
     */
    static PhysicsKernels create(String backend) {
        switch (backend) {
            case "scalar":
                return scalar();
            case "panama":
                if (!vectorApiAvailable())
                    throw new UnsupportedOperationException("backend 'panama' needs --add-modules jdk.incubator.vector");
                return PanamaHolder.INSTANCE;
            case "auto", "cpu", "cuda":
                return vectorApiAvailable() ? PanamaHolder.INSTANCE : scalar();
            default:
                throw new IllegalArgumentException("physics backend must be one of scalar, panama, cpu, cuda, auto; got '" + backend + "'");
        }
    }

    /** Loaded only when the Vector API is present. */
    final class PanamaHolder {
        static final PhysicsKernels INSTANCE = new PanamaPhysicsKernels();

        private PanamaHolder() {}
    }
}
