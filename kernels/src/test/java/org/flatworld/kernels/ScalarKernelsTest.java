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
}
