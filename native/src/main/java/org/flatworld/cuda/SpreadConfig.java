package org.flatworld.cuda;

/**
 * Constants of the batched simple_spread world the device kernels step (MPE2 1.1.0 defaults in
 * {@link #simpleSpread}; ../shared/fixtures/mpe/README.md). Validated here; the kernels trust it.
 *
 * @param agents      N, in [1, 16]
 * @param landmarks   L, in [1, 16]
 * @param accel       force per unit action (MPE: 5)
 * @param agentSize   agent radius (0.15); agents collide with each other, landmarks with nothing
 * @param localRatio  reward = global·(1 − localRatio) + local·localRatio
 * @param horizon     steps per episode (max_cycles, 25); then truncation and auto-reset
 */
public record SpreadConfig(int agents, int landmarks, float dt, float damping, float contactForce, float contactMargin,
                           float accel, float agentSize, float mass, float localRatio, int horizon) {
    /** Most agents / landmarks of the generic kernel (FW_SPREAD_MAX in pointmass.cuh). */
    public static final int MAX_ENTITIES = 16;

    public SpreadConfig {
        if (agents < 1 || agents > MAX_ENTITIES) throw new IllegalArgumentException("agents must be in [1, 16], got " + agents);
        if (landmarks < 1 || landmarks > MAX_ENTITIES)
            throw new IllegalArgumentException("landmarks must be in [1, 16], got " + landmarks);
        if (!(dt > 0) || !Float.isFinite(dt)) throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        if (!(damping >= 0 && damping <= 1)) throw new IllegalArgumentException("damping must be in [0, 1], got " + damping);
        if (!(contactForce >= 0) || !Float.isFinite(contactForce))
            throw new IllegalArgumentException("contactForce must be finite and ≥ 0, got " + contactForce);
        if (!(contactMargin > 0) || !Float.isFinite(contactMargin))
            throw new IllegalArgumentException("contactMargin must be finite and > 0, got " + contactMargin);
        if (!Float.isFinite(accel)) throw new IllegalArgumentException("accel must be finite, got " + accel);
        if (!(agentSize >= 0) || !Float.isFinite(agentSize))
            throw new IllegalArgumentException("agentSize must be finite and ≥ 0, got " + agentSize);
        if (!(mass > 0) || !Float.isFinite(mass)) throw new IllegalArgumentException("mass must be finite and > 0, got " + mass);
        if (!(localRatio >= 0 && localRatio <= 1)) throw new IllegalArgumentException("localRatio must be in [0, 1], got " + localRatio);
        if (horizon < 1) throw new IllegalArgumentException("horizon must be ≥ 1, got " + horizon);
    }

    /** MPE2 simple_spread with N agents and N landmarks: dt 0.1, damping 0.25, contact 100 / 1e-3, accel 5, size 0.15, mass 1, local ratio 0.5, 25 steps. */
    public static SpreadConfig simpleSpread(int n) {
        return new SpreadConfig(n, n, 0.1f, 0.25f, 100f, 1e-3f, 5f, 0.15f, 1f, 0.5f, 25);
    }

    /** 4 + 2L + 4(N − 1): own vel, own pos, landmarks relative, others relative, others' (silent) communication. */
    public int obsDim() { return 4 + 2 * landmarks + 4 * (agents - 1); }

    /** Discrete actions: none, −x, +x, −y, +y. */
    public int numActions() { return 5; }
}
