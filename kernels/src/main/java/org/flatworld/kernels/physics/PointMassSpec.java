package org.flatworld.kernels.physics;

import java.util.Arrays;

/**
 * The constant part of a batched point-mass world: per-entity properties (identical in every
 * environment of a batch) and the integration and contact constants of the multi-agent particle
 * environments (Lowe et al. 2017, "Multi-Agent Actor-Critic for Mixed Cooperative-Competitive
 * Environments"; MPE2 1.1.0). Immutable; validated once here so kernels only {@code assert}.
 *
 * <p>Dynamics of one step (what every {@link PhysicsKernels} implements):
 * <pre>
 *   F_i  = u_i (caller-written action force) + Σ_{pairs (i,j), i&lt;j, both collide} c_ij − Σ_{(j,i)} c_ji
 *   c_ij = contactForce · (p_i − p_j) / d · k · softplus(−(d − (s_i + s_j)) / k),  d = |p_i − p_j|, k = contactMargin
 *   p ← p + v·dt;  v ← v·(1 − damping);  v ← v + (F / m)·dt;  if |v| &gt; maxSpeed: v ← v / |v| · maxSpeed
 * </pre>
 * (movable entities only). {@code maxSpeed} is {@code NaN} when an entity has no cap.
 */
public final class PointMassSpec {
    private final int entities;
    private final float[] size;       // (entities)
    private final float[] mass;       // (entities)
    private final boolean[] movable;  // (entities)
    private final boolean[] collide;  // (entities)
    private final float[] maxSpeed;   // (entities), NaN = no cap
    private final float dt, damping, contactForce, contactMargin;
    private final int[] pairA, pairB; // (pairs) colliding pairs in MPE order: a < b, lexicographic
    private final float[] pairDmin;   // (pairs) size_a + size_b

    public PointMassSpec(float[] size, float[] mass, boolean[] movable, boolean[] collide, float[] maxSpeed,
                         float dt, float damping, float contactForce, float contactMargin) {
        int n = size.length;
        if (n < 1 || n > 4096) throw new IllegalArgumentException("entities must be in [1, 4096], got " + n);
        if (mass.length != n || movable.length != n || collide.length != n || maxSpeed.length != n)
            throw new IllegalArgumentException("size, mass, movable, collide, maxSpeed must all have length " + n);
        for (int i = 0; i < n; i++) {
            if (!(size[i] >= 0) || !Float.isFinite(size[i]))
                throw new IllegalArgumentException("size[" + i + "] must be finite and ≥ 0, got " + size[i]);
            if (!(mass[i] > 0) || !Float.isFinite(mass[i]))
                throw new IllegalArgumentException("mass[" + i + "] must be finite and > 0, got " + mass[i]);
            if (!Float.isNaN(maxSpeed[i]) && !(maxSpeed[i] > 0))
                throw new IllegalArgumentException("maxSpeed[" + i + "] must be > 0 or NaN (no cap), got " + maxSpeed[i]);
        }
        if (!(dt > 0) || !Float.isFinite(dt)) throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        if (!(damping >= 0 && damping <= 1)) throw new IllegalArgumentException("damping must be in [0, 1], got " + damping);
        if (!(contactForce >= 0) || !Float.isFinite(contactForce))
            throw new IllegalArgumentException("contactForce must be finite and ≥ 0, got " + contactForce);
        if (!(contactMargin > 0) || !Float.isFinite(contactMargin))
            throw new IllegalArgumentException("contactMargin must be finite and > 0, got " + contactMargin);
        this.entities = n;
        this.size = size.clone();
        this.mass = mass.clone();
        this.movable = movable.clone();
        this.collide = collide.clone();
        this.maxSpeed = maxSpeed.clone();
        this.dt = dt;
        this.damping = damping;
        this.contactForce = contactForce;
        this.contactMargin = contactMargin;
        int pairs = 0;
        for (int a = 0; a < n; a++) for (int b = a + 1; b < n; b++) if (collide[a] && collide[b]) pairs++;
        pairA = new int[pairs];
        pairB = new int[pairs];
        pairDmin = new float[pairs];
        int p = 0;
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
                if (collide[a] && collide[b]) { pairA[p] = a; pairB[p] = b; pairDmin[p] = size[a] + size[b]; p++; }
    }

    public int entities() { return entities; }
    public float size(int e) { return size[e]; }
    public float mass(int e) { return mass[e]; }
    public boolean movable(int e) { return movable[e]; }
    public boolean collide(int e) { return collide[e]; }
    /** NaN when the entity has no speed cap. */
    public float maxSpeed(int e) { return maxSpeed[e]; }
    public float dt() { return dt; }
    public float damping() { return damping; }
    public float contactForce() { return contactForce; }
    public float contactMargin() { return contactMargin; }
    /** Number of colliding pairs (both entities collide), in MPE's order. */
    public int pairs() { return pairA.length; }
    public int pairA(int p) { return pairA[p]; }
    public int pairB(int p) { return pairB[p]; }
    public float pairDmin(int p) { return pairDmin[p]; }

    public int movableCount() {
        int c = 0;
        for (boolean m : movable) if (m) c++;
        return c;
    }

    public int cappedCount() {
        int c = 0;
        for (int e = 0; e < entities; e++) if (movable[e] && !Float.isNaN(maxSpeed[e])) c++;
        return c;
    }

    @Override
    public String toString() {
        return "PointMassSpec[entities=" + entities + ", size=" + Arrays.toString(size) + ", pairs=" + pairs()
                + ", dt=" + dt + ", damping=" + damping + ", contactForce=" + contactForce
                + ", contactMargin=" + contactMargin + "]";
    }
}
