package org.flatworld.kernels.panama;

import org.flatworld.kernels.world.WorldMath;

import static org.flatworld.kernels.panama.Vec.F;
import static org.flatworld.kernels.panama.Vec.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * exp, tanh and σ built only from exactly rounded lane-wise operations (+ − × ÷ fma min max,
 * bit casts), each with a scalar twin performing the same operations in the same order.
 * {@code lanewise(EXP/TANH)} would be faster to write but gives different bits interpreted
 * (StrictMath per lane) and compiled (SVML), which would make results depend on JIT warm-up and
 * on whether an element falls in the vector body or the scalar tail.
 *
 * <p>exp: Cody–Waite range reduction x = n·ln2 + r with ln2 split in two, a degree-6 minimax
 * polynomial for e^r on [−ln2/2, ln2/2] (the coefficients of Cephes expf, Moshier 1989),
 * and 2ⁿ assembled in the exponent bits. Relative error ≈ 2 ulp on [−87.3, 88.3]; inputs
 * are clamped to that range. tanh: the Cephes tanhf odd polynomial for |x| < 0.625, else
 * 1 − 2/(e^{2|x|} + 1) with the sign restored.
 */
final class VecMath {
    private VecMath() {}

    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float ROUND = 12582912f;          // 1.5·2²³: t + ROUND rounds t to an integer
    static final int ROUND_BITS = 0x4B400000;      // bits of ROUND
    static final float EXP_LO = -87.3f, EXP_HI = 88.3f;
    static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
                       P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
                       T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;
    static final float TANH_SMALL = 0.625f;

    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = x.mul(LOG2E).add(ROUND);                       // round(x·log2 e) + ROUND
        FloatVector n = t.sub(ROUND);
        FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));       // x − n·ln2
        FloatVector p = r.fma(P0, P1);
        p = p.fma(r, FloatVector.broadcast(F, P2));
        p = p.fma(r, FloatVector.broadcast(F, P3));
        p = p.fma(r, FloatVector.broadcast(F, P4));
        p = p.fma(r, FloatVector.broadcast(F, P5));
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);               // e^r
        IntVector bits = t.reinterpretAsInts().sub(ROUND_BITS).add(127).lanewise(VectorOperators.LSHL, 23);
        return e.mul(bits.reinterpretAsFloats());                      // · 2ⁿ
    }

    /** Scalar tail of {@link #exp(FloatVector)}: the same polynomial, lane for lane ({@link WorldMath#exp}). */
    static float exp(float x) {
        return WorldMath.exp(x);
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        // large |x|: 1 − 2/(e^{2|x|} + 1), sign restored
        FloatVector big = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(exp(a.add(a)).add(1f)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        // small |x|: x + x³·P(x²)
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(T0, T1);
        p = p.fma(z, FloatVector.broadcast(F, T2));
        p = p.fma(z, FloatVector.broadcast(F, T3));
        p = p.fma(z, FloatVector.broadcast(F, T4));
        FloatVector small = p.mul(z).mul(x).add(x);
        VectorMask<Float> isSmall = a.compare(VectorOperators.LT, TANH_SMALL);
        return big.blend(small, isSmall);
    }

    static float tanh(float x) {
        float a = Math.abs(x);
        if (a < TANH_SMALL) {
            float z = x * x;
            float p = Math.fma(z, T0, T1);
            p = Math.fma(p, z, T2);
            p = Math.fma(p, z, T3);
            p = Math.fma(p, z, T4);
            return (p * z) * x + x;
        }
        float big = 1f - 2f / (exp(a + a) + 1f);
        return x < 0f ? -big : big;
    }

    /** σ(x) = 1/(1 + e^(−x)). */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(F, 1f).div(exp(x.neg()).add(1f));
    }

    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    // ---- array loops: the same operations as the functions above, written out in the loop body
    // ---- so that nothing depends on C2 inlining a vector-valued helper (see Vec)

    /** y[i] = e^x[i] for i < n (x and y may be the same range). */
    static void exp(float[] x, int xOff, float[] y, int yOff, int n) {
        int nb = F.loopBound(n);
        int i = 0;
        for (; i < nb; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i).max(EXP_LO).min(EXP_HI);
            FloatVector t = v.mul(LOG2E).add(ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = v.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
            FloatVector p = r.fma(P0, P1);
            p = p.fma(r, FloatVector.broadcast(F, P2));
            p = p.fma(r, FloatVector.broadcast(F, P3));
            p = p.fma(r, FloatVector.broadcast(F, P4));
            p = p.fma(r, FloatVector.broadcast(F, P5));
            FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
            IntVector bits = t.reinterpretAsInts().sub(ROUND_BITS).add(127).lanewise(VectorOperators.LSHL, 23);
            e.mul(bits.reinterpretAsFloats()).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = exp(x[xOff + i]);
    }

    /** y[i] = σ(x[i]) = 1/(1 + e^(−x[i])) for i < n (x and y may be the same range). */
    static void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        int nb = F.loopBound(n);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (; i < nb; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i).neg().max(EXP_LO).min(EXP_HI);
            FloatVector t = v.mul(LOG2E).add(ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = v.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
            FloatVector p = r.fma(P0, P1);
            p = p.fma(r, FloatVector.broadcast(F, P2));
            p = p.fma(r, FloatVector.broadcast(F, P3));
            p = p.fma(r, FloatVector.broadcast(F, P4));
            p = p.fma(r, FloatVector.broadcast(F, P5));
            FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
            IntVector bits = t.reinterpretAsInts().sub(ROUND_BITS).add(127).lanewise(VectorOperators.LSHL, 23);
            e = e.mul(bits.reinterpretAsFloats());                        // e^(−x)
            one.div(e.add(1f)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = sigmoid(x[xOff + i]);
    }

    /** y[i] = tanh(x[i]) for i < n (x and y may be the same range). */
    static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        int nb = F.loopBound(n);
        FloatVector one = FloatVector.broadcast(F, 1f), two = FloatVector.broadcast(F, 2f);
        int i = 0;
        for (; i < nb; i += L) {
            FloatVector x0 = FloatVector.fromArray(F, x, xOff + i);
            FloatVector a = x0.abs();
            FloatVector v = a.add(a).max(EXP_LO).min(EXP_HI);             // e^{2|x|}, as exp() above
            FloatVector t = v.mul(LOG2E).add(ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = v.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
            FloatVector p = r.fma(P0, P1);
            p = p.fma(r, FloatVector.broadcast(F, P2));
            p = p.fma(r, FloatVector.broadcast(F, P3));
            p = p.fma(r, FloatVector.broadcast(F, P4));
            p = p.fma(r, FloatVector.broadcast(F, P5));
            FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
            IntVector bits = t.reinterpretAsInts().sub(ROUND_BITS).add(127).lanewise(VectorOperators.LSHL, 23);
            e = e.mul(bits.reinterpretAsFloats());
            FloatVector big = one.sub(two.div(e.add(1f)));
            big = big.blend(big.neg(), x0.compare(VectorOperators.LT, 0f));
            FloatVector z = x0.mul(x0);
            FloatVector q = z.fma(T0, T1);
            q = q.fma(z, FloatVector.broadcast(F, T2));
            q = q.fma(z, FloatVector.broadcast(F, T3));
            q = q.fma(z, FloatVector.broadcast(F, T4));
            FloatVector small = q.mul(z).mul(x0).add(x0);
            big.blend(small, a.compare(VectorOperators.LT, TANH_SMALL)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = tanh(x[xOff + i]);
    }
}
