package org.flatworld.kernels.physics;

/**
 * Plain float32 reference of {@link PhysicsKernels}: one environment at a time, the same
 * expressions in the same order as the Vector API version. Also used by that version for the
 * scalar tail of a range that is not a multiple of the vector length.
 */
public final class ScalarPhysicsKernels implements PhysicsKernels {
    static final ScalarPhysicsKernels INSTANCE = new ScalarPhysicsKernels();

    private ScalarPhysicsKernels() {}

    @Override
    public String name() { return "scalar"; }

    @Override
    public String description() { return "scalar float32"; }

    @Override
    public void discreteForces(PointMassSpec spec, PointMassBatch b, int[] move, float[] accel, int agents, int from, int to) {
        checkRange(b, from, to);
        forcesRange(spec, b, move, accel, agents, from, to);
    }

    static void forcesRange(PointMassSpec spec, PointMassBatch b, int[] move, float[] accel, int agents, int from, int to) {
        int s = b.stride();
        float[] fx = b.fx, fy = b.fy;
        for (int e = 0; e < spec.entities(); e++) {
            int row = e * s;
            if (e < agents) {
                float acc = accel[e], neg = -acc;
                for (int i = from; i < to; i++) {
                    int m = move[row + i];
                    fx[row + i] = m == 1 ? neg : m == 2 ? acc : 0f;
                    fy[row + i] = m == 3 ? neg : m == 4 ? acc : 0f;
                }
            } else {
                for (int i = from; i < to; i++) { fx[row + i] = 0f; fy[row + i] = 0f; }
            }
        }
    }

    @Override
    public int interleavedDiscreteForces(PointMassSpec spec, PointMassBatch b, int[] actions, float[] accel, int agents,
                                         int from, int to) {
        checkRange(b, from, to);
        return interleavedRange(spec, b, actions, accel, agents, from, to);
    }

    static int interleavedRange(PointMassSpec spec, PointMassBatch b, int[] actions, float[] accel, int agents, int from, int to) {
        int s = b.stride();
        float[] fx = b.fx, fy = b.fy;
        for (int e = 0; e < spec.entities(); e++) {
            int row = e * s;
            if (e < agents) {
                float acc = accel[e], neg = -acc;
                for (int i = from; i < to; i++) {
                    int m = actions[i * agents + e];
                    if (m < 0 || m >= 5) return i * agents + e;
                    fx[row + i] = m == 1 ? neg : m == 2 ? acc : 0f;
                    fy[row + i] = m == 3 ? neg : m == 4 ? acc : 0f;
                }
            } else if (spec.movable(e) || spec.collide(e)) {
                for (int i = from; i < to; i++) { fx[row + i] = 0f; fy[row + i] = 0f; }
            }
        }
        return -1;
    }

    @Override
    public void spreadRewards(PointMassSpec spec, PointMassBatch b, int agents, float localRatio, float[] hits,
                              float[] rewards, int from, int to) {
        checkRange(b, from, to);
        spreadRange(spec, b, agents, localRatio, hits, rewards, from, to);
    }

    static void spreadRange(PointMassSpec spec, PointMassBatch b, int agents, float localRatio, float[] hits,
                            float[] rewards, int from, int to) {
        int s = b.stride();
        float wg = 1f - localRatio;
        float[] px = b.px, py = b.py;
        for (int i = from; i < to; i++) {
            for (int a = 0; a < agents; a++) hits[a * s + i] = 0f;
            for (int a = 0; a < agents; a++)   // each pair once: |Δp|² < (s_a + s_b)²
                for (int o = a + 1; o < agents; o++) {
                    float dmin = spec.size(a) + spec.size(o);
                    float dx = px[o * s + i] - px[a * s + i], dy = py[o * s + i] - py[a * s + i];
                    if (dx * dx + dy * dy < dmin * dmin) { hits[a * s + i] += 1f; hits[o * s + i] += 1f; }
                }
            float g = 0f;
            for (int t = agents; t < 2 * agents; t++) {   // −Σ_t √(min_a |p_a − p_t|²)
                float tx = px[t * s + i], ty = py[t * s + i];
                float m = Float.POSITIVE_INFINITY;
                for (int a = 0; a < agents; a++) {
                    float dx = px[a * s + i] - tx, dy = py[a * s + i] - ty;
                    m = Math.min(m, dx * dx + dy * dy);
                }
                g -= (float) Math.sqrt(m);
            }
            float gw = g * wg;
            for (int a = 0; a < agents; a++) rewards[i * agents + a] = gw + -hits[a * s + i] * localRatio;
        }
    }

    @Override
    public void step(PointMassSpec spec, PointMassBatch b, int from, int to) {
        checkRange(b, from, to);
        contactsRange(spec, b, from, to);
        integrateRange(spec, b, from, to);
    }

    /** k·softplus(z) with softplus(z) = max(z, 0) + log1p(e^−|z|) (NumPy's logaddexp(0, z)). */
    static float penetration(float z, float k) {
        return (Math.max(z, 0f) + (float) Math.log1p(Math.exp(-Math.abs(z)))) * k;
    }

    static void contactsRange(PointMassSpec spec, PointMassBatch b, int from, int to) {
        int s = b.stride();
        float[] px = b.px, py = b.py, fx = b.fx, fy = b.fy;
        float k = spec.contactMargin(), cf = spec.contactForce();
        for (int p = 0; p < spec.pairs(); p++) {
            int ra = spec.pairA(p) * s, rb = spec.pairB(p) * s;
            float dmin = spec.pairDmin(p);
            for (int i = from; i < to; i++) {
                float dx = px[ra + i] - px[rb + i];
                float dy = py[ra + i] - py[rb + i];
                float d = (float) Math.sqrt(dx * dx + dy * dy);
                float z = (dmin - d) / k;                           // −(d − dmin)/k
                if (z < SOFTPLUS_CUTOFF) continue;                  // contact force < 1e−27: none
                float pen = penetration(z, k);                      // k·softplus(z)
                float cx = cf * dx / d * pen, cy = cf * dy / d * pen; // contactForce · Δp/d · penetration
                fx[ra + i] += cx;
                fy[ra + i] += cy;
                fx[rb + i] -= cx;
                fy[rb + i] -= cy;
            }
        }
    }

    static void integrateRange(PointMassSpec spec, PointMassBatch b, int from, int to) {
        int s = b.stride();
        float[] px = b.px, py = b.py, vx = b.vx, vy = b.vy, fx = b.fx, fy = b.fy;
        float dt = spec.dt(), keep = 1f - spec.damping();
        for (int e = 0; e < spec.entities(); e++) {
            if (!spec.movable(e)) continue;
            int r = e * s;
            float m = spec.mass(e), cap = spec.maxSpeed(e);
            boolean capped = !Float.isNaN(cap);
            for (int i = from; i < to; i++) {
                float x = vx[r + i], y = vy[r + i];
                px[r + i] += x * dt;                 // p ← p + v·dt (old velocity)
                py[r + i] += y * dt;
                x = x * keep + fx[r + i] / m * dt;   // v ← v·(1 − damping) + (F/m)·dt
                y = y * keep + fy[r + i] / m * dt;
                if (capped) {
                    float sp = (float) Math.sqrt(x * x + y * y);
                    if (sp > cap) { x = x / sp * cap; y = y / sp * cap; }
                }
                vx[r + i] = x;
                vy[r + i] = y;
            }
        }
    }

    @Override
    public void negMinDistanceSum(PointMassBatch b, int targetFrom, int targetTo, int agentFrom, int agentTo,
                                  float[] out, int from, int to) {
        checkRange(b, from, to);
        negMinDistanceRange(b, targetFrom, targetTo, agentFrom, agentTo, out, from, to);
    }

    static void negMinDistanceRange(PointMassBatch b, int targetFrom, int targetTo, int agentFrom, int agentTo,
                                    float[] out, int from, int to) {
        int s = b.stride();
        float[] px = b.px, py = b.py;
        for (int i = from; i < to; i++) {
            float acc = 0f;
            for (int t = targetFrom; t < targetTo; t++) {
                float tx = px[t * s + i], ty = py[t * s + i];
                float m = Float.POSITIVE_INFINITY;
                for (int a = agentFrom; a < agentTo; a++) {
                    float dx = px[a * s + i] - tx, dy = py[a * s + i] - ty;
                    m = Math.min(m, (float) Math.sqrt(dx * dx + dy * dy));
                }
                acc -= m;
            }
            out[i] = acc;
        }
    }

    @Override
    public void collisionCounts(PointMassSpec spec, PointMassBatch b, int e, int othersFrom, int othersTo,
                                float[] out, int outOff, int from, int to) {
        checkRange(b, from, to);
        collisionRange(spec, b, e, othersFrom, othersTo, out, outOff, from, to);
    }

    static void collisionRange(PointMassSpec spec, PointMassBatch b, int e, int othersFrom, int othersTo,
                               float[] out, int outOff, int from, int to) {
        int s = b.stride(), re = e * s;
        float[] px = b.px, py = b.py;
        for (int i = from; i < to; i++) out[outOff + i] = 0f;
        for (int o = othersFrom; o < othersTo; o++) {
            if (o == e) continue;
            int ro = o * s;
            float dmin = spec.size(o) + spec.size(e);
            for (int i = from; i < to; i++) {
                float dx = px[ro + i] - px[re + i], dy = py[ro + i] - py[re + i];
                if ((float) Math.sqrt(dx * dx + dy * dy) < dmin) out[outOff + i] += 1f;
            }
        }
    }

    static void checkRange(PointMassBatch b, int from, int to) {
        if (from < 0 || to > b.stride() || from > to)
            throw new IllegalArgumentException("env range [" + from + ", " + to + ") must lie in [0, " + b.stride() + "]");
    }
}
