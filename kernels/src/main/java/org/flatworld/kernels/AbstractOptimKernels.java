package org.flatworld.kernels;

/**
 * Validates each {@link OptimKernels#adam} call once, adds its analytic FLOP count and hands the
 * checked call to the backend. Per parameter: g·scale (1), m update (3: β1·m, (1−β1)·g, add),
 * v update (4: g², (1−β2)·g², β2·v, add), the two bias corrections as multiplications by
 * precomputed reciprocals (2), sqrt (1, transcendental), + eps (1), ÷ (1), × lr (1), p − (1)
 * = 15 FLOPs of which 1 transcendental. The per-call scalars (1−βᵗ) are O(1) and not counted.
 */
public abstract class AbstractOptimKernels implements OptimKernels {
    @Override
    public final void adam(int n, float[] params, int pOff, float[] grads, int gOff, float[] m, int mOff, float[] v, int vOff,
                           long t, float lr, float beta1, float beta2, float eps, float gradScale, FlopLedger.Counter flops) {
        Checks.nonNegative("n", n);
        if (flops == null) throw new IllegalArgumentException("flops counter is null (use FlopLedger.NONE)");
        Checks.vector("params", params, pOff, n);
        Checks.vector("grads", grads, gOff, n);
        Checks.vector("m", m, mOff, n);
        Checks.vector("v", v, vOff, n);
        if (t < 1) throw new IllegalArgumentException("Adam step t must be ≥ 1, got " + t);
        if (!(lr >= 0f) || Float.isInfinite(lr)) throw new IllegalArgumentException("lr must be finite and ≥ 0, got " + lr);
        if (!(beta1 >= 0f && beta1 < 1f)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0f && beta2 < 1f)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(eps > 0f) || Float.isInfinite(eps)) throw new IllegalArgumentException("eps must be finite and > 0, got " + eps);
        if (!(gradScale >= 0f) || Float.isInfinite(gradScale))
            throw new IllegalArgumentException("gradScale must be finite and ≥ 0, got " + gradScale);
        if (n == 0) return;
        flops.add(FlopCounts.adam(n) - FlopCounts.adamTranscendentals(n));
        flops.addTranscendental(FlopCounts.adamTranscendentals(n));
        // bias corrections 1/(1−βᵗ), computed in double once per call
        float c1 = (float) (1.0 / (1.0 - Math.pow(beta1, t)));
        float c2 = (float) (1.0 / (1.0 - Math.pow(beta2, t)));
        adamChecked(n, params, pOff, grads, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, gradScale, c1, c2);
    }

    /**
     * p −= lr·(m·c1)/(sqrt(v·c2) + eps) after m = β1·m + (1−β1)·g', v = β2·v + (1−β2)·g'², g' = g·gradScale,
     * where c1 = 1/(1−β1ᵗ), c2 = 1/(1−β2ᵗ).
     */
    protected abstract void adamChecked(int n, float[] params, int pOff, float[] grads, int gOff, float[] m, int mOff,
                                        float[] v, int vOff, float lr, float beta1, float beta2, float eps, float gradScale,
                                        float c1, float c2);
}
