package org.flatworld.physics;

/**
 * Single-environment point-mass world in double precision: the reference that the batched float32
 * kernels ({@code org.flatworld.kernels.physics}) are checked against, written to evaluate MPE's
 * NumPy expressions in the same order so that it reproduces recorded MPE2 episodes to rounding.
 *
 * <p>One {@link #step}: action forces u_i for agents; for every pair a &lt; b that both collide,
 * f = contactForce · (p_a − p_b) / d · k·softplus(−(d − (s_a + s_b))/k) (softplus as NumPy's
 * {@code logaddexp(0, z)}) added to a and subtracted from b where movable; then for movable
 * entities p ← p + v·dt, v ← v·(1 − damping) + (F/m)·dt, and the speed cap. Entities
 * [0, agents) are agents; the rest are landmarks.
 *
 * <p>Not thread-safe; allocation-free after construction.
 */
public final class ReferenceWorld {
    private final int entities, agents;
    public final double[] px, py, vx, vy;  // (entities)
    private final double[] size, mass, maxSpeed; // (entities); maxSpeed NaN = no cap
    private final boolean[] movable, collide;
    private final double dt, damping, contactForce, contactMargin;
    private final double[] fx, fy;         // (entities) scratch
    private final boolean[] hasForce;      // (entities) scratch: MPE's "p_force[i] is not None"

    public ReferenceWorld(int agents, double[] size, double[] mass, boolean[] movable, boolean[] collide,
                          double[] maxSpeed, double dt, double damping, double contactForce, double contactMargin) {
        int n = size.length;
        if (agents < 0 || agents > n) throw new IllegalArgumentException("agents must be in [0, " + n + "], got " + agents);
        if (mass.length != n || movable.length != n || collide.length != n || maxSpeed.length != n)
            throw new IllegalArgumentException("size, mass, movable, collide, maxSpeed must all have length " + n);
        if (!(dt > 0)) throw new IllegalArgumentException("dt must be > 0, got " + dt);
        if (!(contactMargin > 0)) throw new IllegalArgumentException("contactMargin must be > 0, got " + contactMargin);
        this.entities = n;
        this.agents = agents;
        this.size = size.clone();
        this.mass = mass.clone();
        this.movable = movable.clone();
        this.collide = collide.clone();
        this.maxSpeed = maxSpeed.clone();
        this.dt = dt;
        this.damping = damping;
        this.contactForce = contactForce;
        this.contactMargin = contactMargin;
        px = new double[n];
        py = new double[n];
        vx = new double[n];
        vy = new double[n];
        fx = new double[n];
        fy = new double[n];
        hasForce = new boolean[n];
    }

    public int entities() { return entities; }

    public int agents() { return agents; }

    public double size(int e) { return size[e]; }

    /** NumPy's {@code logaddexp(0, z)} = max(0, z) + log1p(e^−|z|) (ln 2 at z = 0). */
    public static double softplus(double z) {
        if (z == 0) return Math.log(2.0);
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    /** |p_a − p_b| as MPE computes it: sqrt(Δx² + Δy²). */
    public double distance(int a, int b) {
        double dx = px[a] - px[b], dy = py[a] - py[b];
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** MPE's {@code is_collision}: |p_a − p_b| &lt; size_a + size_b. */
    public boolean touching(int a, int b) { return distance(a, b) < size[a] + size[b]; }

    /**
     * Advances one step with action forces (ux[i], uy[i]) for agents i (already multiplied by the
     * agent's acceleration).
     */
    public void step(double[] ux, double[] uy) {
        for (int e = 0; e < entities; e++) {
            boolean agent = e < agents && movable[e];
            hasForce[e] = agent;
            fx[e] = agent ? ux[e] : 0.0;
            fy[e] = agent ? uy[e] : 0.0;
        }
        double k = contactMargin;
        for (int a = 0; a < entities; a++) {
            if (!collide[a]) continue;
            for (int b = a + 1; b < entities; b++) {
                if (!collide[b]) continue;
                double dx = px[a] - px[b], dy = py[a] - py[b];
                double d = Math.sqrt(dx * dx + dy * dy);
                double pen = softplus(-(d - (size[a] + size[b])) / k) * k;
                double cx = contactForce * dx / d * pen, cy = contactForce * dy / d * pen;
                if (movable[a]) { fx[a] = cx + fx[a]; fy[a] = cy + fy[a]; hasForce[a] = true; }
                if (movable[b]) { fx[b] = -cx + fx[b]; fy[b] = -cy + fy[b]; hasForce[b] = true; }
            }
        }
        double keep = 1 - damping;
        for (int e = 0; e < entities; e++) {
            if (!movable[e]) continue;
            px[e] += vx[e] * dt;
            py[e] += vy[e] * dt;
            vx[e] = vx[e] * keep;
            vy[e] = vy[e] * keep;
            if (hasForce[e]) {
                vx[e] += fx[e] / mass[e] * dt;
                vy[e] += fy[e] / mass[e] * dt;
            }
            double cap = maxSpeed[e];
            if (!Double.isNaN(cap)) {
                double s = Math.sqrt(vx[e] * vx[e] + vy[e] * vy[e]);
                if (s > cap) {
                    vx[e] = vx[e] / s * cap;
                    vy[e] = vy[e] / s * cap;
                }
            }
        }
    }
}
