package org.flatworld.kernels.world;

import static org.flatworld.kernels.world.WorldMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link WorldKernels}: one lane per environment, every body row a contiguous
 * load. Each loop body is straight-line code with the maths written out (no vector-valued helpers:
 * C2 boxes vectors passed to a method it declines to inline, PERF.md), and mirrors
 * {@link WorldMath} and {@link ScalarWorldKernels} operation for operation, which also finish the
 * ranges' tails. A pair loop skips a vector of environments when no lane is within the contact
 * cutoff (most pairs, most steps): adding the zero forces would not change a bit. No reductions
 * across lanes, hence no accumulators to unroll.
 */
final class PanamaWorldKernels implements WorldKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();

    PanamaWorldKernels() {}

    @Override
    public String name() { return "panama"; }

    @Override
    public String description() { return "panama, " + F.vectorBitSize() + "-bit (" + L + " lanes)"; }

    @Override
    public void contacts(BodyBatch b, int from, int to) {
        b.checkRange(from, to);
        int upper = from + F.loopBound(to - from);
        // bodies live in no environment of the range (slots beyond every task's count, held objects)
        // take part in no pair: skipping their pairs changes no bit (their forces would be 0)
        long live = liveBodies(b, from, upper);
        for (int a = 0; a < b.bodies; a++) {
            boolean la = (live & (1L << a)) != 0;
            for (int c = a + 1; c < b.bodies; c++) {
                if (la && (live & (1L << c)) != 0) pair(b, a, c, from, upper);
                if (upper < to) ScalarWorldKernels.pairRange(b, a, c, upper, to);
            }
            for (int k = 0; k < b.obstacles; k++) {
                if (la) obstacle(b, a, k, from, upper);
                if (upper < to) ScalarWorldKernels.obstacleRange(b, a, k, upper, to);
            }
        }
    }

    /** Bit a set when body a is live in some environment of [from, upper) (all bits when bodies > 64). */
    private static long liveBodies(BodyBatch b, int from, int upper) {
        if (b.bodies > 64) return -1L;
        long bitsOut = 0;
        final float[] live = b.live;
        for (int a = 0; a < b.bodies; a++) {
            int row = a * b.stride;
            FloatVector m0 = FloatVector.zero(F), m1 = FloatVector.zero(F); // two accumulators, one reduction
            int e = from;
            for (; e + 2 * L <= upper; e += 2 * L) {
                m0 = m0.max(FloatVector.fromArray(F, live, row + e));
                m1 = m1.max(FloatVector.fromArray(F, live, row + e + L));
            }
            if (e < upper) m0 = m0.max(FloatVector.fromArray(F, live, row + e));
            if (m0.max(m1).reduceLanes(VectorOperators.MAX) != 0f) bitsOut |= 1L << a;
        }
        return bitsOut;
    }

    private static void pair(BodyBatch b, int a, int c, int from, int upper) {
        final int s = b.stride, ia = a * s, ic = c * s;
        final float dmin = b.radius(a) + b.radius(c), cut = b.cutoff(a, c), cut2 = cut * cut;
        final float margin = b.margin, kf = b.kf;
        final float[] px = b.px, py = b.py, fx = b.fx, fy = b.fy, live = b.live;
        for (int e = from; e < upper; e += L) {
            FloatVector dx = FloatVector.fromArray(F, px, ic + e).sub(FloatVector.fromArray(F, px, ia + e));
            FloatVector dy = FloatVector.fromArray(F, py, ic + e).sub(FloatVector.fromArray(F, py, ia + e));
            FloatVector d2 = dx.mul(dx).add(dy.mul(dy));
            VectorMask<Float> on = d2.compare(VectorOperators.LT, cut2)
                    .and(FloatVector.fromArray(F, live, ia + e).compare(VectorOperators.NE, 0f))
                    .and(FloatVector.fromArray(F, live, ic + e).compare(VectorOperators.NE, 0f));
            if (!on.anyTrue()) continue;
            // f = kf·margin·softplus((dmin − d)/margin)/d, as WorldMath.contact
            FloatVector dist = d2.sqrt().max(MIN_DIST);
            FloatVector z = FloatVector.broadcast(F, dmin).sub(dist).div(margin);
            // u = e^−|z|
            FloatVector x = z.abs().neg().max(EXP_LO).min(EXP_HI);
            FloatVector t = x.mul(LOG2E).add(ROUND);
            FloatVector n = t.sub(ROUND);
            FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
            FloatVector p = r.fma(P0, P1);
            p = p.fma(r, FloatVector.broadcast(F, P2));
            p = p.fma(r, FloatVector.broadcast(F, P3));
            p = p.fma(r, FloatVector.broadcast(F, P4));
            p = p.fma(r, FloatVector.broadcast(F, P5));
            FloatVector u = p.mul(r.mul(r)).add(r).add(1f)
                    .mul(t.reinterpretAsInts().sub(ROUND_BITS).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            // log1p(u) = log(w)·u/(w − 1), w = 1 + u ∈ [1, 2]; = u where w rounds to 1
            FloatVector w = u.add(1f);
            VectorMask<Float> hi = w.compare(VectorOperators.GE, SQRT2);
            FloatVector k = FloatVector.zero(F).blend(1f, hi);
            FloatVector q = w.sub(1f).blend(w.mul(0.5f).sub(1f), hi);
            FloatVector zz = q.mul(q);
            FloatVector lp = FloatVector.broadcast(F, L0).fma(q, FloatVector.broadcast(F, L1));
            lp = lp.fma(q, FloatVector.broadcast(F, L2));
            lp = lp.fma(q, FloatVector.broadcast(F, L3));
            lp = lp.fma(q, FloatVector.broadcast(F, L4));
            lp = lp.fma(q, FloatVector.broadcast(F, L5));
            lp = lp.fma(q, FloatVector.broadcast(F, L6));
            lp = lp.fma(q, FloatVector.broadcast(F, L7));
            lp = lp.fma(q, FloatVector.broadcast(F, L8));
            FloatVector y = lp.mul(q).mul(zz);
            y = y.add(k.mul(LN2_LO));
            y = y.sub(zz.mul(0.5f));
            FloatVector log = q.add(y).add(k.mul(LN2_HI));
            FloatVector l1p = log.mul(u.div(w.sub(1f))).blend(u, w.compare(VectorOperators.EQ, 1f));
            FloatVector pen = z.max(0f).add(l1p).mul(margin);
            FloatVector f = pen.mul(kf).div(dist).blend(0f, on.not());
            FloatVector cx = f.mul(dx), cy = f.mul(dy);
            FloatVector.fromArray(F, fx, ic + e).add(cx).intoArray(fx, ic + e);
            FloatVector.fromArray(F, fy, ic + e).add(cy).intoArray(fy, ic + e);
            FloatVector.fromArray(F, fx, ia + e).sub(cx).intoArray(fx, ia + e);
            FloatVector.fromArray(F, fy, ia + e).sub(cy).intoArray(fy, ia + e);
        }
    }

    private static void obstacle(BodyBatch b, int a, int kk, int from, int upper) {
        final int s = b.stride, ia = a * s, ik = kk * s;
        final float dmin = b.radius(a) + b.rk, cut = b.cutoff(a, -1), cut2 = cut * cut;
        final float margin = b.margin, kf = b.kf;
        final float[] px = b.px, py = b.py, fx = b.fx, fy = b.fy, live = b.live;
        for (int e = from; e < upper; e += L) {
            FloatVector dx = FloatVector.fromArray(F, px, ia + e).sub(FloatVector.fromArray(F, b.kx, ik + e));
            FloatVector dy = FloatVector.fromArray(F, py, ia + e).sub(FloatVector.fromArray(F, b.ky, ik + e));
            FloatVector d2 = dx.mul(dx).add(dy.mul(dy));
            VectorMask<Float> on = d2.compare(VectorOperators.LT, cut2)
                    .and(FloatVector.fromArray(F, live, ia + e).compare(VectorOperators.NE, 0f))
                    .and(FloatVector.fromArray(F, b.kLive, ik + e).compare(VectorOperators.NE, 0f));
            if (!on.anyTrue()) continue;
            FloatVector dist = d2.sqrt().max(MIN_DIST);
            FloatVector z = FloatVector.broadcast(F, dmin).sub(dist).div(margin);
            FloatVector x = z.abs().neg().max(EXP_LO).min(EXP_HI);
            FloatVector t = x.mul(LOG2E).add(ROUND);
            FloatVector n = t.sub(ROUND);
            FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
            FloatVector p = r.fma(P0, P1);
            p = p.fma(r, FloatVector.broadcast(F, P2));
            p = p.fma(r, FloatVector.broadcast(F, P3));
            p = p.fma(r, FloatVector.broadcast(F, P4));
            p = p.fma(r, FloatVector.broadcast(F, P5));
            FloatVector u = p.mul(r.mul(r)).add(r).add(1f)
                    .mul(t.reinterpretAsInts().sub(ROUND_BITS).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector w = u.add(1f);
            VectorMask<Float> hi = w.compare(VectorOperators.GE, SQRT2);
            FloatVector k = FloatVector.zero(F).blend(1f, hi);
            FloatVector q = w.sub(1f).blend(w.mul(0.5f).sub(1f), hi);
            FloatVector zz = q.mul(q);
            FloatVector lp = FloatVector.broadcast(F, L0).fma(q, FloatVector.broadcast(F, L1));
            lp = lp.fma(q, FloatVector.broadcast(F, L2));
            lp = lp.fma(q, FloatVector.broadcast(F, L3));
            lp = lp.fma(q, FloatVector.broadcast(F, L4));
            lp = lp.fma(q, FloatVector.broadcast(F, L5));
            lp = lp.fma(q, FloatVector.broadcast(F, L6));
            lp = lp.fma(q, FloatVector.broadcast(F, L7));
            lp = lp.fma(q, FloatVector.broadcast(F, L8));
            FloatVector y = lp.mul(q).mul(zz);
            y = y.add(k.mul(LN2_LO));
            y = y.sub(zz.mul(0.5f));
            FloatVector log = q.add(y).add(k.mul(LN2_HI));
            FloatVector l1p = log.mul(u.div(w.sub(1f))).blend(u, w.compare(VectorOperators.EQ, 1f));
            FloatVector pen = z.max(0f).add(l1p).mul(margin);
            FloatVector f = pen.mul(kf).div(dist).blend(0f, on.not());
            FloatVector.fromArray(F, fx, ia + e).add(f.mul(dx)).intoArray(fx, ia + e);
            FloatVector.fromArray(F, fy, ia + e).add(f.mul(dy)).intoArray(fy, ia + e);
        }
    }

    @Override
    public void integrate(BodyBatch b, int from, int to) {
        b.checkRange(from, to);
        int upper = from + F.loopBound(to - from);
        for (int a = 0; a < b.bodies; a++) {
            integrateRow(b, a, from, upper);
            if (upper < to) ScalarWorldKernels.integrateRange(b, a, upper, to);
        }
    }

    private static void integrateRow(BodyBatch b, int a, int from, int upper) {
        final int ia = a * b.stride;
        final boolean player = a < b.players;
        final float dt = b.dt, cap = player ? b.capP : b.capO, r = player ? b.rp : b.ro;
        final float[] inv = player ? b.invP : b.invO;
        final float[] px = b.px, py = b.py, vx = b.vx, vy = b.vy;
        for (int e = from; e < upper; e += L) {
            int i = ia + e;
            VectorMask<Float> on = FloatVector.fromArray(F, b.live, i).compare(VectorOperators.NE, 0f);
            if (!on.anyTrue()) continue;
            FloatVector x0 = FloatVector.fromArray(F, px, i), y0 = FloatVector.fromArray(F, py, i);
            FloatVector u0 = FloatVector.fromArray(F, vx, i), w0 = FloatVector.fromArray(F, vy, i);
            FloatVector keep = FloatVector.fromArray(F, b.keep, e), iv = FloatVector.fromArray(F, inv, e);
            FloatVector x = x0.add(u0.mul(dt)), y = y0.add(w0.mul(dt));
            FloatVector u = u0.mul(keep).add(FloatVector.fromArray(F, b.fx, i).mul(iv));
            FloatVector w = w0.mul(keep).add(FloatVector.fromArray(F, b.fy, i).mul(iv));
            FloatVector sp = u.mul(u).add(w.mul(w)).sqrt();
            FloatVector scale = FloatVector.broadcast(F, cap).div(sp.max(cap));
            u = u.mul(scale);
            w = w.mul(scale);
            FloatVector h = FloatVector.fromArray(F, b.half, e);
            FloatVector lo = h.neg().add(r), hi = h.sub(r);
            VectorMask<Float> m = x.compare(VectorOperators.LE, lo);
            x = x.blend(lo, m);
            u = u.blend(0f, m.and(u.compare(VectorOperators.LT, 0f)));
            m = x.compare(VectorOperators.GE, hi);
            x = x.blend(hi, m);
            u = u.blend(0f, m.and(u.compare(VectorOperators.GT, 0f)));
            m = y.compare(VectorOperators.LE, lo);
            y = y.blend(lo, m);
            w = w.blend(0f, m.and(w.compare(VectorOperators.LT, 0f)));
            m = y.compare(VectorOperators.GE, hi);
            y = y.blend(hi, m);
            w = w.blend(0f, m.and(w.compare(VectorOperators.GT, 0f)));
            x0.blend(x, on).intoArray(px, i);
            y0.blend(y, on).intoArray(py, i);
            u0.blend(u, on).intoArray(vx, i);
            w0.blend(w, on).intoArray(vy, i);
        }
    }

    @Override
    public void move(BodyBatch b, int p, int[] act, int actOff, int[] nPlayers, float[] hx, float[] hy,
                     float[] dx, float[] dy, float[] idle, float accel, int from, int to) {
        b.checkRange(from, to);
        int upper = from + F.loopBound(to - from);
        final int row = p * b.stride;
        final float[] ffx = b.fx, ffy = b.fy;
        for (int e = from; e < upper; e += L) {
            int i = row + e, m = actOff + e - from;
            // the action tables read at the lanes' actions (gathers: the actions are the index map)
            VectorMask<Float> on = IntVector.fromArray(I, nPlayers, e).compare(VectorOperators.GT, p).cast(F);
            FloatVector ddx = FloatVector.fromArray(F, dx, 0, act, m), ddy = FloatVector.fromArray(F, dy, 0, act, m);
            FloatVector id = FloatVector.fromArray(F, idle, 0, act, m);
            FloatVector h = FloatVector.fromArray(F, hx, i), g = FloatVector.fromArray(F, hy, i);
            h.blend(ddx.add(h.mul(id)), on).intoArray(hx, i);
            g.blend(ddy.add(g.mul(id)), on).intoArray(hy, i);
            ddx.mul(accel).blend(0f, on.not()).intoArray(ffx, i);
            ddy.mul(accel).blend(0f, on.not()).intoArray(ffy, i);
        }
        if (upper < to) ScalarWorldKernels.moveRange(b, p, act, actOff + upper - from, nPlayers, hx, hy, dx, dy, idle, accel, upper, to);
    }

    @Override
    public void goals(int[] bits, int stride, int words, int[] table, int[] row, int clauses, int atoms, float[] out, int outOff,
                      int from, int to) {
        if (words < 1 || words > 4) throw new IllegalArgumentException("words must be in [1, 4], got " + words);
        int upper = from + I.loopBound(to - from);
        IntVector zero = IntVector.zero(I);
        for (int e = from; e < upper; e += L) {
            IntVector b0 = IntVector.fromArray(I, bits, e);
            IntVector b1 = words > 1 ? IntVector.fromArray(I, bits, stride + e) : zero;
            IntVector b2 = words > 2 ? IntVector.fromArray(I, bits, 2 * stride + e) : zero;
            IntVector b3 = words > 3 ? IntVector.fromArray(I, bits, 3 * stride + e) : zero;
            IntVector any = zero;
            // the table entries of each lane's goal: gathers with the goals' row offsets as the index map
            for (int c = 0, k = 0; c < clauses; c++) {
                IntVector all = IntVector.broadcast(I, 1);
                for (int a = 0; a < atoms; a++, k += GOAL_ATOM) {
                    IntVector hit = b0.and(IntVector.fromArray(I, table, k, row, e))
                            .or(b1.and(IntVector.fromArray(I, table, k + 1, row, e)))
                            .or(b2.and(IntVector.fromArray(I, table, k + 2, row, e)))
                            .or(b3.and(IntVector.fromArray(I, table, k + 3, row, e)));
                    IntVector holds = hit.or(hit.neg()).lanewise(VectorOperators.LSHR, 31);
                    all = all.and(holds.lanewise(VectorOperators.XOR, IntVector.fromArray(I, table, k + 4, row, e)));
                }
                any = any.or(all);
            }
            ((FloatVector) any.convert(VectorOperators.I2F, 0)).intoArray(out, outOff + e - from);
        }
        if (upper < to) ScalarWorldKernels.goalsRange(bits, stride, words, table, row, clauses, atoms, out, outOff + upper - from, upper, to);
    }

    @Override
    public void distanceBits(float[] ax, float[] ay, int rowA, float[] bx, float[] by, int rowB, float thr2, boolean inclusive,
                             int[] bits, int bitRow, int bit, int from, int to) {
        int upper = from + F.loopBound(to - from);
        int m = 1 << bit;
        // two loops: the comparison must be a constant for C2 to intrinsify it (a variable one
        // runs the Java fallback, measured ≈ 10× slower)
        if (inclusive) {
            for (int e = from; e < upper; e += L) {
                FloatVector dx = FloatVector.fromArray(F, ax, rowA + e).sub(FloatVector.fromArray(F, bx, rowB + e));
                FloatVector dy = FloatVector.fromArray(F, ay, rowA + e).sub(FloatVector.fromArray(F, by, rowB + e));
                VectorMask<Integer> hit = dx.mul(dx).add(dy.mul(dy)).compare(VectorOperators.LE, thr2).cast(I);
                IntVector.fromArray(I, bits, bitRow + e).lanewise(VectorOperators.OR, m, hit).intoArray(bits, bitRow + e);
            }
        } else {
            for (int e = from; e < upper; e += L) {
                FloatVector dx = FloatVector.fromArray(F, ax, rowA + e).sub(FloatVector.fromArray(F, bx, rowB + e));
                FloatVector dy = FloatVector.fromArray(F, ay, rowA + e).sub(FloatVector.fromArray(F, by, rowB + e));
                VectorMask<Integer> hit = dx.mul(dx).add(dy.mul(dy)).compare(VectorOperators.LT, thr2).cast(I);
                IntVector.fromArray(I, bits, bitRow + e).lanewise(VectorOperators.OR, m, hit).intoArray(bits, bitRow + e);
            }
        }
        if (upper < to) ScalarWorldKernels.INSTANCE.distanceBits(ax, ay, rowA, bx, by, rowB, thr2, inclusive, bits, bitRow, bit, upper, to);
    }

    @Override
    public void coneBits(float[] px, float[] py, int rowP, float[] fx, float[] fy, int rowF, int rowB, float view2, float cone2,
                         int[] bits, int bitRow, int bit, int from, int to) {
        int upper = from + F.loopBound(to - from);
        int m = 1 << bit;
        for (int e = from; e < upper; e += L) {
            FloatVector dx = FloatVector.fromArray(F, px, rowB + e).sub(FloatVector.fromArray(F, px, rowP + e));
            FloatVector dy = FloatVector.fromArray(F, py, rowB + e).sub(FloatVector.fromArray(F, py, rowP + e));
            FloatVector d2 = dx.mul(dx).add(dy.mul(dy));
            FloatVector dot = FloatVector.fromArray(F, fx, rowF + e).mul(dx).add(FloatVector.fromArray(F, fy, rowF + e).mul(dy));
            VectorMask<Float> in = d2.compare(VectorOperators.LE, view2).and(dot.compare(VectorOperators.GE, 0f))
                    .and(dot.mul(dot).compare(VectorOperators.GE, d2.mul(cone2)));
            IntVector.fromArray(I, bits, bitRow + e).lanewise(VectorOperators.OR, m, in.cast(I)).intoArray(bits, bitRow + e);
        }
        if (upper < to) ScalarWorldKernels.INSTANCE.coneBits(px, py, rowP, fx, fy, rowF, rowB, view2, cone2, bits, bitRow, bit, upper, to);
    }
}
