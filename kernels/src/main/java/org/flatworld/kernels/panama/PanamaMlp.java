package org.flatworld.kernels.panama;

import static org.flatworld.kernels.panama.Vec.F;
import static org.flatworld.kernels.panama.Vec.L;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.flatworld.kernels.AbstractMlpKernels;

/**
 * Vector API element-wise and row-wise MLP kernels, single-threaded (each is a few µs at the
 * batch sizes used; a thread hand-off would cost more) and safe to call from several threads at
 * once. Rows are vectorized along columns; row-wise kernels on rows narrower than a vector (the
 * 5-action head) run the scalar tail. exp and tanh come from {@link VecMath} (same bits in the
 * vector body and the scalar tail).
 */
final class PanamaMlp extends AbstractMlpKernels {
    /** One row of the row-wise kernels per calling thread, grown on demand (callers may run in parallel). */
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[64]);

    private float[] scratch(int n) {
        float[] s = scratch.get();
        if (s.length < n) {
            s = new float[Math.max(n, 2 * s.length)];
            scratch.set(s);
        }
        return s;
    }

    @Override
    protected void biasAddChecked(int rows, int cols, float[] x, int xOff, float[] bias, int bOff) {
        int cb = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int j = 0;
            for (; j < cb; j += L)
                FloatVector.fromArray(F, x, xr + j).add(FloatVector.fromArray(F, bias, bOff + j)).intoArray(x, xr + j);
            for (; j < cols; j++) x[xr + j] += bias[bOff + j];
        }
    }

    @Override
    protected void biasGradChecked(int rows, int cols, float[] dy, int dyOff, float[] db, int dbOff, boolean accumulate) {
        if (!accumulate) Arrays.fill(db, dbOff, dbOff + cols, 0f);
        int cb = F.loopBound(cols);
        // row order per column, like the scalar reference (bit-identical)
        for (int r = 0; r < rows; r++) {
            int yr = dyOff + r * cols;
            int j = 0;
            for (; j < cb; j += L)
                FloatVector.fromArray(F, db, dbOff + j).add(FloatVector.fromArray(F, dy, yr + j)).intoArray(db, dbOff + j);
            for (; j < cols; j++) db[dbOff + j] += dy[yr + j];
        }
    }

    @Override
    protected void tanhChecked(int n, float[] x, int xOff, float[] y, int yOff) {
        VecMath.tanh(x, xOff, y, yOff, n);
    }

    @Override
    protected void tanhBackwardChecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int nb = F.loopBound(n);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (; i < nb; i += L) {
            FloatVector t = FloatVector.fromArray(F, y, yOff + i);
            // dx = dy·(1 − y²)
            FloatVector.fromArray(F, dy, dyOff + i).mul(one.sub(t.mul(t))).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }

    @Override
    protected void reluChecked(int n, float[] x, int xOff, float[] y, int yOff) {
        int nb = F.loopBound(n);
        int i = 0;
        for (; i < nb; i += L) FloatVector.fromArray(F, x, xOff + i).max(0f).intoArray(y, yOff + i);
        for (; i < n; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
    }

    @Override
    protected void reluBackwardChecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int nb = F.loopBound(n);
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (; i < nb; i += L) {
            FloatVector yv = FloatVector.fromArray(F, y, yOff + i);
            zero.blend(FloatVector.fromArray(F, dy, dyOff + i), yv.compare(VectorOperators.GT, 0f)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
    }

    /**
     * Rows per block when a row is narrower than a vector (the 5-action head): the block's exps run
     * as one vectorized range instead of a scalar tail per row. Same operations per element (VecMath's
     * vector body and scalar tail agree bit for bit), so a row's result does not depend on its block.
     */
    static final int NARROW_BLOCK = 64;

    @Override
    protected void logSoftmaxChecked(int rows, int cols, float[] logits, int lOff, float[] out, int oOff) {
        if (cols < L) {
            logSoftmaxNarrow(rows, cols, logits, lOff, out, oOff);
            return;
        }
        float[] e = scratch(cols);              // (cols) exp(x − max) of the current row
        int cb = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int li = lOff + r * cols, oi = oOff + r * cols;
            float max = logits[li];
            int j = 0;
            if (cb > 0) {
                FloatVector mv = FloatVector.fromArray(F, logits, li);
                for (j = L; j < cb; j += L) mv = mv.max(FloatVector.fromArray(F, logits, li + j));
                max = mv.reduceLanes(VectorOperators.MAX);   // max is exact in any order
            }
            for (; j < cols; j++) max = Math.max(max, logits[li + j]);
            j = 0;
            for (; j < cb; j += L) FloatVector.fromArray(F, logits, li + j).sub(max).intoArray(e, j);
            for (; j < cols; j++) e[j] = logits[li + j] - max;
            VecMath.exp(e, 0, e, 0, cols);
            float sum = 0f;
            for (j = 0; j < cols; j++) sum += e[j];     // in order, like the scalar reference
            float lse = (float) Math.log(sum) + max;   // log Σ exp(x − max) + max
            j = 0;
            for (; j < cb; j += L) FloatVector.fromArray(F, logits, li + j).sub(lse).intoArray(out, oi + j);
            for (; j < cols; j++) out[oi + j] = logits[li + j] - lse;
        }
    }

    /** logSoftmax for cols < L: per row the max and x − max, one exp over the block, then per row Σ, log and x − lse. */
    private void logSoftmaxNarrow(int rows, int cols, float[] logits, int lOff, float[] out, int oOff) {
        float[] e = scratch(NARROW_BLOCK * (cols + 1)); // (NARROW_BLOCK, cols) exp(x − max), then (NARROW_BLOCK) row maxima
        int mOff = NARROW_BLOCK * cols;
        for (int r0 = 0; r0 < rows; r0 += NARROW_BLOCK) {
            int nr = Math.min(NARROW_BLOCK, rows - r0);
            for (int r = 0; r < nr; r++) {
                int li = lOff + (r0 + r) * cols, ei = r * cols;
                float max = logits[li];
                for (int j = 0; j < cols; j++) max = Math.max(max, logits[li + j]);
                for (int j = 0; j < cols; j++) e[ei + j] = logits[li + j] - max;
                e[mOff + r] = max;
            }
            VecMath.exp(e, 0, e, 0, nr * cols);
            for (int r = 0; r < nr; r++) {
                int li = lOff + (r0 + r) * cols, oi = oOff + (r0 + r) * cols, ei = r * cols;
                float sum = 0f;
                for (int j = 0; j < cols; j++) sum += e[ei + j];       // in order, like the scalar reference
                float lse = (float) Math.log(sum) + e[mOff + r];
                for (int j = 0; j < cols; j++) out[oi + j] = logits[li + j] - lse;
            }
        }
    }

    @Override
    protected void logSoftmaxBackwardChecked(int rows, int cols, float[] logp, int lpOff, float[] dlogp, int dOff, float[] dlogits, int gOff) {
        if (cols < L) {
            // narrow rows: softmax of a block of rows as one vectorized exp (same bits as per row)
            float[] p = scratch(NARROW_BLOCK * cols);   // (NARROW_BLOCK, cols)
            for (int r0 = 0; r0 < rows; r0 += NARROW_BLOCK) {
                int nr = Math.min(NARROW_BLOCK, rows - r0);
                VecMath.exp(logp, lpOff + r0 * cols, p, 0, nr * cols);
                for (int r = 0; r < nr; r++) {
                    int di = dOff + (r0 + r) * cols, gi = gOff + (r0 + r) * cols, pr = r * cols;
                    float s = 0f;
                    for (int j = 0; j < cols; j++) s += dlogp[di + j];
                    for (int j = 0; j < cols; j++) dlogits[gi + j] = dlogp[di + j] - p[pr + j] * s;
                }
            }
            return;
        }
        float[] p = scratch(cols);              // (cols) softmax of the current row
        int cb = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int pi = lpOff + r * cols, di = dOff + r * cols, gi = gOff + r * cols;
            float s = 0f;
            for (int j = 0; j < cols; j++) s += dlogp[di + j];
            VecMath.exp(logp, pi, p, 0, cols);
            // dlogits_j = g_j − softmax_j · Σ_c g_c
            int j = 0;
            for (; j < cb; j += L)
                FloatVector.fromArray(F, dlogp, di + j).sub(FloatVector.fromArray(F, p, j).mul(s)).intoArray(dlogits, gi + j);
            for (; j < cols; j++) dlogits[gi + j] = dlogp[di + j] - p[j] * s;
        }
    }

    @Override
    protected double sumSquaresChecked(int n, float[] x, int xOff) {
        // four accumulators: the FMA latency (4 cycles) would otherwise serialize the loop
        int step = 4 * L;
        int nb = n - n % step;
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i < nb; i += step) {
            FloatVector v0 = FloatVector.fromArray(F, x, xOff + i);
            FloatVector v1 = FloatVector.fromArray(F, x, xOff + i + L);
            FloatVector v2 = FloatVector.fromArray(F, x, xOff + i + 2 * L);
            FloatVector v3 = FloatVector.fromArray(F, x, xOff + i + 3 * L);
            s0 = v0.fma(v0, s0); s1 = v1.fma(v1, s1); s2 = v2.fma(v2, s2); s3 = v3.fma(v3, s3);
        }
        float[] lanes = scratch(L);
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        double s = 0;
        for (int l = 0; l < L; l++) s += lanes[l];       // lanes in order (see Vec)
        for (; i < n; i++) {
            double v = x[xOff + i];
            s += v * v;
        }
        return s;
    }

    @Override
    protected void axpyChecked(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        int nb = F.loopBound(n);
        int i = 0;
        for (; i < nb; i += L)
            FloatVector.fromArray(F, y, yOff + i).add(FloatVector.fromArray(F, x, xOff + i).mul(a)).intoArray(y, yOff + i);
        for (; i < n; i++) y[yOff + i] += a * x[xOff + i];
    }

    @Override
    protected void scaleChecked(int n, float a, float[] x, int xOff) {
        int nb = F.loopBound(n);
        int i = 0;
        for (; i < nb; i += L) FloatVector.fromArray(F, x, xOff + i).mul(a).intoArray(x, xOff + i);
        for (; i < n; i++) x[xOff + i] *= a;
    }
}
