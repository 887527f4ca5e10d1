package org.flatworld.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.GemmKernels;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The skinny GEMM paths (n < 16, op(A) = A: the dot-product path with its transposed lane-sum tree
 * and direct C store, and the row-broadcast path for 6 ≤ n < 16) on every n from 1 to 15, awkward m
 * and k (k not a multiple of the vector length, k = 1), both layouts of B and accumulate: against a
 * double-precision reference, with nothing written outside C's window; and bit-identical whichever
 * block, C layout or thread count computes an element.
 */
class SkinnyGemmTest {
    static final float SENTINEL = -12345.5f;
    private static Kernels one, two, three;
    private final SplittableRandom rnd = new SplittableRandom(11);

    @BeforeAll
    static void setUp() {
        one = KernelProvider.create("panama", 1);
        two = KernelProvider.create("panama", 2);
        three = KernelProvider.create("panama", 3);
    }

    @AfterAll
    static void tearDown() {
        one.close();
        two.close();
        three.close();
    }

    private float[] fresh(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    private static void gemm(GemmKernels g, boolean tb, int m, int n, int k, float[] a, int aOff, int lda,
                             float[] b, int ldb, float[] c, int cOff, int ldc, boolean acc) {
        g.gemm(false, tb, m, n, k, a, aOff, lda, b, 0, ldb, c, cOff, ldc, acc, FlopLedger.NONE);
    }

    @Test
    void everyNarrowShapeMatchesADoubleReferenceAndWritesOnlyItsWindow() {
        GemmKernels g = one.gemm();
        for (int n = 1; n < 16; n++)
            for (int m : new int[] {1, 2, 7, 13, 67})
                for (int k : new int[] {1, 8, 13, 256})
                    for (int t = 0; t < 8; t++) {
                        boolean tb = (t & 1) != 0, acc = (t & 2) != 0;
                        int ldc = (t & 4) != 0 ? n + 3 : n, lda = k + 1, ldb = tb ? k + 2 : n + 2, aOff = 3, cOff = 2;
                        float[] a = fresh(aOff + m * lda), b = fresh((tb ? n : k) * ldb);
                        float[] c0 = fresh(cOff + m * ldc + 1);
                        for (int i = 0; i < m; i++) Arrays.fill(c0, cOff + i * ldc + n, cOff + (i + 1) * ldc, SENTINEL);
                        Arrays.fill(c0, 0, cOff, SENTINEL);
                        c0[c0.length - 1] = SENTINEL;
                        float[] c = c0.clone();
                        gemm(g, tb, m, n, k, a, aOff, lda, b, ldb, c, cOff, ldc, acc);
                        String what = "m=" + m + " n=" + n + " k=" + k + " transB=" + tb + " acc=" + acc + " ldc=" + ldc;
                        for (int ix = 0; ix < c.length; ix++) {
                            int r = (ix - cOff) / ldc, col = (ix - cOff) % ldc;
                            if (ix < cOff || r >= m || col >= n) {
                                assertEquals(c0[ix], c[ix], what + ": wrote outside C at " + ix);
                                continue;
                            }
                            double e = acc ? c0[ix] : 0, mag = Math.abs(e);
                            for (int p = 0; p < k; p++) {
                                double x = (double) a[aOff + r * lda + p] * (tb ? b[col * ldb + p] : b[p * ldb + col]);
                                e += x;
                                mag += Math.abs(x);
                            }
                            if (Math.abs(e - c[ix]) > 1e-6 * (mag + 1e-3) * Math.sqrt(k + 1.0) * 4)
                                fail(what + ": C[" + r + "," + col + "] = " + c[ix] + ", expected " + e);
                        }
                    }
    }

    @Test
    void everyElementIsTheSameWhicheverBlockOrLayoutComputesIt() {
        // row subsets start at every offset against the 2-, 4-, 5- and 8-row blocks, so an element is
        // computed by a different block (or the single-row tail) than in the full call; ldc = 5
        // lets the n = 5 dot-product path store its blocks straight into C, ldc = n + 3 does not
        GemmKernels g = one.gemm();
        int m = 67;
        for (int n : new int[] {5, 6, 8, 9, 13, 15})
            for (int k : new int[] {13, 256})
                for (int t = 0; t < 4; t++) {
                    boolean tb = (t & 1) != 0, acc = (t & 2) != 0;
                    int lda = k, ldb = tb ? k : n;
                    float[] a = fresh(m * lda), b = fresh(k * n), c0 = fresh(m * n);
                    String what = "n=" + n + " k=" + k + " transB=" + tb + " acc=" + acc;
                    float[] full = c0.clone();
                    gemm(g, tb, m, n, k, a, 0, lda, b, ldb, full, 0, n, acc);
                    float[] wide = new float[m * (n + 3)];
                    for (int i = 0; i < m; i++) System.arraycopy(c0, i * n, wide, i * (n + 3), n);
                    gemm(g, tb, m, n, k, a, 0, lda, b, ldb, wide, 0, n + 3, acc);
                    for (int i = 0; i < m; i++)
                        assertArrayEquals(Arrays.copyOfRange(full, i * n, (i + 1) * n),
                                Arrays.copyOfRange(wide, i * (n + 3), i * (n + 3) + n), what + ": ldc = n vs n + 3, row " + i);
                    for (int r0 : new int[] {1, 2, 3, 5, 7, 9, 60}) {
                        int rows = Math.min(m - r0, 1 + r0 % 6);
                        float[] part = c0.clone();
                        gemm(g, tb, rows, n, k, a, r0 * lda, lda, b, ldb, part, r0 * n, n, acc);
                        assertArrayEquals(Arrays.copyOfRange(full, r0 * n, (r0 + rows) * n),
                                Arrays.copyOfRange(part, r0 * n, (r0 + rows) * n), what + ": rows " + r0 + ".." + (r0 + rows) + " alone");
                    }
                }
    }

    @Test
    void threadCountsGiveBitIdenticalResults() {
        // above the parallel threshold: row chunks of both skinny paths claimed by 1, 2 or 3 threads
        int m = 4098, k = 207;
        for (int n : new int[] {5, 6, 8, 13})
            for (int t = 0; t < 2; t++) {
                boolean tb = t == 1;
                float[] a = fresh(m * k), b = fresh(k * n), c0 = fresh(m * n + 1);
                c0[m * n] = SENTINEL;
                float[] ref = c0.clone();
                gemm(one.gemm(), tb, m, n, k, a, 0, k, b, tb ? k : n, ref, 0, n, true);
                for (int rep = 0; rep < 2; rep++) {
                    float[] c2 = c0.clone(), c3 = c0.clone();
                    gemm(two.gemm(), tb, m, n, k, a, 0, k, b, tb ? k : n, c2, 0, n, true);
                    gemm(three.gemm(), tb, m, n, k, a, 0, k, b, tb ? k : n, c3, 0, n, true);
                    assertArrayEquals(ref, c2, "n=" + n + " transB=" + tb + ": 1 and 2 threads differ");
                    assertArrayEquals(ref, c3, "n=" + n + " transB=" + tb + ": 1 and 3 threads differ");
                }
                assertEquals(SENTINEL, ref[m * n], "n=" + n + ": wrote past C");
            }
    }
}
