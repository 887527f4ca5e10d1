package org.flatworld.kernels;

import java.util.random.RandomGenerator;

/**
 * Element-wise and row-wise kernels of an MLP with a categorical head. All matrices are row-major,
 * {@code (rows, cols)} contiguous from the offset. FLOP counts per docs/FLOPS.md.
 */
public interface MlpKernels {
    /** x[r, c] += bias[c]. rows·cols FLOPs. */
    void biasAdd(int rows, int cols, float[] x, int xOff, float[] bias, int bOff, FlopLedger.Counter flops);

    /** db[c] (+)= Σ_r dy[r, c], summed in row order. rows·cols FLOPs either way. */
    void biasGrad(int rows, int cols, float[] dy, int dyOff, float[] db, int dbOff, boolean accumulate, FlopLedger.Counter flops);

    /** y = tanh(x) (in place allowed). n transcendentals. */
    void tanh(int n, float[] x, int xOff, float[] y, int yOff, FlopLedger.Counter flops);

    /** dx = dy·(1 − y²) given y = tanh(x) (dx may alias dy). 3n FLOPs. */
    void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, FlopLedger.Counter flops);

    /** y = max(x, 0) (in place allowed). n FLOPs. */
    void relu(int n, float[] x, int xOff, float[] y, int yOff, FlopLedger.Counter flops);

    /** dx = dy where y > 0 else 0, given y = relu(x) (dx may alias dy). n FLOPs. */
    void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, FlopLedger.Counter flops);

    /**
     * out[r, :] = logits[r, :] − max − log Σ exp(logits[r, :] − max). Per row: cols−1 max, cols sub,
     * cols exp, cols−1 add, 1 log, cols sub = 4·cols − 1 FLOPs of which cols + 1 transcendental.
     */
    void logSoftmax(int rows, int cols, float[] logits, int lOff, float[] out, int oOff, FlopLedger.Counter flops);

    /**
     * Gradient through log-softmax: dlogits = dlogp − softmax·Σ_c dlogp, with softmax = exp(logp).
     * Per row: cols exp, cols−1 add, cols FMA(2) → 4·cols − 1 FLOPs of which cols transcendental.
     */
    void logSoftmaxBackward(int rows, int cols, float[] logp, int lpOff, float[] dlogp, int dOff, float[] dlogits, int gOff, FlopLedger.Counter flops);

    /**
     * Samples one action per row from the categorical distribution given by log-probabilities,
     * by inversion with one uniform per row drawn from {@code rng} in row order.
     * Per row: cols exp + up to cols add/compare, counted as 3·cols FLOPs of which cols transcendental.
     */
    void sampleCategorical(int rows, int cols, float[] logp, int lpOff, RandomGenerator rng, int[] actions, int aOff, FlopLedger.Counter flops);

    /** Σ x[i]² in a fixed order (independent of threads). 2n FLOPs. */
    double sumSquares(int n, float[] x, int xOff, FlopLedger.Counter flops);

    /** y[i] += a·x[i]. 2n FLOPs. */
    void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff, FlopLedger.Counter flops);

    /** x[i] *= a. n FLOPs. */
    void scale(int n, float a, float[] x, int xOff, FlopLedger.Counter flops);
}
