package org.flatworld.kernels.world;

/**
 * Structure-of-arrays state of a batch of task worlds: body slot {@code b} of environment {@code e}
 * lives at {@code b * stride + e}. Bodies [0, players) are players (radius {@link #rp}, speed cap
 * {@link #capP}), bodies [players, bodies) objects ({@link #ro}, {@link #capO}); static obstacles
 * (radius {@link #rk}) have their own rows. A body takes part in contacts and integration only
 * where its {@link #live} flag is 1 (present and not held); the caller keeps the flags current.
 * Per-environment dynamics ({@link #keep}, {@link #invP}, {@link #invO}, {@link #half}) are set by
 * the caller when it loads a world.
 */
public final class BodyBatch {
    public final int bodies, players, obstacles, stride;
    /** Integration step, contact softplus width, contact stiffness. */
    public final float dt, margin, kf;
    /** Radii of players, objects, obstacles; speed caps of players and objects. */
    public final float rp, ro, rk, capP, capO;

    public final float[] px, py, vx, vy; // (bodies, stride) position, velocity
    public final float[] fx, fy;         // (bodies, stride) force of this step (actions, then contacts)
    public final float[] live;           // (bodies, stride) 1 = present and colliding, else 0
    public final float[] kx, ky, kLive;  // (max(1, obstacles), stride) obstacle centres, 1 = present
    public final float[] keep;           // (stride) 1 − damping
    public final float[] invP, invO;     // (stride) dt / mass of a player, of an object
    public final float[] half;           // (stride) half the arena side

    public BodyBatch(int bodies, int players, int obstacles, int stride, float dt, float margin, float kf,
                     float rp, float ro, float rk, float capP, float capO) {
        if (players < 1 || players > bodies)
            throw new IllegalArgumentException("players must be in [1, bodies = " + bodies + "], got " + players);
        if (obstacles < 0) throw new IllegalArgumentException("obstacles must be ≥ 0, got " + obstacles);
        if (stride < 1) throw new IllegalArgumentException("stride must be ≥ 1, got " + stride);
        if ((long) bodies * stride > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("bodies × stride too large: " + bodies + " × " + stride);
        this.bodies = bodies;
        this.players = players;
        this.obstacles = obstacles;
        this.stride = stride;
        this.dt = dt;
        this.margin = margin;
        this.kf = kf;
        this.rp = rp;
        this.ro = ro;
        this.rk = rk;
        this.capP = capP;
        this.capO = capO;
        int n = bodies * stride, k = Math.max(1, obstacles) * stride;
        px = new float[n];
        py = new float[n];
        vx = new float[n];
        vy = new float[n];
        fx = new float[n];
        fy = new float[n];
        live = new float[n];
        kx = new float[k];
        ky = new float[k];
        kLive = new float[k];
        keep = new float[stride];
        invP = new float[stride];
        invO = new float[stride];
        half = new float[stride];
    }

    /** Radius of body slot {@code b}. */
    public float radius(int b) { return b < players ? rp : ro; }

    /** Distance below which bodies a and b (or a and an obstacle when {@code b < 0}) feel a force: r_a + r_b + 87·margin. */
    public float cutoff(int a, int b) { return radius(a) + (b < 0 ? rk : radius(b)) + WorldMath.CUTOFF_Z * margin; }

    void checkRange(int from, int to) {
        if (from < 0 || to > stride || from > to)
            throw new IllegalArgumentException("environment range [" + from + ", " + to + ") outside [0, " + stride + ")");
    }
}
