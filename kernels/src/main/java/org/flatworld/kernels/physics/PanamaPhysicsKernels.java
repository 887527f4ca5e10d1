package org.flatworld.kernels.physics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link PhysicsKernels}: one lane per environment, so every entity row is a
 * contiguous load. Each pass (forces, contacts per pair, integration per entity) is its own small
 * loop over the range, because the batch engine calls it on blocks that stay in L1, and small
 * straight-line loops are what C2 compiles without boxing (PERF.md). There are no reductions across
 * lanes here, hence no accumulators to unroll; the independent work per iteration is the entity
 * rows themselves. A range whose length is not a multiple of the vector length finishes with
 * {@link ScalarPhysicsKernels}' code. {@code simple_spread} with 3 agents has a fused path
 * ({@link #spreadStep}); the contact softplus is evaluated with polynomials (see {@code LOG2E}).
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

    // ---- simple_spread N = 3, fused: actions → forces → contacts → integration, then rewards, in registers ----

    /** Interleaving 3 agent rows: output vector k, lane j holds agent (kL + j) mod 3 of env (kL + j) / 3. */
    private static final VectorShuffle<Float> S00 = out(0, 0), S01 = out(0, 1), S02 = out(0, 2),
            S10 = out(1, 0), S11 = out(1, 1), S12 = out(1, 2), S20 = out(2, 0), S21 = out(2, 1), S22 = out(2, 2);
    private static final VectorMask<Float> M01 = outMask(0, 1), M02 = outMask(0, 2), M11 = outMask(1, 1),
            M12 = outMask(1, 2), M21 = outMask(2, 1), M22 = outMask(2, 2);
    /** De-interleaving 3 agents' actions: agent a's lane j is element 3j + a of the 3L loaded ints. */
    private static final VectorShuffle<Integer> D00 = in(0, 0), D01 = in(0, 1), D02 = in(0, 2),
            D10 = in(1, 0), D11 = in(1, 1), D12 = in(1, 2), D20 = in(2, 0), D21 = in(2, 1), D22 = in(2, 2);
    private static final VectorMask<Integer> DM01 = inMask(0, 1), DM02 = inMask(0, 2), DM11 = inMask(1, 1),
            DM12 = inMask(1, 2), DM21 = inMask(2, 1), DM22 = inMask(2, 2);

    private static VectorShuffle<Float> out(int k, int a) {
        int[] idx = new int[L];
        for (int j = 0; j < L; j++) { int q = k * L + j; if (q % 3 == a) idx[j] = q / 3; }
        return VectorShuffle.fromArray(F, idx, 0);
    }

    private static VectorMask<Float> outMask(int k, int a) {
        boolean[] m = new boolean[L];
        for (int j = 0; j < L; j++) m[j] = (k * L + j) % 3 == a;
        return VectorMask.fromArray(F, m, 0);
    }

    private static VectorShuffle<Integer> in(int a, int k) {
        int[] idx = new int[L];
        for (int j = 0; j < L; j++) { int q = 3 * j + a; if (q / L == k) idx[j] = q % L; }
        return VectorShuffle.fromArray(I, idx, 0);
    }

    private static VectorMask<Integer> inMask(int a, int k) {
        boolean[] m = new boolean[L];
        for (int j = 0; j < L; j++) m[j] = (3 * j + a) / L == k;
        return VectorMask.fromArray(I, m, 0);
    }

    /**
     * simple_spread with 3 agents (entities 0–2: movable, colliding, no speed cap, pairs (0,1), (0,2),
     * (1,2)) and 3 landmarks (3–5: fixed, not colliding): the world {@link #spreadStep} fuses.
     */
    @Override
    public boolean fusesSpread(PointMassSpec spec, int agents) {
        if (agents != 3 || spec.entities() != 6 || spec.pairs() != 3) return false;
        if (spec.pairA(0) != 0 || spec.pairB(0) != 1 || spec.pairA(1) != 0 || spec.pairB(1) != 2
                || spec.pairA(2) != 1 || spec.pairB(2) != 2) return false;
        for (int e = 0; e < 3; e++) if (!spec.movable(e) || !Float.isNaN(spec.maxSpeed(e))) return false;
        for (int e = 3; e < 6; e++) if (spec.movable(e) || spec.collide(e)) return false;
        return true;
    }

    /**
     * Fused for the world of {@link #fusesSpread}, per chunk of {@link #CHUNK} environments: one pass
     * decodes the actions (3L interleaved ints de-interleaved by lane shuffles instead of gathers),
     * keeps forces in registers through contacts and integration, and writes positions and velocities
     * once; a second pass reads the new positions back from L1 and writes the rewards (collision
     * counts in registers, 3L interleaved rewards by lane shuffles instead of a scalar copy). No force
     * or hits rows go through memory. Every float operation is the unfused path's, in the same order,
     * so results are bit-identical to it. Straight-line code per agent and pair and no helper methods
     * taking vectors: in methods this large C2 does not inline them, and every vector crossing such a
     * call is boxed (measured: gigabytes allocated per second instead of 0); one pass for everything
     * was too large to compile (C1 ran out of registers, C2 did not finish; 750 ns per env-step).
     */
    @Override
    public int spreadStep(PointMassSpec spec, PointMassBatch b, int[] actions, float[] accel, int agents,
                          float localRatio, float[] hits, float[] rewards, int from, int to) {
        if (!fusesSpread(spec, agents))
            return PhysicsKernels.super.spreadStep(spec, b, actions, accel, agents, localRatio, hits, rewards, from, to);
        ScalarPhysicsKernels.checkRange(b, from, to);
        int upper = from + F.loopBound(to - from);
        int bad = fusedSpread(spec, b, actions, accel, localRatio, rewards, from, upper);
        if (bad >= 0 || upper == to) return bad;
        bad = ScalarPhysicsKernels.interleavedRange(spec, b, actions, accel, agents, upper, to);
        if (bad >= 0) return bad;
        ScalarPhysicsKernels.contactsRange(spec, b, upper, to);
        ScalarPhysicsKernels.integrateRange(spec, b, upper, to);
        ScalarPhysicsKernels.spreadRange(spec, b, agents, localRatio, hits, rewards, upper, to);
        return -1;
    }

    /** Envs per fused chunk: its 12 position rows (24 KB) are still in L1 when the rewards pass reads them back. */
    private static final int CHUNK = 512;

    // k·softplus(z) = k·(max(z, 0) + log1p(e^x)), x = −|z|, without the Vector API's EXP and LOG1P: on x86 those are
    // calls into SVML stubs that spill every live vector register, and cost a third of the fused simple_spread step
    // (CPU time per env-step 16.9 → 14.6 ns when replaced; docs/PERFORMANCE.md). e^x = 2^n·e^r with n = round(x·log2 e)
    // (the 1.5·2^23 shifter rounds to nearest), r = x − n·ln 2 (Cody–Waite split), |r| ≤ ln2/2, e^r by Taylor to r^7
    // (error < 1e−8); log1p(e) = 2·atanh(q), q = e/(2 + e) ≤ 1/3, by its series to q^13 (error < 2e−8 relative). x is
    // clamped at −87 so 2^n stays normal (lanes below the −60 cutoff are 0 anyway). Agrees with Math.log1p(Math.exp(x))
    // to a few ulp (PhysicsKernelsTest).
    private static final float LOG2E = 1.44269504f, SHIFTER = 0x1.8p23f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float E2 = 1f / 2, E3 = 1f / 6, E4 = 1f / 24, E5 = 1f / 120, E6 = 1f / 720, E7 = 1f / 5040;
    private static final float L3 = 1f / 3, L5 = 1f / 5, L7 = 1f / 7, L9 = 1f / 9, L11 = 1f / 11, L13 = 1f / 13;

    private static int fusedSpread(PointMassSpec spec, PointMassBatch b, int[] actions, float[] accel, float localRatio,
                                   float[] rewards, int from, int upper) {
        for (int c = from; c < upper; c += CHUNK) {
            int end = Math.min(upper, c + CHUNK);
            int bad = fusedSpreadPhysics(spec, b, actions, accel, c, end);
            if (bad >= 0) return bad;
            fusedSpreadRewards(spec, b, localRatio, rewards, c, end);
        }
        return -1;
    }

    /** Actions, forces, contacts and integration of the fused step, environments [from, upper) (multiple of L). */
    private static int fusedSpreadPhysics(PointMassSpec spec, PointMassBatch b, int[] actions, float[] accel,
                                          int from, int upper) {
        int s = b.stride(), r1 = s, r2 = 2 * s;
        float[] px = b.px, py = b.py, vx = b.vx, vy = b.vy;
        float k = spec.contactMargin(), cf = spec.contactForce(), dt = spec.dt(), keep = 1f - spec.damping();
        float m0 = spec.mass(0), m1 = spec.mass(1), m2 = spec.mass(2);
        float d01 = spec.pairDmin(0), d02 = spec.pairDmin(1), d12 = spec.pairDmin(2);
        FloatVector zero = FloatVector.zero(F);
        FloatVector pos0 = FloatVector.broadcast(F, accel[0]), neg0 = FloatVector.broadcast(F, -accel[0]);
        FloatVector pos1 = FloatVector.broadcast(F, accel[1]), neg1 = FloatVector.broadcast(F, -accel[1]);
        FloatVector pos2 = FloatVector.broadcast(F, accel[2]), neg2 = FloatVector.broadcast(F, -accel[2]);
        for (int i = from; i < upper; i += L) {
            // actions: 3L ints, de-interleaved by lane shuffles; any outside [0, 5) → the scalar code finds which
            IntVector a0 = IntVector.fromArray(I, actions, 3 * i), a1 = IntVector.fromArray(I, actions, 3 * i + L),
                    a2 = IntVector.fromArray(I, actions, 3 * i + 2 * L);
            if (a0.compare(VectorOperators.UGE, 5).or(a1.compare(VectorOperators.UGE, 5))
                    .or(a2.compare(VectorOperators.UGE, 5)).anyTrue())
                return ScalarPhysicsKernels.interleavedRange(spec, b, actions, accel, 3, i, i + L);
            FloatVector u0 = (FloatVector) a0.rearrange(D00).blend(a1.rearrange(D01), DM01).blend(a2.rearrange(D02), DM02)
                    .convert(VectorOperators.I2F, 0);
            FloatVector u1 = (FloatVector) a0.rearrange(D10).blend(a1.rearrange(D11), DM11).blend(a2.rearrange(D12), DM12)
                    .convert(VectorOperators.I2F, 0);
            FloatVector u2 = (FloatVector) a0.rearrange(D20).blend(a1.rearrange(D21), DM21).blend(a2.rearrange(D22), DM22)
                    .convert(VectorOperators.I2F, 0);
            // action forces: 1 → −x, 2 → +x, 3 → −y, 4 → +y
            FloatVector fx0 = zero.blend(neg0, u0.eq(1f)).blend(pos0, u0.eq(2f));
            FloatVector fy0 = zero.blend(neg0, u0.eq(3f)).blend(pos0, u0.eq(4f));
            FloatVector fx1 = zero.blend(neg1, u1.eq(1f)).blend(pos1, u1.eq(2f));
            FloatVector fy1 = zero.blend(neg1, u1.eq(3f)).blend(pos1, u1.eq(4f));
            FloatVector fx2 = zero.blend(neg2, u2.eq(1f)).blend(pos2, u2.eq(2f));
            FloatVector fy2 = zero.blend(neg2, u2.eq(3f)).blend(pos2, u2.eq(4f));
            FloatVector x0 = FloatVector.fromArray(F, px, i), y0 = FloatVector.fromArray(F, py, i);
            FloatVector x1 = FloatVector.fromArray(F, px, r1 + i), y1 = FloatVector.fromArray(F, py, r1 + i);
            FloatVector x2 = FloatVector.fromArray(F, px, r2 + i), y2 = FloatVector.fromArray(F, py, r2 + i);
            // contacts in pair order; c = contactForce · Δp/d · k·softplus((dmin − d)/k), + on a, − on b
            // The softplus polynomial is written out in each pair on purpose: the same code as one private static
            // method measured 22.4 instead of 14.6 ns per env-step (EnvStepCompare, 2026-11-25; not profiled further —
            // most likely C2 did not inline it into this large loop body).
            FloatVector dx = x0.sub(x1), dy = y0.sub(y1), d = dx.mul(dx).add(dy.mul(dy)).sqrt();
            FloatVector z = FloatVector.broadcast(F, d01).sub(d).div(k);
            VectorMask<Float> far = z.lt(SOFTPLUS_CUTOFF);
            if (!far.allTrue()) {
                // k·softplus(z) = k·(max(z, 0) + log1p(e^x)), x = −|z|, in polynomials (see LOG2E)
                FloatVector x = z.abs().neg().max(-87f), n = x.mul(LOG2E).add(SHIFTER).sub(SHIFTER);
                FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
                FloatVector two = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127)
                        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // 2^n
                FloatVector e = r.mul(E7).add(E6).mul(r).add(E5).mul(r).add(E4).mul(r).add(E3).mul(r).add(E2).mul(r)
                        .add(1f).mul(r).add(1f).mul(two); // e^x = 2^n·e^r
                FloatVector q = e.div(e.add(2f)), q2 = q.mul(q); // log1p(e) = 2·atanh(q)
                FloatVector lp = q2.mul(L13).add(L11).mul(q2).add(L9).mul(q2).add(L7).mul(q2).add(L5).mul(q2)
                        .add(L3).mul(q2).add(1f).mul(q.add(q));
                FloatVector pen = z.max(0f).add(lp).mul(k).blend(0f, far);
                FloatVector cx = dx.mul(cf).div(d).mul(pen), cy = dy.mul(cf).div(d).mul(pen);
                fx0 = fx0.add(cx); fy0 = fy0.add(cy); fx1 = fx1.sub(cx); fy1 = fy1.sub(cy);
            }
            dx = x0.sub(x2); dy = y0.sub(y2); d = dx.mul(dx).add(dy.mul(dy)).sqrt();
            z = FloatVector.broadcast(F, d02).sub(d).div(k);
            far = z.lt(SOFTPLUS_CUTOFF);
            if (!far.allTrue()) {
                // k·softplus(z) = k·(max(z, 0) + log1p(e^x)), x = −|z|, in polynomials (see LOG2E)
                FloatVector x = z.abs().neg().max(-87f), n = x.mul(LOG2E).add(SHIFTER).sub(SHIFTER);
                FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
                FloatVector two = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127)
                        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // 2^n
                FloatVector e = r.mul(E7).add(E6).mul(r).add(E5).mul(r).add(E4).mul(r).add(E3).mul(r).add(E2).mul(r)
                        .add(1f).mul(r).add(1f).mul(two); // e^x = 2^n·e^r
                FloatVector q = e.div(e.add(2f)), q2 = q.mul(q); // log1p(e) = 2·atanh(q)
                FloatVector lp = q2.mul(L13).add(L11).mul(q2).add(L9).mul(q2).add(L7).mul(q2).add(L5).mul(q2)
                        .add(L3).mul(q2).add(1f).mul(q.add(q));
                FloatVector pen = z.max(0f).add(lp).mul(k).blend(0f, far);
                FloatVector cx = dx.mul(cf).div(d).mul(pen), cy = dy.mul(cf).div(d).mul(pen);
                fx0 = fx0.add(cx); fy0 = fy0.add(cy); fx2 = fx2.sub(cx); fy2 = fy2.sub(cy);
            }
            dx = x1.sub(x2); dy = y1.sub(y2); d = dx.mul(dx).add(dy.mul(dy)).sqrt();
            z = FloatVector.broadcast(F, d12).sub(d).div(k);
            far = z.lt(SOFTPLUS_CUTOFF);
            if (!far.allTrue()) {
                // k·softplus(z) = k·(max(z, 0) + log1p(e^x)), x = −|z|, in polynomials (see LOG2E)
                FloatVector x = z.abs().neg().max(-87f), n = x.mul(LOG2E).add(SHIFTER).sub(SHIFTER);
                FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
                FloatVector two = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127)
                        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // 2^n
                FloatVector e = r.mul(E7).add(E6).mul(r).add(E5).mul(r).add(E4).mul(r).add(E3).mul(r).add(E2).mul(r)
                        .add(1f).mul(r).add(1f).mul(two); // e^x = 2^n·e^r
                FloatVector q = e.div(e.add(2f)), q2 = q.mul(q); // log1p(e) = 2·atanh(q)
                FloatVector lp = q2.mul(L13).add(L11).mul(q2).add(L9).mul(q2).add(L7).mul(q2).add(L5).mul(q2)
                        .add(L3).mul(q2).add(1f).mul(q.add(q));
                FloatVector pen = z.max(0f).add(lp).mul(k).blend(0f, far);
                FloatVector cx = dx.mul(cf).div(d).mul(pen), cy = dy.mul(cf).div(d).mul(pen);
                fx1 = fx1.add(cx); fy1 = fy1.add(cy); fx2 = fx2.sub(cx); fy2 = fy2.sub(cy);
            }
            // integrate: p ← p + v·dt (old v); v ← v·(1 − damping) + F/m·dt
            FloatVector v = FloatVector.fromArray(F, vx, i), w = FloatVector.fromArray(F, vy, i);
            x0 = x0.add(v.mul(dt)); y0 = y0.add(w.mul(dt));
            x0.intoArray(px, i); y0.intoArray(py, i);
            v.mul(keep).add(fx0.div(m0).mul(dt)).intoArray(vx, i);
            w.mul(keep).add(fy0.div(m0).mul(dt)).intoArray(vy, i);
            v = FloatVector.fromArray(F, vx, r1 + i); w = FloatVector.fromArray(F, vy, r1 + i);
            x1 = x1.add(v.mul(dt)); y1 = y1.add(w.mul(dt));
            x1.intoArray(px, r1 + i); y1.intoArray(py, r1 + i);
            v.mul(keep).add(fx1.div(m1).mul(dt)).intoArray(vx, r1 + i);
            w.mul(keep).add(fy1.div(m1).mul(dt)).intoArray(vy, r1 + i);
            v = FloatVector.fromArray(F, vx, r2 + i); w = FloatVector.fromArray(F, vy, r2 + i);
            x2 = x2.add(v.mul(dt)); y2 = y2.add(w.mul(dt));
            x2.intoArray(px, r2 + i); y2.intoArray(py, r2 + i);
            v.mul(keep).add(fx2.div(m2).mul(dt)).intoArray(vx, r2 + i);
            w.mul(keep).add(fy2.div(m2).mul(dt)).intoArray(vy, r2 + i);
        }
        return -1;
    }

    /** Rewards of the fused step from the new positions, environments [from, upper) (multiple of L), interleaved. */
    private static void fusedSpreadRewards(PointMassSpec spec, PointMassBatch b, float localRatio, float[] rewards,
                                           int from, int upper) {
        int s = b.stride(), r1 = s, r2 = 2 * s, r3 = 3 * s, r4 = 4 * s, r5 = 5 * s;
        float[] px = b.px, py = b.py;
        float wg = 1f - localRatio, d01 = spec.pairDmin(0), d02 = spec.pairDmin(1), d12 = spec.pairDmin(2);
        float h01 = d01 * d01, h02 = d02 * d02, h12 = d12 * d12; // collision: |Δp|² < (s_a + s_b)²
        FloatVector zero = FloatVector.zero(F), one = FloatVector.broadcast(F, 1f);
        FloatVector inf = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        for (int i = from; i < upper; i += L) {
            FloatVector x0 = FloatVector.fromArray(F, px, i), y0 = FloatVector.fromArray(F, py, i);
            FloatVector x1 = FloatVector.fromArray(F, px, r1 + i), y1 = FloatVector.fromArray(F, py, r1 + i);
            FloatVector x2 = FloatVector.fromArray(F, px, r2 + i), y2 = FloatVector.fromArray(F, py, r2 + i);
            FloatVector dx, dy;
            // rewards from the new positions: collisions, each pair once, counted for both agents
            dx = x1.sub(x0);
            dy = y1.sub(y0);
            VectorMask<Float> hit = dx.mul(dx).add(dy.mul(dy)).lt(h01);
            FloatVector c0 = zero.add(one, hit), c1 = zero.add(one, hit);
            dx = x2.sub(x0); dy = y2.sub(y0);
            hit = dx.mul(dx).add(dy.mul(dy)).lt(h02);
            c0 = c0.add(one, hit);
            FloatVector c2 = zero.add(one, hit);
            dx = x2.sub(x1); dy = y2.sub(y1);
            hit = dx.mul(dx).add(dy.mul(dy)).lt(h12);
            c1 = c1.add(one, hit);
            c2 = c2.add(one, hit);
            // g = −Σ_t √(min_a |p_a − p_t|²): landmarks 3, 4, 5 in order, agents 0, 1, 2 in order from +∞
            FloatVector g = zero, tx, ty, m;
            tx = FloatVector.fromArray(F, px, r3 + i); ty = FloatVector.fromArray(F, py, r3 + i);
            dx = x0.sub(tx); dy = y0.sub(ty);
            m = inf.min(dx.mul(dx).add(dy.mul(dy)));
            dx = x1.sub(tx); dy = y1.sub(ty);
            m = m.min(dx.mul(dx).add(dy.mul(dy)));
            dx = x2.sub(tx); dy = y2.sub(ty);
            g = g.sub(m.min(dx.mul(dx).add(dy.mul(dy))).sqrt());
            tx = FloatVector.fromArray(F, px, r4 + i); ty = FloatVector.fromArray(F, py, r4 + i);
            dx = x0.sub(tx); dy = y0.sub(ty);
            m = inf.min(dx.mul(dx).add(dy.mul(dy)));
            dx = x1.sub(tx); dy = y1.sub(ty);
            m = m.min(dx.mul(dx).add(dy.mul(dy)));
            dx = x2.sub(tx); dy = y2.sub(ty);
            g = g.sub(m.min(dx.mul(dx).add(dy.mul(dy))).sqrt());
            tx = FloatVector.fromArray(F, px, r5 + i); ty = FloatVector.fromArray(F, py, r5 + i);
            dx = x0.sub(tx); dy = y0.sub(ty);
            m = inf.min(dx.mul(dx).add(dy.mul(dy)));
            dx = x1.sub(tx); dy = y1.sub(ty);
            m = m.min(dx.mul(dx).add(dy.mul(dy)));
            dx = x2.sub(tx); dy = y2.sub(ty);
            g = g.sub(m.min(dx.mul(dx).add(dy.mul(dy))).sqrt());
            FloatVector gw = g.mul(wg); // g·(1 − r) + (−c_a)·r
            FloatVector q0 = gw.add(c0.neg().mul(localRatio)), q1 = gw.add(c1.neg().mul(localRatio));
            FloatVector q2 = gw.add(c2.neg().mul(localRatio));
            int o = 3 * i;
            q0.rearrange(S00).blend(q1.rearrange(S01), M01).blend(q2.rearrange(S02), M02).intoArray(rewards, o);
            q0.rearrange(S10).blend(q1.rearrange(S11), M11).blend(q2.rearrange(S12), M12).intoArray(rewards, o + L);
            q0.rearrange(S20).blend(q1.rearrange(S21), M21).blend(q2.rearrange(S22), M22).intoArray(rewards, o + 2 * L);
        }
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
            // k·softplus(z) = k·(max(z, 0) + log1p(e^x)), x = −|z|, in polynomials (see LOG2E)
            FloatVector x = z.abs().neg().max(-87f), n = x.mul(LOG2E).add(SHIFTER).sub(SHIFTER);
            FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
            FloatVector two = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // 2^n
            FloatVector e = r.mul(E7).add(E6).mul(r).add(E5).mul(r).add(E4).mul(r).add(E3).mul(r).add(E2).mul(r)
                    .add(1f).mul(r).add(1f).mul(two); // e^x = 2^n·e^r
            FloatVector q = e.div(e.add(2f)), q2 = q.mul(q); // log1p(e) = 2·atanh(q)
            FloatVector lp = q2.mul(L13).add(L11).mul(q2).add(L9).mul(q2).add(L7).mul(q2).add(L5).mul(q2)
                    .add(L3).mul(q2).add(1f).mul(q.add(q));
            FloatVector pen = z.max(0f).add(lp).mul(k).blend(0f, far);
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
