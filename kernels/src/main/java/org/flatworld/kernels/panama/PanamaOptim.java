package org.flatworld.kernels.panama;

import static org.flatworld.kernels.panama.Vec.F;
import static org.flatworld.kernels.panama.Vec.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.flatworld.kernels.AbstractOptimKernels;

/** Vector API Adam step (Kingma and Ba 2015), one pass over params, grads, m and v. */
final class PanamaOptim extends AbstractOptimKernels {

    @Override
    protected void adamChecked(int n, float[] params, int pOff, float[] grads, int gOff, float[] m, int mOff,
                               float[] v, int vOff, float lr, float beta1, float beta2, float eps, float gradScale,
                               float c1, float c2) {
        float ob1 = 1f - beta1, ob2 = 1f - beta2;
        int nb = F.loopBound(n);
        int i = 0;
        for (; i < nb; i += L) {
            FloatVector g = FloatVector.fromArray(F, grads, gOff + i).mul(gradScale);
            FloatVector mi = FloatVector.fromArray(F, m, mOff + i).mul(beta1).add(g.mul(ob1));
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(beta2).add(g.mul(g).mul(ob2));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            // p −= lr·m̂/(sqrt(v̂) + eps)
            FloatVector step = mi.mul(c1).mul(lr).div(vi.mul(c2).lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(F, params, pOff + i).sub(step).intoArray(params, pOff + i);
        }
        for (; i < n; i++) {
            float g = grads[gOff + i] * gradScale;
            float mi = beta1 * m[mOff + i] + ob1 * g;
            float vi = beta2 * v[vOff + i] + ob2 * (g * g);
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            params[pOff + i] -= lr * (mi * c1) / ((float) Math.sqrt(vi * c2) + eps);
        }
    }
}
