package org.flatworld.kernels;

import java.util.random.RandomGenerator;

/**
 * Validates each {@link MlpKernels} call once at the API edge, adds its analytic FLOP count
 * ({@link FlopCounts}, docs/FLOPS.md) and hands the checked call to the backend's {@code …Checked} method. Counting
 * here keeps totals identical across backends, vector widths and thread counts.
 *
 * <p>{@link #sampleCategorical} is implemented here once (scalar, row order, one uniform per row)
 * so that every backend draws the same actions from the same random stream.
 */
public abstract class AbstractMlpKernels implements MlpKernels {

    private static void counter(FlopLedger.Counter flops) {
        if (flops == null) throw new IllegalArgumentException("flops counter is null (use FlopLedger.NONE)");
    }

    @Override
    public final void biasAdd(int rows, int cols, float[] x, int xOff, float[] bias, int bOff, FlopLedger.Counter flops) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
        counter(flops);
        Checks.vector("x", x, xOff, Checks.size("x", rows, cols));
        if (rows > 0) Checks.vector("bias", bias, bOff, cols);
        if (rows == 0 || cols == 0) return;
        flops.add(FlopCounts.biasAdd(rows, cols));
        biasAddChecked(rows, cols, x, xOff, bias, bOff);
    }

    @Override
    public final void biasGrad(int rows, int cols, float[] dy, int dyOff, float[] db, int dbOff, boolean accumulate, FlopLedger.Counter flops) {
        Checks.nonNegative("rows", rows);
        Checks.nonNegative("cols", cols);
        counter(flops);
        Checks.vector("dy", dy, dyOff, Checks.size("dy", rows, cols));
        Checks.vector("db", db, dbOff, cols);
        if (cols == 0) return;
        flops.add(FlopCounts.biasGrad(rows, cols));
        biasGradChecked(rows, cols, dy, dyOff, db, dbOff, accumulate);
    }

    @Override
    public final void tanh(int n, float[] x, int xOff, float[] y, int yOff, FlopLedger.Counter flops) {
        unary(n, x, xOff, "x", y, yOff, "y", flops);
        if (n == 0) return;
        flops.addTranscendental(FlopCounts.tanhTranscendentals(n));
        tanhChecked(n, x, xOff, y, yOff);
    }

    @Override
    public final void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, FlopLedger.Counter flops) {
        binary(n, y, yOff, dy, dyOff, dx, dxOff, flops);
        if (n == 0) return;
        flops.add(FlopCounts.tanhBackward(n));
        tanhBackwardChecked(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public final void relu(int n, float[] x, int xOff, float[] y, int yOff, FlopLedger.Counter flops) {
        unary(n, x, xOff, "x", y, yOff, "y", flops);
        if (n == 0) return;
        flops.add(FlopCounts.relu(n));
        reluChecked(n, x, xOff, y, yOff);
    }

    @Override
    public final void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, FlopLedger.Counter flops) {
        binary(n, y, yOff, dy, dyOff, dx, dxOff, flops);
        if (n == 0) return;
        flops.add(FlopCounts.reluBackward(n));
        reluBackwardChecked(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public final void logSoftmax(int rows, int cols, float[] logits, int lOff, float[] out, int oOff, FlopLedger.Counter flops) {
        rowsCols(rows, cols);
        counter(flops);
        int size = Checks.size("logits", rows, cols);
        Checks.vector("logits", logits, lOff, size);
        Checks.vector("out", out, oOff, size);
        if (rows == 0) return;
        flops.add(FlopCounts.logSoftmax(rows, cols) - FlopCounts.logSoftmaxTranscendentals(rows, cols));
        flops.addTranscendental(FlopCounts.logSoftmaxTranscendentals(rows, cols));
        logSoftmaxChecked(rows, cols, logits, lOff, out, oOff);
    }

    @Override
    public final void logSoftmaxBackward(int rows, int cols, float[] logp, int lpOff, float[] dlogp, int dOff,
                                         float[] dlogits, int gOff, FlopLedger.Counter flops) {
        rowsCols(rows, cols);
        counter(flops);
        int size = Checks.size("logp", rows, cols);
        Checks.vector("logp", logp, lpOff, size);
        Checks.vector("dlogp", dlogp, dOff, size);
        Checks.vector("dlogits", dlogits, gOff, size);
        if (rows == 0) return;
        flops.add(FlopCounts.logSoftmaxBackward(rows, cols) - FlopCounts.logSoftmaxBackwardTranscendentals(rows, cols));
        flops.addTranscendental(FlopCounts.logSoftmaxBackwardTranscendentals(rows, cols));
        logSoftmaxBackwardChecked(rows, cols, logp, lpOff, dlogp, dOff, dlogits, gOff);
    }

    @Override
    public final void sampleCategorical(int rows, int cols, float[] logp, int lpOff, RandomGenerator rng,
                                        int[] actions, int aOff, FlopLedger.Counter flops) {
        rowsCols(rows, cols);
        counter(flops);
        if (rng == null) throw new IllegalArgumentException("rng is null");
        Checks.vector("logp", logp, lpOff, Checks.size("logp", rows, cols));
        Checks.vector("actions", actions, aOff, rows);
        if (rows == 0) return;
        flops.add(FlopCounts.sampleCategorical(rows, cols) - FlopCounts.sampleCategoricalTranscendentals(rows, cols));
        flops.addTranscendental(FlopCounts.sampleCategoricalTranscendentals(rows, cols));
        for (int r = 0; r < rows; r++) {
            int base = lpOff + r * cols;
            // inversion: the first action whose cumulative probability exceeds u
            float u = rng.nextFloat();
            float cum = 0f;
            int chosen = -1;
            int lastPositive = 0;
            for (int j = 0; j < cols; j++) {
                float p = (float) Math.exp(logp[base + j]);
                cum += p;
                if (p > 0f) lastPositive = j;
                if (chosen < 0 && u < cum) chosen = j;
            }
            // rounding can leave Σp slightly below u: take the last action with non-zero mass
            actions[aOff + r] = chosen >= 0 ? chosen : lastPositive;
        }
    }

    @Override
    public final double sumSquares(int n, float[] x, int xOff, FlopLedger.Counter flops) {
        Checks.nonNegative("n", n);
        counter(flops);
        Checks.vector("x", x, xOff, n);
        if (n == 0) return 0.0;
        flops.add(FlopCounts.sumSquares(n));
        return sumSquaresChecked(n, x, xOff);
    }

    @Override
    public final void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff, FlopLedger.Counter flops) {
        Checks.nonNegative("n", n);
        counter(flops);
        Checks.vector("x", x, xOff, n);
        Checks.vector("y", y, yOff, n);
        if (n == 0) return;
        flops.add(FlopCounts.axpy(n));
        axpyChecked(n, a, x, xOff, y, yOff);
    }

    @Override
    public final void scale(int n, float a, float[] x, int xOff, FlopLedger.Counter flops) {
        Checks.nonNegative("n", n);
        counter(flops);
        Checks.vector("x", x, xOff, n);
        if (n == 0) return;
        flops.add(FlopCounts.scale(n));
        scaleChecked(n, a, x, xOff);
    }

    private static void rowsCols(int rows, int cols) {
        Checks.nonNegative("rows", rows);
        Checks.positive("cols", cols);
    }

    private static void unary(int n, float[] x, int xOff, String xName, float[] y, int yOff, String yName, FlopLedger.Counter flops) {
        Checks.nonNegative("n", n);
        counter(flops);
        Checks.vector(xName, x, xOff, n);
        Checks.vector(yName, y, yOff, n);
    }

    private static void binary(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, FlopLedger.Counter flops) {
        Checks.nonNegative("n", n);
        counter(flops);
        Checks.vector("y", y, yOff, n);
        Checks.vector("dy", dy, dyOff, n);
        Checks.vector("dx", dx, dxOff, n);
    }

    protected abstract void biasAddChecked(int rows, int cols, float[] x, int xOff, float[] bias, int bOff);

    protected abstract void biasGradChecked(int rows, int cols, float[] dy, int dyOff, float[] db, int dbOff, boolean accumulate);

    protected abstract void tanhChecked(int n, float[] x, int xOff, float[] y, int yOff);

    protected abstract void tanhBackwardChecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    protected abstract void reluChecked(int n, float[] x, int xOff, float[] y, int yOff);

    protected abstract void reluBackwardChecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    protected abstract void logSoftmaxChecked(int rows, int cols, float[] logits, int lOff, float[] out, int oOff);

    protected abstract void logSoftmaxBackwardChecked(int rows, int cols, float[] logp, int lpOff, float[] dlogp, int dOff, float[] dlogits, int gOff);

    protected abstract double sumSquaresChecked(int n, float[] x, int xOff);

    protected abstract void axpyChecked(int n, float a, float[] x, int xOff, float[] y, int yOff);

    protected abstract void scaleChecked(int n, float a, float[] x, int xOff);
}
