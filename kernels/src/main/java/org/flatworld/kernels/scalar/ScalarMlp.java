package org.flatworld.kernels.scalar;

import org.flatworld.kernels.AbstractMlpKernels;

/** Reference element-wise and row-wise MLP kernels in plain Java (transcendentals in double). */
public final class ScalarMlp extends AbstractMlpKernels {

    @Override
    protected void biasAddChecked(int rows, int cols, float[] x, int xOff, float[] bias, int bOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            for (int j = 0; j < cols; j++) x[xr + j] += bias[bOff + j];
        }
    }

    @Override
    protected void biasGradChecked(int rows, int cols, float[] dy, int dyOff, float[] db, int dbOff, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(db, dbOff, dbOff + cols, 0f);
        // row order, so the sum is the same whatever the backend's vector width
        for (int r = 0; r < rows; r++) {
            int yr = dyOff + r * cols;
            for (int j = 0; j < cols; j++) db[dbOff + j] += dy[yr + j];
        }
    }

    @Override
    protected void tanhChecked(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = (float) Math.tanh(x[xOff + i]);
    }

    @Override
    protected void tanhBackwardChecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        // d tanh(x)/dx = 1 − tanh²(x)
        for (int i = 0; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }

    @Override
    protected void reluChecked(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
    }

    @Override
    protected void reluBackwardChecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
    }

    @Override
    protected void logSoftmaxChecked(int rows, int cols, float[] logits, int lOff, float[] out, int oOff) {
        for (int r = 0; r < rows; r++) {
            int li = lOff + r * cols, oi = oOff + r * cols;
            float max = logits[li];
            for (int j = 1; j < cols; j++) max = Math.max(max, logits[li + j]);
            float sum = 0f;
            for (int j = 0; j < cols; j++) sum += (float) Math.exp(logits[li + j] - max);
            // log Σ exp(x − max) + max; written after reading the row, so out may alias logits
            float lse = (float) Math.log(sum) + max;
            for (int j = 0; j < cols; j++) out[oi + j] = logits[li + j] - lse;
        }
    }

    @Override
    protected void logSoftmaxBackwardChecked(int rows, int cols, float[] logp, int lpOff, float[] dlogp, int dOff, float[] dlogits, int gOff) {
        for (int r = 0; r < rows; r++) {
            int pi = lpOff + r * cols, di = dOff + r * cols, gi = gOff + r * cols;
            float s = 0f;
            for (int j = 0; j < cols; j++) s += dlogp[di + j];
            // ∂/∂z_j Σ_c g_c (z_c − lse(z)) = g_j − softmax_j · Σ_c g_c
            for (int j = 0; j < cols; j++) dlogits[gi + j] = dlogp[di + j] - (float) Math.exp(logp[pi + j]) * s;
        }
    }

    @Override
    protected double sumSquaresChecked(int n, float[] x, int xOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            s += v * v;
        }
        return s;
    }

    @Override
    protected void axpyChecked(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += a * x[xOff + i];
    }

    @Override
    protected void scaleChecked(int n, float a, float[] x, int xOff) {
        for (int i = 0; i < n; i++) x[xOff + i] *= a;
    }
}
