package org.flatworld.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vector API backend against the scalar reference on fresh random inputs over awkward sizes,
 * with a sentinel just past every output that must stay untouched, and bit-identical results for
 * one and two threads.
 */
class PanamaVsScalarTest {
    static final int[] SIZES = {1, 3, 7, 8, 13, 33, 207, 1021, 4098};
    static final float SENTINEL = -12345.5f;

    static Kernels scalar, panama1, panama2;

    @BeforeAll
    static void setUp() {
        scalar = KernelProvider.scalar();
        panama1 = KernelProvider.create("panama", 1);
        panama2 = KernelProvider.create("panama", 2);
    }

    @AfterAll
    static void tearDown() {
        panama1.close();
        panama2.close();
    }

    private final SplittableRandom rnd = new SplittableRandom(20261125);

    /** n random values in [−2, 2) followed by one sentinel. */
    private float[] fresh(int n) {
        float[] x = new float[n + 1];
        for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextDouble() * 4 - 2);
        x[n] = SENTINEL;
        return x;
    }

    private static float[] out(int n) {
        float[] y = new float[n + 1];
        y[n] = SENTINEL;
        return y;
    }

    private static void close(float[] expected, float[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Math.abs(e - a) > rel * Math.max(1.0, Math.abs(e)))
                fail(what + ": index " + i + " expected " + e + " got " + a);
        }
    }

    private static void sentinel(float[] y, int n, String what) {
        assertEquals(SENTINEL, y[n], what + ": sentinel past the output was overwritten");
    }

    @Test
    void elementwiseKernelsMatchScalar() {
        for (int n : SIZES) {
            float[] x = fresh(n), dy = fresh(n);
            float[] ys = out(n), yp = out(n);
            scalar.mlp().tanh(n, x, 0, ys, 0, FlopLedger.NONE);
            panama1.mlp().tanh(n, x, 0, yp, 0, FlopLedger.NONE);
            sentinel(yp, n, "tanh");
            close(ys, yp, 2e-6, "tanh n=" + n);

            float[] ds = out(n), dp = out(n);
            scalar.mlp().tanhBackward(n, ys, 0, dy, 0, ds, 0, FlopLedger.NONE);
            panama1.mlp().tanhBackward(n, ys, 0, dy, 0, dp, 0, FlopLedger.NONE);
            sentinel(dp, n, "tanhBackward");
            close(ds, dp, 1e-6, "tanhBackward n=" + n);

            scalar.mlp().relu(n, x, 0, ys, 0, FlopLedger.NONE);
            panama1.mlp().relu(n, x, 0, yp, 0, FlopLedger.NONE);
            sentinel(yp, n, "relu");
            assertArrayEquals(ys, yp, "relu n=" + n);
            scalar.mlp().reluBackward(n, ys, 0, dy, 0, ds, 0, FlopLedger.NONE);
            panama1.mlp().reluBackward(n, ys, 0, dy, 0, dp, 0, FlopLedger.NONE);
            sentinel(dp, n, "reluBackward");
            assertArrayEquals(ds, dp, "reluBackward n=" + n);

            float[] as = dy.clone(), ap = dy.clone();
            scalar.mlp().axpy(n, 0.37f, x, 0, as, 0, FlopLedger.NONE);
            panama1.mlp().axpy(n, 0.37f, x, 0, ap, 0, FlopLedger.NONE);
            sentinel(ap, n, "axpy");
            close(as, ap, 1e-6, "axpy n=" + n);
            scalar.mlp().scale(n, -1.7f, as, 0, FlopLedger.NONE);
            panama1.mlp().scale(n, -1.7f, ap, 0, FlopLedger.NONE);
            sentinel(ap, n, "scale");
            close(as, ap, 1e-6, "scale n=" + n);

            double ss = scalar.mlp().sumSquares(n, x, 0, FlopLedger.NONE);
            double sp = panama1.mlp().sumSquares(n, x, 0, FlopLedger.NONE);
            assertEquals(ss, sp, 1e-5 * ss, "sumSquares n=" + n);
        }
    }

    @Test
    void rowKernelsMatchScalar() {
        int[] rowsList = {1, 3, 13};
        for (int rows : rowsList)
            for (int cols : SIZES) {
                if ((long) rows * cols > 20_000) continue;
                int n = rows * cols;
                float[] x = fresh(n), bias = fresh(cols);
                float[] xs = x.clone(), xp = x.clone();
                scalar.mlp().biasAdd(rows, cols, xs, 0, bias, 0, FlopLedger.NONE);
                panama1.mlp().biasAdd(rows, cols, xp, 0, bias, 0, FlopLedger.NONE);
                sentinel(xp, n, "biasAdd");
                close(xs, xp, 1e-6, "biasAdd " + rows + "x" + cols);

                float[] dbs = fresh(cols), dbp = dbs.clone();
                scalar.mlp().biasGrad(rows, cols, x, 0, dbs, 0, true, FlopLedger.NONE);
                panama1.mlp().biasGrad(rows, cols, x, 0, dbp, 0, true, FlopLedger.NONE);
                sentinel(dbp, cols, "biasGrad");
                assertArrayEquals(dbs, dbp, "biasGrad " + rows + "x" + cols);

                float[] ls = out(n), lp = out(n);
                scalar.mlp().logSoftmax(rows, cols, x, 0, ls, 0, FlopLedger.NONE);
                panama1.mlp().logSoftmax(rows, cols, x, 0, lp, 0, FlopLedger.NONE);
                sentinel(lp, n, "logSoftmax");
                close(ls, lp, 2e-5, "logSoftmax " + rows + "x" + cols);

                float[] g = fresh(n), gs = out(n), gp = out(n);
                scalar.mlp().logSoftmaxBackward(rows, cols, ls, 0, g, 0, gs, 0, FlopLedger.NONE);
                panama1.mlp().logSoftmaxBackward(rows, cols, ls, 0, g, 0, gp, 0, FlopLedger.NONE);
                sentinel(gp, n, "logSoftmaxBackward");
                close(gs, gp, 2e-4, "logSoftmaxBackward " + rows + "x" + cols);
            }
    }

    @Test
    void lstmCellMatchesScalar() {
        for (int hidden : new int[] {1, 3, 7, 8, 13, 33, 207}) {
            int batch = 3, n = batch * hidden, g4 = 4 * n;
            float[] pre = fresh(g4), cPrev = fresh(n), dh = fresh(n), dc = fresh(n);
            float[] gs = pre.clone(), gp = pre.clone();
            float[] cs = out(n), cp = out(n), hs = out(n), hp = out(n);
            scalar.lstm().cellForward(batch, hidden, gs, 0, cPrev, 0, cs, 0, hs, 0, FlopLedger.NONE);
            panama1.lstm().cellForward(batch, hidden, gp, 0, cPrev, 0, cp, 0, hp, 0, FlopLedger.NONE);
            sentinel(gp, g4, "gates");
            sentinel(cp, n, "c");
            sentinel(hp, n, "h");
            close(gs, gp, 2e-6, "gates H=" + hidden);
            close(cs, cp, 4e-6, "c H=" + hidden);
            close(hs, hp, 4e-6, "h H=" + hidden);
            for (float[] dcIn : new float[][] {dc, null}) {
                float[] dgs = out(g4), dgp = out(g4), dps = out(n), dpp = out(n);
                scalar.lstm().cellBackward(batch, hidden, gs, 0, cPrev, 0, cs, 0, dh, 0, dcIn, 0, dgs, 0, dps, 0, FlopLedger.NONE);
                panama1.lstm().cellBackward(batch, hidden, gs, 0, cPrev, 0, cs, 0, dh, 0, dcIn, 0, dgp, 0, dpp, 0, FlopLedger.NONE);
                sentinel(dgp, g4, "dGates");
                sentinel(dpp, n, "dcPrev");
                close(dgs, dgp, 1e-5, "dGates H=" + hidden);
                close(dps, dpp, 1e-5, "dcPrev H=" + hidden);
            }
        }
    }

    @Test
    void adamMatchesScalar() {
        for (int n : SIZES) {
            float[] g = fresh(n), p = fresh(n), m = fresh(n), v = fresh(n);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            float[] ps = p.clone(), pp = p.clone(), ms = m.clone(), mp = m.clone(), vs = v.clone(), vp = v.clone();
            scalar.optim().adam(n, ps, 0, g, 0, ms, 0, vs, 0, 3, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.5f, FlopLedger.NONE);
            panama1.optim().adam(n, pp, 0, g, 0, mp, 0, vp, 0, 3, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.5f, FlopLedger.NONE);
            sentinel(pp, n, "params");
            sentinel(mp, n, "m");
            sentinel(vp, n, "v");
            close(ms, mp, 1e-6, "adam m n=" + n);
            close(vs, vp, 1e-6, "adam v n=" + n);
            close(ps, pp, 1e-6, "adam params n=" + n);
        }
    }

    /** (m, n, k) combinations over the awkward sizes, kept small; n < 16 exercises the skinny path. */
    static final int[][] GEMM_SHAPES = {
        {1, 1, 1}, {3, 7, 13}, {8, 33, 7}, {13, 5, 207}, {33, 1, 1021}, {207, 13, 33}, {7, 207, 8},
        {13, 33, 4098}, {207, 207, 3}, {1021, 5, 13}, {4098, 3, 7}, {33, 1021, 1}
    };

    @Test
    void gemmMatchesScalarForEveryTransposeAndSentinelsSurvive() {
        for (int[] s : GEMM_SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 8; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0, acc = (t & 4) != 0;
                int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
                int aOff = 5, bOff = 2, cOff = 7;
                float[] a = fresh(aOff + (ta ? k : m) * lda), b = fresh(bOff + (tb ? n : k) * ldb);
                float[] c = fresh(cOff + m * ldc);
                for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc + n, cOff + (i + 1) * ldc, SENTINEL);
                Arrays.fill(c, 0, cOff, SENTINEL);
                float[] cs = c.clone(), cp = c.clone(), c2 = c.clone();
                String what = "gemm m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " acc=" + acc;
                scalar.gemm().gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, cs, cOff, ldc, acc, FlopLedger.NONE);
                panama1.gemm().gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, cp, cOff, ldc, acc, FlopLedger.NONE);
                panama2.gemm().gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c2, cOff, ldc, acc, FlopLedger.NONE);
                assertArrayEquals(cp, c2, what + ": 1 and 2 threads differ");
                // every value outside the m×n window (offset, row padding, the sentinel at the end) is untouched
                for (int i = 0; i < cp.length; i++) {
                    int r = (i - cOff) / ldc, col = (i - cOff) % ldc;
                    boolean inside = i >= cOff && r < m && col < n;
                    if (!inside) assertEquals(c[i], cp[i], what + ": wrote outside C at " + i);
                }
                // tolerance: float rounding grows with k; relative to Σ|a·b| of the element
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        double mag = acc ? Math.abs(c[cOff + i * ldc + j]) : 0;
                        for (int p = 0; p < k; p++)
                            mag += Math.abs((ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p])
                                    * (tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]));
                        int ix = cOff + i * ldc + j;
                        if (Math.abs(cs[ix] - cp[ix]) > 1e-6 * (mag + 1e-3) * Math.sqrt(k + 1.0) * 4)
                            fail(what + ": (" + i + "," + j + ") scalar " + cs[ix] + " panama " + cp[ix]);
                    }
            }
        }
    }

    @Test
    void parallelGemmIsBitIdenticalAcrossThreadCounts() {
        // shapes big enough to be split: by rows, by columns (few rows) and on the skinny path
        int[][] shapes = {{207, 207, 64}, {13, 300, 1021}, {4098, 5, 207}, {1021, 33, 207}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                float[] a = fresh(m * k), b = fresh(k * n), c1 = fresh(m * n), c2 = c1.clone();
                panama1.gemm().gemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c1, 0, n, true, FlopLedger.NONE);
                panama2.gemm().gemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c2, 0, n, true, FlopLedger.NONE);
                assertArrayEquals(c1, c2, "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb);
                sentinel(c2, m * n, "C");
            }
        }
    }

    @Test
    void dynamicChunksGiveBitIdenticalResultsForAnyThreadCountAndAssignment() {
        // many more chunks than threads: tiles of C (rows, then columns when rows are few), the
        // shared packing of op(B), and the skinny path's row chunks; threads claim them in whatever
        // order they get free, so repeating a call also varies which thread computes which tile
        int[][] shapes = {{1021, 300, 207}, {40, 1000, 300}, {4098, 5, 207}, {333, 777, 600}};
        try (Kernels panama3 = KernelProvider.create("panama", 3)) {
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    float[] a = fresh(m * k), b = fresh(k * n), c0 = fresh(m * n);
                    String what = "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb;
                    float[] ref = c0.clone();
                    panama1.gemm().gemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, ref, 0, n, true, FlopLedger.NONE);
                    for (int rep = 0; rep < 3; rep++) {
                        float[] c2 = c0.clone(), c3 = c0.clone();
                        panama2.gemm().gemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c2, 0, n, true, FlopLedger.NONE);
                        panama3.gemm().gemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c3, 0, n, true, FlopLedger.NONE);
                        assertArrayEquals(ref, c2, what + ": 1 and 2 threads differ (call " + rep + ")");
                        assertArrayEquals(ref, c3, what + ": 1 and 3 threads differ (call " + rep + ")");
                    }
                    // and the result is the product: spot-check one element per row against a double sum
                    for (int i = 0; i < m; i += 97) {
                        int j = (i * 31) % n;
                        double e = c0[i * n + j], mag = Math.abs(e);
                        for (int p = 0; p < k; p++) {
                            double x = (ta ? a[p * m + i] : a[i * k + p]) * (double) (tb ? b[j * k + p] : b[p * n + j]);
                            e += x;
                            mag += Math.abs(x);
                        }
                        assertEquals(e, ref[i * n + j], 1e-5 * (mag + 1), what + ": C[" + i + "," + j + "]");
                    }
                    sentinel(ref, m * n, "C");
                }
            }
        }
    }

    @Test
    void parallelLstmCellIsBitIdenticalAcrossThreadCounts() {
        int batch = 301, hidden = 233;          // ≥ the parallel threshold, awkward sizes
        int n = batch * hidden;
        float[] pre = fresh(4 * n), cPrev = fresh(n), dh = fresh(n), dc = fresh(n);
        float[][] g = {pre.clone(), pre.clone()}, c = {out(n), out(n)}, h = {out(n), out(n)};
        float[][] dg = {out(4 * n), out(4 * n)}, dcp = {out(n), out(n)};
        Kernels[] ks = {panama1, panama2};
        for (int t = 0; t < 2; t++) {
            ks[t].lstm().cellForward(batch, hidden, g[t], 0, cPrev, 0, c[t], 0, h[t], 0, FlopLedger.NONE);
            ks[t].lstm().cellBackward(batch, hidden, g[t], 0, cPrev, 0, c[t], 0, dh, 0, dc, 0, dg[t], 0, dcp[t], 0, FlopLedger.NONE);
        }
        assertArrayEquals(g[0], g[1], "gates");
        assertArrayEquals(c[0], c[1], "c");
        assertArrayEquals(h[0], h[1], "h");
        assertArrayEquals(dg[0], dg[1], "dGates");
        assertArrayEquals(dcp[0], dcp[1], "dcPrev");
        sentinel(h[1], n, "h");
        sentinel(dg[1], 4 * n, "dGates");
    }

    @Test
    void sharedBackendGivesTheSameResultsUnderConcurrentCalls() throws Exception {
        int m = 207, n = 207, k = 64, batch = 301, hidden = 233, cells = batch * hidden;
        float[] a = fresh(m * k), b = fresh(k * n), pre = fresh(4 * cells), cPrev = fresh(cells);
        float[] cRef = out(m * n), hRef = out(cells), gRef = pre.clone(), cellRef = out(cells);
        panama2.gemm().gemm(false, true, m, n, k, a, 0, k, b, 0, k, cRef, 0, n, false, FlopLedger.NONE);
        panama2.lstm().cellForward(batch, hidden, gRef, 0, cPrev, 0, cellRef, 0, hRef, 0, FlopLedger.NONE);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread gemmCaller = new Thread(() -> {
            try {
                for (int r = 0; r < 20; r++) {
                    float[] c = out(m * n);
                    panama2.gemm().gemm(false, true, m, n, k, a, 0, k, b, 0, k, c, 0, n, false, FlopLedger.NONE);
                    assertArrayEquals(cRef, c, "gemm under concurrency");
                }
            } catch (Throwable t) { failure.set(t); }
        });
        gemmCaller.start();
        for (int r = 0; r < 10; r++) {
            float[] g = pre.clone(), cell = out(cells), h = out(cells);
            panama2.lstm().cellForward(batch, hidden, g, 0, cPrev, 0, cell, 0, h, 0, FlopLedger.NONE);
            assertArrayEquals(hRef, h, "lstm under concurrency");
        }
        gemmCaller.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
    }

    @Test
    void flopCountsDoNotDependOnBackendOrThreads() {
        long[] totals = new long[3];
        long[] trans = new long[3];
        Kernels[] all = {scalar, panama1, panama2};
        for (int b = 0; b < 3; b++) {
            FlopLedger ledger = new FlopLedger();
            FlopLedger.Counter f = ledger.counter(FlopCategory.LEARN_FWD);
            Kernels kk = all[b];
            float[] x = fresh(4098 * 8), y = out(4098 * 8), w = fresh(8 * 33), g = fresh(4 * 4098);
            kk.gemm().gemm(false, true, 207, 8, 33, x, 0, 33, w, 0, 33, y, 0, 8, false, f);
            kk.mlp().tanh(1021, x, 0, y, 0, f);
            kk.mlp().logSoftmax(13, 5, x, 0, y, 0, f);
            kk.lstm().cellForward(3, 7, g, 0, x, 0, y, 0, y, 100, f);
            totals[b] = ledger.total();
            trans[b] = ledger.totalTranscendentals();
        }
        long expected = 2L * 207 * 8 * 33 + 1021 + 13L * (4 * 5 - 1) + 21L * 9;
        long expectedTrans = 1021 + 13L * 6 + 21L * 5;
        for (int b = 0; b < 3; b++) {
            assertEquals(expected, totals[b], all[b].description());
            assertEquals(expectedTrans, trans[b], all[b].description());
        }
        assertTrue(panama2.description().startsWith("panama, "), panama2.description());
    }
}
