package org.flatworld.kernels.scalar;

import org.flatworld.kernels.AbstractOptimKernels;

/** Reference Adam step in plain Java. */
public final class ScalarOptim extends AbstractOptimKernels {

    @Override
    protected void adamChecked(int n, float[] params, int pOff, float[] grads, int gOff, float[] m, int mOff,
                               float[] v, int vOff, float lr, float beta1, float beta2, float eps, float gradScale,
                               float c1, float c2) {
        float ob1 = 1f - beta1, ob2 = 1f - beta2;
        for (int i = 0; i < n; i++) {
            float g = grads[gOff + i] * gradScale;
            float mi = beta1 * m[mOff + i] + ob1 * g;
            float vi = beta2 * v[vOff + i] + ob2 * (g * g);
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            params[pOff + i] -= lr * (mi * c1) / ((float) Math.sqrt(vi * c2) + eps);
        }
    }
}
