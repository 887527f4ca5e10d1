package org.flatworld.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scalar reference against naive double-precision definitions. */
class ScalarKernelsTest {
    private final Kernels k = KernelProvider.scalar();

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    @Test
    void gemmMatchesDoubleDefinitionForEveryTranspose() {
        SplittableRandom r = new SplittableRandom(1);
        int m = 7, n = 5, kk = 13;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int lda = (ta ? m : kk) + 2, ldb = (tb ? kk : n) + 1, ldc = n + 3;
            float[] a = random(r, (ta ? kk : m) * lda), b = random(r, (tb ? n : kk) * ldb), c = random(r, m * ldc);
            float[] c0 = c.clone();
            FlopLedger ledger = new FlopLedger();
            k.gemm().gemm(ta, tb, m, n, kk, a, 0, lda, b, 0, ldb, c, 0, ldc, true, ledger.counter(FlopCategory.LEARN_FWD));
            assertEquals(2L * m * n * kk, ledger.total());
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = c0[i * ldc + j];
                    for (int p = 0; p < kk; p++)
                        s += (double) (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                    assertEquals(s, c[i * ldc + j], 1e-5, "transA=" + ta + " transB=" + tb + " at " + i + "," + j);
                }
            // padding between rows of C is never written
            for (int i = 0; i < m; i++)
                for (int j = n; j < ldc; j++) assertEquals(c0[i * ldc + j], c[i * ldc + j]);
        }
    }

    @Test
    void logSoftmaxRowsAreNormalized() {
        SplittableRandom r = new SplittableRandom(2);
        float[] x = random(r, 3 * 5), y = new float[15];
        k.mlp().logSoftmax(3, 5, x, 0, y, 0, FlopLedger.NONE);
        for (int row = 0; row < 3; row++) {
            double s = 0;
            for (int j = 0; j < 5; j++) s += Math.exp(y[row * 5 + j]);
            assertEquals(1.0, s, 1e-6);
        }
    }

    @Test
    void badArgumentsNameTheValue() {
        float[] a = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.gemm().gemm(false, false, -1, 2, 2, a, 0, 2, a, 0, 2, a, 0, 2, false, FlopLedger.NONE));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemm().gemm(false, false, 2, 2, 2, a, 0, 2, new float[4], 0, 2, new float[3], 0, 2, false, FlopLedger.NONE));
        assertTrue(e.getMessage().contains("C too short"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.create("gpu", 1));
    }

    private static void rejects(String expectedInMessage, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expectedInMessage), "message '" + e.getMessage() + "' should name " + expectedInMessage);
    }

    @Test
    void everyFamilyValidatesAtTheEdgeOnEveryBackend() {
        try (Kernels p = KernelProvider.create("panama", 2)) {
            for (Kernels b : new Kernels[] {k, p}) {
                float[] x = new float[12], y = new float[12];
                FlopLedger.Counter n = FlopLedger.NONE;
                rejects("-3", () -> b.mlp().tanh(-3, x, 0, y, 0, n));
                rejects("bias too short", () -> b.mlp().biasAdd(2, 6, x, 0, new float[5], 0, n));
                rejects("x too short", () -> b.mlp().relu(13, x, 0, y, 0, n));
                rejects("offset of dy must be ≥ 0, got -1", () -> b.mlp().tanhBackward(2, x, 0, y, -1, x, 0, n));
                rejects("cols must be ≥ 1, got 0", () -> b.mlp().logSoftmax(2, 0, x, 0, y, 0, n));
                rejects("rng is null", () -> b.mlp().sampleCategorical(2, 3, x, 0, null, new int[2], 0, n));
                rejects("actions too short", () -> b.mlp().sampleCategorical(2, 3, x, 0, new SplittableRandom(1), new int[1], 0, n));
                rejects("gates too short", () -> b.lstm().cellForward(2, 2, x, 5, y, 0, y, 0, y, 0, n));
                rejects("hidden must be ≥ 0, got -2", () -> b.lstm().cellBackward(1, -2, x, 0, x, 0, x, 0, x, 0, null, 0, y, 0, y, 0, n));
                rejects("beta1 must be in [0, 1), got 1.0", () -> b.optim().adam(4, x, 0, y, 0, x, 4, y, 4, 1, 1e-3f, 1f, 0.999f, 1e-8f, 1f, n));
                rejects("Adam step t must be ≥ 1, got 0", () -> b.optim().adam(4, x, 0, y, 0, x, 4, y, 4, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 1f, n));
                rejects("leading dimension of A must be ≥ 3, got 2", () -> b.gemm().gemm(false, false, 2, 2, 3, x, 0, 2, y, 0, 2, new float[4], 0, 2, false, n));
                rejects("C (offset 0) overlaps A", () -> b.gemm().gemm(false, false, 2, 2, 2, x, 0, 2, y, 0, 2, x, 0, 2, false, n));
                rejects("flops counter is null", () -> b.mlp().scale(2, 1f, x, 0, null));
            }
        }
    }
}
