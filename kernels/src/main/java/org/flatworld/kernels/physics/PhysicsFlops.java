package org.flatworld.kernels.physics;

/**
 * Analytic FLOP counts of one point-mass step per environment (SPEC §7 conventions: + − × ÷ min max
 * compare abs = 1, sqrt/exp/log1p = 1 each and also transcendental). Counts follow the model's
 * maths, not the instructions executed: the contact softplus is counted for every colliding pair
 * even where the kernel skips it below {@link PhysicsKernels#SOFTPLUS_CUTOFF}, and the speed-cap
 * rescale is counted whether it triggers or not, so counts never depend on data.
 */
public final class PhysicsFlops {
    /**
     * Per colliding pair: Δp (2), d² (3), √ (1 T), z = (dmin − d)/k (2), softplus = max + abs + exp (T)
     * + log1p (T) + add (5), ×k (1), force = cf·Δp/d·pen (6), accumulate into both bodies (4).
     */
    public static final long CONTACT_PAIR = 24;
    public static final long CONTACT_PAIR_TRANSCENDENTAL = 3;
    /** Per movable entity: p += v·dt (4), v·(1 − damping) (2), + (F/m)·dt (6). */
    public static final long INTEGRATE = 12;
    /** Per speed-capped entity: |v|² (3), √ (1 T), compare (1), v/|v|·cap (4). */
    public static final long SPEED_CAP = 9;
    public static final long SPEED_CAP_TRANSCENDENTAL = 1;
    /** Per distance |p_a − p_b|: Δp (2), squares and sum (3), √ (1 T). */
    public static final long DISTANCE = 6;

    private PhysicsFlops() {}

    /** FLOPs of {@link PhysicsKernels#step} per environment (transcendentals included). */
    public static long step(PointMassSpec spec) {
        return spec.pairs() * CONTACT_PAIR + spec.movableCount() * INTEGRATE + spec.cappedCount() * SPEED_CAP;
    }

    /** Transcendentals of {@link PhysicsKernels#step} per environment. */
    public static long stepTranscendentals(PointMassSpec spec) {
        return spec.pairs() * CONTACT_PAIR_TRANSCENDENTAL + spec.cappedCount() * SPEED_CAP_TRANSCENDENTAL;
    }
}
