package org.flatworld.kernels;

/**
 * The analytic FLOP count of every kernel call (docs/FLOPS.md), in one place: the kernels add
 * exactly these to the caller's {@link FlopLedger.Counter}, and
 * {@link org.flatworld.kernels.flops.NetworkFlops} sums them for a whole network. Totals include
 * transcendentals; the {@code …Transcendentals} methods give the part that is exp/log/tanh/σ/sqrt.
 * Conventions: + − × ÷ min max compare = 1, FMA = 2, GEMM = 2·m·n·k, a transcendental = 1.
 */
public final class FlopCounts {
    private FlopCounts() {}

    /** C (+)= op(A)·op(B): 2·m·n·k (the optional accumulation into C is not counted apart). */
    public static long gemm(int m, int n, int k) { return 2L * m * n * k; }

    /** x[r, c] += b[c]: rows·cols. */
    public static long biasAdd(int rows, int cols) { return (long) rows * cols; }

    /** db[c] (+)= Σ_r dy[r, c]: rows·cols. */
    public static long biasGrad(int rows, int cols) { return (long) rows * cols; }

    /** y = tanh(x): n, all transcendental. */
    public static long tanh(int n) { return n; }

    public static long tanhTranscendentals(int n) { return n; }

    /** dx = dy·(1 − y²): 3n. */
    public static long tanhBackward(int n) { return 3L * n; }

    /** y = max(x, 0): n. */
    public static long relu(int n) { return n; }

    /** dx = y > 0 ? dy : 0: n (the compare). */
    public static long reluBackward(int n) { return n; }

    /** Per row (cols−1) max, cols sub, cols exp, (cols−1) add, 1 log, cols sub: rows·(4·cols − 1). */
    public static long logSoftmax(int rows, int cols) { return (long) rows * (4L * cols - 1); }

    /** cols exp + 1 log per row. */
    public static long logSoftmaxTranscendentals(int rows, int cols) { return (long) rows * (cols + 1); }

    /** Per row (cols−1) add, cols exp, cols FMA: rows·(4·cols − 1). */
    public static long logSoftmaxBackward(int rows, int cols) { return (long) rows * (4L * cols - 1); }

    public static long logSoftmaxBackwardTranscendentals(int rows, int cols) { return (long) rows * cols; }

    /** Per row cols exp, cols add, cols compare: 3·rows·cols. */
    public static long sampleCategorical(int rows, int cols) { return 3L * rows * cols; }

    public static long sampleCategoricalTranscendentals(int rows, int cols) { return (long) rows * cols; }

    /**
     * LSTM cell forward per (batch, hidden) element: σ i, σ f, tanh g, σ o, tanh c (5 transcendental),
     * f·c_prev, i·g, their sum, o·tanh c (4): 9.
     */
    public static long lstmCellForward(int batch, int hidden) { return 9L * batch * hidden; }

    public static long lstmCellForwardTranscendentals(int batch, int hidden) { return 5L * batch * hidden; }

    /**
     * LSTM cell backward per element: tanh c (1 transcendental); dc_total = dh·o·(1 − tanh²c) + dc (5);
     * d o = dh·tanh c (1); dcPrev = dc_total·f (1); the four gate gradients through σ' = σ(1−σ) and
     * tanh' = 1 − g² (i: 4, f: 4, g: 4, o: 3): 23.
     */
    public static long lstmCellBackward(int batch, int hidden) { return 23L * batch * hidden; }

    public static long lstmCellBackwardTranscendentals(int batch, int hidden) { return (long) batch * hidden; }

    /** Adam per parameter (see {@link AbstractOptimKernels}): 15, of which 1 sqrt. */
    public static long adam(int n) { return 15L * n; }

    public static long adamTranscendentals(int n) { return n; }

    /** Σ x²: 2n. */
    public static long sumSquares(int n) { return 2L * n; }

    /** y += a·x: 2n. */
    public static long axpy(int n) { return 2L * n; }

    /** x *= a: n. */
    public static long scale(int n) { return n; }
}
