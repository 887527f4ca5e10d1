package org.flatworld.kernels.physics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link PhysicsKernels}: one lane per environment, so every entity row is a
 * contiguous load and there are no gathers or shuffles. Each pass (forces, contacts per pair,
 * integration per entity) is its own small loop over the range, because the batch engine calls it
 * on blocks that stay in L1, and small straight-line loops are what C2 compiles without boxing
 * (PERF.md). There are no reductions across lanes here, hence no accumulators to unroll; the
 * independent work per iteration is the entity rows themselves. A range whose length is not a
 * multiple of the vector length finishes with {@link ScalarPhysicsKernels}' code.
 */
final class PanamaPhysicsKernels implements PhysicsKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();

    PanamaPhysicsKernels() {}

    @Override
    public String name() { return "panama"; }

    @Override
    public String description() { return "panama, " + F.vectorBitSize() + "-bit (" + L + " lanes)"; }

    @Override
    public void discreteForces(PointMassSpec spec, PointMassBatch b, int[] move, float[] accel, int agents, int from, int to) {
        ScalarPhysicsKernels.checkRange(b, from, to);
        int upper = from + F.loopBound(to - from);
        int s = b.stride();
        for (int e = 0; e < spec.entities(); e++) {
            if (e < agents) forcesRow(move, b.fx, b.fy, e * s, accel[e], from, upper);
            else zeroRow(b.fx, b.fy, e * s, from, upper);
        }
        if (upper < to) ScalarPhysicsKernels.forcesRange(spec, b, move, accel, agents, upper, to);
    }

    private static void forcesRow(int[] move, float[] fx, float[] fy, int row, float acc, int from, int upper) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector pos = FloatVector.broadcast(F, acc), neg = FloatVector.broadcast(F, -acc);
        for (int i = from; i < upper; i += L) {
            FloatVector m = (FloatVector) IntVector.fromArray(I, move, row + i).convert(VectorOperators.I2F, 0);
            // 1 → −x, 2 → +x, 3 → −y, 4 → +y
            zero.blend(neg, m.eq(1f)).blend(pos, m.eq(2f)).intoArray(fx, row + i);
            zero.blend(neg, m.eq(3f)).blend(pos, m.eq(4f)).intoArray(fy, row + i);
        }
    }

    private static void zeroRow(float[] fx, float[] fy, int row, int from, int upper) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = from; i < upper; i += L) {
            zero.intoArray(fx, row + i);
            zero.intoArray(fy, row + i);
        }
    }

    @Override
    public int interleavedDiscreteForces(PointMassSpec spec, PointMassBatch b, int[] actions, float[] accel, int agents,
                                         int from, int to) {
        ScalarPhysicsKernels.checkRange(b, from, to);
        int upper = from + F.loopBound(to - from);
        int s = b.stride();
        int[] stride = strided(agents);
        for (int e = 0; e < spec.entities(); e++) {
            if (e < agents) {
                int bad = gatherForcesRow(actions, stride, agents, e, b.fx, b.fy, e * s, accel[e], from, upper);
                if (bad >= 0) return ScalarPhysicsKernels.interleavedRange(spec, b, actions, accel, agents, bad, bad + L);
            } else if (spec.movable(e) || spec.collide(e)) {
                zeroRow(b.fx, b.fy, e * s, from, upper);
            }
        }
        return upper < to ? ScalarPhysicsKernels.interleavedRange(spec, b, actions, accel, agents, upper, to) : -1;
    }

    /** {0, n, 2n, …}: lane offsets of one agent's actions in an interleaved (envs, n) array. */
    private static int[] strided(int n) {
        int[] idx = STRIDED.get();
        if (idx[1] != n) for (int i = 0; i < L; i++) idx[i] = i * n;
        return idx;
    }

    private static final ThreadLocal<int[]> STRIDED = ThreadLocal.withInitial(() -> new int[Math.max(2, L)]);

    /** Gathers one agent's moves for the range; returns the first env of a block with an invalid move, or −1. */
    private static int gatherForcesRow(int[] actions, int[] stride, int agents, int e, float[] fx, float[] fy, int row,
                                       float acc, int from, int upper) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector pos = FloatVector.broadcast(F, acc), neg = FloatVector.broadcast(F, -acc);
        for (int i = from; i < upper; i += L) {
            IntVector mi = IntVector.fromArray(I, actions, i * agents + e, stride, 0);
            if (mi.compare(VectorOperators.UGE, 5).anyTrue()) return i; // negative or ≥ 5
            FloatVector m = (FloatVector) mi.convert(VectorOperators.I2F, 0);
            zero.blend(neg, m.eq(1f)).blend(pos, m.eq(2f)).intoArray(fx, row + i);
            zero.blend(neg, m.eq(3f)).blend(pos, m.eq(4f)).intoArray(fy, row + i);
        }
        return -1;
    }

    @Override
    public void spreadRewards(PointMassSpec spec, PointMassBatch b, int agents, float localRatio, float[] hits,
                              float[] rewards, int from, int to) {
        ScalarPhysicsKernels.checkRange(b, from, to);
        int upper = from + F.loopBound(to - from);
        int s = b.stride();
        float wg = 1f - localRatio;
        float[] px = b.px, py = b.py;
        for (int i = from; i < upper; i += L) {
            // collisions, each pair once: |Δp|² < (s_a + s_b)² counts for both agents (hits rows stay in L1)
            for (int a = 0; a < agents; a++) FloatVector.zero(F).intoArray(hits, a * s + i);
            for (int a = 0; a < agents; a++) {
                FloatVector ax = FloatVector.fromArray(F, px, a * s + i), ay = FloatVector.fromArray(F, py, a * s + i);
                for (int o = a + 1; o < agents; o++) {
                    float dmin = spec.size(a) + spec.size(o);
                    FloatVector dx = FloatVector.fromArray(F, px, o * s + i).sub(ax);
                    FloatVector dy = FloatVector.fromArray(F, py, o * s + i).sub(ay);
                    VectorMask<Float> hit = dx.mul(dx).add(dy.mul(dy)).lt(dmin * dmin);
                    FloatVector.fromArray(F, hits, a * s + i).lanewise(VectorOperators.ADD, 1f, hit).intoArray(hits, a * s + i);
                    FloatVector.fromArray(F, hits, o * s + i).lanewise(VectorOperators.ADD, 1f, hit).intoArray(hits, o * s + i);
                }
            }
            // g = −Σ_t min_a |p_a − p_t| = −Σ_t √(min_a |p_a − p_t|²)  (√ is monotone and correctly rounded)
            FloatVector g = FloatVector.zero(F);
            for (int t = agents; t < 2 * agents; t++) {
                FloatVector tx = FloatVector.fromArray(F, px, t * s + i), ty = FloatVector.fromArray(F, py, t * s + i);
                FloatVector m = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
                for (int a = 0; a < agents; a++) {
                    FloatVector dx = FloatVector.fromArray(F, px, a * s + i).sub(tx);
                    FloatVector dy = FloatVector.fromArray(F, py, a * s + i).sub(ty);
                    m = m.min(dx.mul(dx).add(dy.mul(dy)));
                }
                g = g.sub(m.sqrt());
            }
            FloatVector gw = g.mul(wg);
            for (int a = 0; a < agents; a++) // g·(1 − r) + (−c_a)·r, kept in the hits rows
                gw.add(FloatVector.fromArray(F, hits, a * s + i).neg().mul(localRatio)).intoArray(hits, a * s + i);
        }
        // interleave to rewards[env·agents + a]: a scalar copy measured ~1.7× faster than a vector scatter here
        for (int i = from; i < upper; i++)
            for (int a = 0; a < agents; a++) rewards[i * agents + a] = hits[a * s + i];
        if (upper < to) ScalarPhysicsKernels.spreadRange(spec, b, agents, localRatio, hits, rewards, upper, to);
    }

    @Override
    public void step(PointMassSpec spec, PointMassBatch b, int from, int to) {
        ScalarPhysicsKernels.checkRange(b, from, to);
        int upper = from + F.loopBound(to - from);
        int s = b.stride();
        float k = spec.contactMargin(), cf = spec.contactForce();
        for (int p = 0; p < spec.pairs(); p++)
            contactPair(b.px, b.py, b.fx, b.fy, spec.pairA(p) * s, spec.pairB(p) * s, spec.pairDmin(p), k, cf, from, upper);
        float dt = spec.dt(), keep = 1f - spec.damping();
        for (int e = 0; e < spec.entities(); e++) {
            if (!spec.movable(e)) continue;
            float cap = spec.maxSpeed(e);
            if (Float.isNaN(cap)) integrateRow(b, e * s, spec.mass(e), dt, keep, from, upper);
            else integrateRowCapped(b, e * s, spec.mass(e), dt, keep, cap, from, upper);
        }
        if (upper < to) {
            ScalarPhysicsKernels.contactsRange(spec, b, upper, to);
            ScalarPhysicsKernels.integrateRange(spec, b, upper, to);
        }
    }

    private static void contactPair(float[] px, float[] py, float[] fx, float[] fy, int ra, int rb, float dmin,
                                    float k, float cf, int from, int upper) {
        for (int i = from; i < upper; i += L) {
            FloatVector dx = FloatVector.fromArray(F, px, ra + i).sub(FloatVector.fromArray(F, px, rb + i));
            FloatVector dy = FloatVector.fromArray(F, py, ra + i).sub(FloatVector.fromArray(F, py, rb + i));
            FloatVector d = dx.mul(dx).add(dy.mul(dy)).sqrt();
            FloatVector z = FloatVector.broadcast(F, dmin).sub(d).div(k); // −(d − dmin)/k
            VectorMask<Float> far = z.lt(SOFTPLUS_CUTOFF);
            if (far.allTrue()) continue; // no lane in contact range: force < 1e−27 everywhere
            // k·softplus(z), softplus(z) = max(z, 0) + log1p(e^−|z|)
            FloatVector pen = z.max(0f).add(z.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P))
                    .mul(k).blend(0f, far);
            FloatVector cx = dx.mul(cf).div(d).mul(pen), cy = dy.mul(cf).div(d).mul(pen);
            FloatVector.fromArray(F, fx, ra + i).add(cx).intoArray(fx, ra + i);
            FloatVector.fromArray(F, fy, ra + i).add(cy).intoArray(fy, ra + i);
            FloatVector.fromArray(F, fx, rb + i).sub(cx).intoArray(fx, rb + i);
            FloatVector.fromArray(F, fy, rb + i).sub(cy).intoArray(fy, rb + i);
        }
    }

    private static void integrateRow(PointMassBatch b, int r, float m, float dt, float keep, int from, int upper) {
        float[] px = b.px, py = b.py, vx = b.vx, vy = b.vy, fx = b.fx, fy = b.fy;
        for (int i = from; i < upper; i += L) {
            FloatVector x = FloatVector.fromArray(F, vx, r + i), y = FloatVector.fromArray(F, vy, r + i);
            FloatVector.fromArray(F, px, r + i).add(x.mul(dt)).intoArray(px, r + i); // p ← p + v·dt
            FloatVector.fromArray(F, py, r + i).add(y.mul(dt)).intoArray(py, r + i);
            x.mul(keep).add(FloatVector.fromArray(F, fx, r + i).div(m).mul(dt)).intoArray(vx, r + i); // v·(1−damping) + F/m·dt
            y.mul(keep).add(FloatVector.fromArray(F, fy, r + i).div(m).mul(dt)).intoArray(vy, r + i);
        }
    }

    private static void integrateRowCapped(PointMassBatch b, int r, float m, float dt, float keep, float cap,
                                           int from, int upper) {
        float[] px = b.px, py = b.py, vx = b.vx, vy = b.vy, fx = b.fx, fy = b.fy;
        for (int i = from; i < upper; i += L) {
            FloatVector x = FloatVector.fromArray(F, vx, r + i), y = FloatVector.fromArray(F, vy, r + i);
            FloatVector.fromArray(F, px, r + i).add(x.mul(dt)).intoArray(px, r + i);
            FloatVector.fromArray(F, py, r + i).add(y.mul(dt)).intoArray(py, r + i);
            x = x.mul(keep).add(FloatVector.fromArray(F, fx, r + i).div(m).mul(dt));
            y = y.mul(keep).add(FloatVector.fromArray(F, fy, r + i).div(m).mul(dt));
            FloatVector sp = x.mul(x).add(y.mul(y)).sqrt();
            VectorMask<Float> over = sp.compare(VectorOperators.GT, cap); // |v| > maxSpeed → v/|v|·maxSpeed
            x.blend(x.div(sp).mul(cap), over).intoArray(vx, r + i);
            y.blend(y.div(sp).mul(cap), over).intoArray(vy, r + i);
        }
    }

    @Override
    public void negMinDistanceSum(PointMassBatch b, int targetFrom, int targetTo, int agentFrom, int agentTo,
                                  float[] out, int from, int to) {
        ScalarPhysicsKernels.checkRange(b, from, to);
        int upper = from + F.loopBound(to - from);
        int s = b.stride();
        float[] px = b.px, py = b.py;
        for (int i = from; i < upper; i += L) FloatVector.zero(F).intoArray(out, i);
        for (int t = targetFrom; t < targetTo; t++)
            for (int i = from; i < upper; i += L) {
                FloatVector tx = FloatVector.fromArray(F, px, t * s + i), ty = FloatVector.fromArray(F, py, t * s + i);
                FloatVector m = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
                for (int a = agentFrom; a < agentTo; a++) {
                    FloatVector dx = FloatVector.fromArray(F, px, a * s + i).sub(tx);
                    FloatVector dy = FloatVector.fromArray(F, py, a * s + i).sub(ty);
                    m = m.min(dx.mul(dx).add(dy.mul(dy)).sqrt());
                }
                FloatVector.fromArray(F, out, i).sub(m).intoArray(out, i);
            }
        if (upper < to) ScalarPhysicsKernels.negMinDistanceRange(b, targetFrom, targetTo, agentFrom, agentTo, out, upper, to);
    }

    @Override
    public void collisionCounts(PointMassSpec spec, PointMassBatch b, int e, int othersFrom, int othersTo,
                                float[] out, int outOff, int from, int to) {
        ScalarPhysicsKernels.checkRange(b, from, to);
        int upper = from + F.loopBound(to - from);
        int s = b.stride(), re = e * s;
        float[] px = b.px, py = b.py;
        for (int i = from; i < upper; i += L) FloatVector.zero(F).intoArray(out, outOff + i);
        for (int o = othersFrom; o < othersTo; o++) {
            if (o == e) continue;
            int ro = o * s;
            float dmin = spec.size(o) + spec.size(e);
            for (int i = from; i < upper; i += L) {
                FloatVector dx = FloatVector.fromArray(F, px, ro + i).sub(FloatVector.fromArray(F, px, re + i));
                FloatVector dy = FloatVector.fromArray(F, py, ro + i).sub(FloatVector.fromArray(F, py, re + i));
                VectorMask<Float> hit = dx.mul(dx).add(dy.mul(dy)).sqrt().lt(dmin);
                FloatVector.fromArray(F, out, outOff + i).lanewise(VectorOperators.ADD, 1f, hit).intoArray(out, outOff + i);
            }
        }
        if (upper < to) ScalarPhysicsKernels.collisionRange(spec, b, e, othersFrom, othersTo, out, outOff, upper, to);
    }
}
