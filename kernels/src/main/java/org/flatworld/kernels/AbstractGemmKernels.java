package org.flatworld.kernels;

/**
 * Validates a {@link GemmKernels#gemm} call once, adds its analytic FLOP count (2·m·n·k) and hands
 * the checked call to {@link #gemmChecked}. Every backend extends this, so counts and error
 * messages are the same whatever the backend.
 */
public abstract class AbstractGemmKernels implements GemmKernels {

    @Override
    public final void gemm(boolean transA, boolean transB, int m, int n, int k,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate, FlopLedger.Counter flops) {
        Checks.nonNegative("m", m);
        Checks.nonNegative("n", n);
        Checks.nonNegative("k", k);
        if (flops == null) throw new IllegalArgumentException("flops counter is null (use FlopLedger.NONE)");
        // stored shapes: A is m×k (or k×m when transposed), B is k×n (or n×k)
        Checks.matrix("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        Checks.matrix("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        Checks.matrix("C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0) return;
        long cSpan = (long) (m - 1) * ldc + n;
        long aSpan = k == 0 ? 0 : (long) ((transA ? k : m) - 1) * lda + (transA ? m : k);
        long bSpan = k == 0 ? 0 : (long) ((transB ? n : k) - 1) * ldb + (transB ? k : n);
        if (Checks.overlaps(c, cOff, cSpan, a, aOff, aSpan))
            throw new IllegalArgumentException("C (offset " + cOff + ") overlaps A (offset " + aOff + ") in the same array");
        if (Checks.overlaps(c, cOff, cSpan, b, bOff, bSpan))
            throw new IllegalArgumentException("C (offset " + cOff + ") overlaps B (offset " + bOff + ") in the same array");
        flops.add(FlopCounts.gemm(m, n, k));
        gemmChecked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** The multiply itself; arguments are valid, m, n ≥ 1, k ≥ 0, C does not overlap A or B. */
    protected abstract void gemmChecked(boolean transA, boolean transB, int m, int n, int k,
                                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                        float[] c, int cOff, int ldc, boolean accumulate);
}
