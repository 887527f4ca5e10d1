package org.flatworld.kernels.physics;

/**
 * Structure-of-arrays state of a batch of point-mass worlds sharing one {@link PointMassSpec}.
 * Each buffer holds one row per entity; row e of buffer x is {@code x[e * stride + env]}, so a
 * vector of consecutive environments is one contiguous load. Rows are padded ({@link #strideFor})
 * so that power-of-two batch sizes do not put every row in the same cache sets (PERF.md:
 * 2.6–10× otherwise). Lanes in [envs, stride) are spare and never read back by callers.
 */
public final class PointMassBatch {
    /** Row padding in floats: one 512-bit vector. */
    public static final int PAD = 16;

    private final int entities, envs, stride;
    /** (entities, stride) positions x / y. */
    public final float[] px, py;
    /** (entities, stride) velocities x / y. */
    public final float[] vx, vy;
    /** (entities, stride) forces x / y: callers write action forces, {@code step} adds contacts. */
    public final float[] fx, fy;

    public PointMassBatch(int entities, int envs) {
        if (entities < 1) throw new IllegalArgumentException("entities must be ≥ 1, got " + entities);
        if (envs < 1 || envs > (1 << 26)) throw new IllegalArgumentException("envs must be in [1, 2^26], got " + envs);
        this.entities = entities;
        this.envs = envs;
        this.stride = strideFor(envs);
        long n = (long) entities * stride;
        if (n > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("entities × envs too large: " + entities + " × " + envs);
        px = new float[(int) n];
        py = new float[(int) n];
        vx = new float[(int) n];
        vy = new float[(int) n];
        fx = new float[(int) n];
        fy = new float[(int) n];
    }

    /** Row length for {@code envs} environments: rounded up to a multiple of 16, plus {@link #PAD}. */
    public static int strideFor(int envs) { return ((envs + 15) & ~15) + PAD; }

    public int entities() { return entities; }

    public int envs() { return envs; }

    public int stride() { return stride; }

    /** Index of (entity e, env) in every buffer. */
    public int at(int e, int env) { return e * stride + env; }
}
