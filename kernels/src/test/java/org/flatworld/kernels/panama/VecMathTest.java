package org.flatworld.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The vector exp/tanh/σ and their scalar twins give the same bits (what makes results independent
 * of vector body versus tail, and of JIT state), and are accurate against java.lang.Math.
 */
class VecMathTest {

    private interface VOp { FloatVector apply(FloatVector v); }
    private interface SOp { float apply(float x); }
    private interface Ref { double apply(double x); }

    private static void check(String name, VOp v, SOp s, Ref ref, double lo, double hi, double relTol) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        float[] x = new float[Vec.L * 512], y = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = (float) (lo + (hi - lo) * r.nextDouble());
        x[0] = 0f; x[1] = (float) lo; x[2] = (float) hi; x[3] = 0.625f; x[4] = -0.625f; x[5] = 1e-6f; x[6] = 9f; x[7] = -9.5f;
        for (int i = 0; i < x.length; i += Vec.L) v.apply(FloatVector.fromArray(Vec.F, x, i)).intoArray(y, i);
        for (int i = 0; i < x.length; i++) {
            float scalar = s.apply(x[i]);
            if (Float.floatToRawIntBits(scalar) != Float.floatToRawIntBits(y[i]))
                fail(name + "(" + x[i] + "): vector " + y[i] + " but scalar twin " + scalar);
            double e = ref.apply(x[i]);
            if (Math.abs(y[i] - e) > relTol * Math.max(Math.abs(e), 1e-30))
                fail(name + "(" + x[i] + ") = " + y[i] + ", expected " + e);
        }
    }

    @Test
    void expMatchesItsTwinAndMath() {
        check("exp", VecMath::exp, VecMath::exp, Math::exp, -87, 88, 4e-7);
    }

    @Test
    void tanhMatchesItsTwinAndMath() {
        check("tanh", VecMath::tanh, VecMath::tanh, Math::tanh, -10, 10, 6e-7);
        check("tanh-small", VecMath::tanh, VecMath::tanh, Math::tanh, -0.7, 0.7, 6e-7);
    }

    /**
     * The rational tanh over a dense grid: 4 M evenly spaced points of [−12, 12] plus 1,200 points
     * spaced by factors of 1.06 from 1e−30 up, both signs. Within 6 ulp of Math.tanh (of the correctly
     * rounded float), never outside [−1, 1], odd, and exactly x where tanh(x) rounds to x.
     */
    @Test
    void tanhIsWithinAFewUlpOnADenseGrid() {
        int even = 4_000_000, geo = 1200;
        float[] x = new float[even + 2 * geo], y = new float[x.length];
        for (int i = 0; i < even; i++) x[i] = (float) (-12 + 24.0 * i / (even - 1));
        double g = 1e-30;
        for (int i = 0; i < geo; i++, g *= 1.06) {
            x[even + 2 * i] = (float) g;
            x[even + 2 * i + 1] = (float) -g;
        }
        VecMath.tanh(x, 0, y, 0, x.length);
        double worst = 0;
        float worstX = 0;
        for (int i = 0; i < x.length; i++) {
            float ref = (float) Math.tanh(x[i]);
            double ulps = Math.abs(y[i] - Math.tanh(x[i])) / Math.ulp(ref);
            if (ulps > worst) {
                worst = ulps;
                worstX = x[i];
            }
            if (!(Math.abs(y[i]) <= 1f)) fail("tanh(" + x[i] + ") = " + y[i] + " is outside [−1, 1]");
            if (Float.floatToRawIntBits(VecMath.tanh(-x[i])) != Float.floatToRawIntBits(-y[i])) fail("tanh is not odd at " + x[i]);
            if (ref == x[i] && y[i] != x[i]) fail("tanh(" + x[i] + ") = " + y[i] + ", expected x itself");
        }
        assertTrue(worst <= 6, "max error " + worst + " ulp at x = " + worstX);
        assertEquals(1f, VecMath.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, VecMath.tanh(-Float.MAX_VALUE));
        assertTrue(Float.isNaN(VecMath.tanh(Float.NaN)));
    }

    @Test
    void sigmoidMatchesItsTwinAndMath() {
        check("sigmoid", VecMath::sigmoid, VecMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), -30, 30, 6e-7);
    }

    @Test
    void arrayLoopsGiveTheSameBitsAsTheFunctions() {
        int n = 3 * Vec.L + 5;                  // vector body and scalar tail
        float[] x = new float[n + 1], y = new float[n + 1];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 20 - 10);
        x[n] = 42f;
        y[n] = -1f;
        VecMath.tanh(x, 0, y, 0, n);
        for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(VecMath.tanh(x[i])), Float.floatToRawIntBits(y[i]), "tanh " + x[i]);
        VecMath.sigmoid(x, 0, y, 0, n);
        for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(VecMath.sigmoid(x[i])), Float.floatToRawIntBits(y[i]), "sigmoid " + x[i]);
        VecMath.exp(x, 0, y, 0, n);
        for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(VecMath.exp(x[i])), Float.floatToRawIntBits(y[i]), "exp " + x[i]);
        assertEquals(-1f, y[n], "sentinel past the output");
    }
}
