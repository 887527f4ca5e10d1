package org.flatworld.kernels;

/** Optimizer updates (Kingma and Ba 2015, "Adam: A Method for Stochastic Optimization"). */
public interface OptimKernels {
    /**
     * One Adam step on n parameters, with bias correction for step {@code t} (1-based):
     * g' = g·gradScale; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
     * p −= lr · (m/(1−β1ᵗ)) / (sqrt(v/(1−β2ᵗ)) + eps).
     * gradScale implements global-norm clipping (see {@link #clipScale}). Counted per docs/FLOPS.md.
     */
    void adam(int n, float[] params, int pOff, float[] grads, int gOff, float[] m, int mOff, float[] v, int vOff,
              long t, float lr, float beta1, float beta2, float eps, float gradScale, FlopLedger.Counter flops);

    /** min(1, maxNorm / ‖g‖₂) given Σg² (maxNorm ≤ 0 disables clipping and returns 1). */
    static float clipScale(double sumSquares, double maxNorm) {
        if (maxNorm <= 0) return 1f;
        double norm = Math.sqrt(sumSquares);
        return norm > maxNorm ? (float) (maxNorm / norm) : 1f;
    }
}
