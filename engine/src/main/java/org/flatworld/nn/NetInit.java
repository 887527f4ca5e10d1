package org.flatworld.nn;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Parameter initialisation, deterministic in the seed. {@code orthogonal} (Saxe et al. 2014): each
 * weight matrix is a random orthogonal matrix times a gain — √2 for torso and LSTM layers, 0.01 for
 * the policy head (near-uniform initial policy), 1 for the value head, as in CleanRL's PPO.
 * {@code scaled}: uniform with variance gain²/fan_in (LeCun-style variance scaling). Biases are 0,
 * except the LSTM forget gate's, which is 1 (Jozefowicz et al. 2015).
 */
public final class NetInit {
    public enum Scheme { ORTHOGONAL, SCALED }

    private NetInit() {}

    public static void init(NetShape shape, float[] params, Scheme scheme, long seed) {
        ParamLayout layout = new ParamLayout(shape);
        if (params.length < layout.size()) throw new IllegalArgumentException("params too short: " + params.length + " < " + layout.size());
        SplittableRandom rng = new SplittableRandom(seed);
        double sqrt2 = Math.sqrt(2);
        for (ParamLayout.Entry e : layout.entries()) {
            if (e.shape().length == 1) {
                java.util.Arrays.fill(params, e.offset(), e.offset() + e.size(), 0f);
                continue;
            }
            double gain = e.name().startsWith("policy") ? 0.01 : e.name().startsWith("value") ? 1.0
                    : e.name().startsWith("lstm") ? 1.0 : sqrt2;
            fill(params, e.offset(), e.shape()[0], e.shape()[1], gain, scheme, rng);
        }
        if (shape.recurrent()) {
            int h = shape.lstmHidden(), b = layout.entry("lstm.bias").offset();
            for (int j = h; j < 2 * h; j++) params[b + j] = 1f; // forget gate (order i, f, g, o)
        }
    }

    private static void fill(float[] p, int off, int rows, int cols, double gain, Scheme scheme, SplittableRandom rng) {
        if (scheme == Scheme.SCALED) {
            double lim = gain * Math.sqrt(3.0 / cols); // U(−l, l) has variance l²/3 = gain²/fan_in
            for (int i = 0; i < rows * cols; i++) p[off + i] = (float) ((rng.nextDouble() * 2 - 1) * lim);
            return;
        }
        // QR of a tall Gaussian matrix; Q with the signs of diag(R) folded in is Haar-distributed
        int tall = Math.max(rows, cols), wide = Math.min(rows, cols);
        double[][] g = new double[tall][wide];
        for (int i = 0; i < tall; i++) for (int j = 0; j < wide; j++) g[i][j] = rng.nextGaussian();
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(g, false));
        RealMatrix q = qr.getQ(), r = qr.getR();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // element (i, j) of the (rows, cols) matrix: Q[:, :wide] or its transpose
                int ti = rows >= cols ? i : j, tj = rows >= cols ? j : i;
                double sign = Math.signum(r.getEntry(tj, tj));
                if (sign == 0) sign = 1;
                p[off + i * cols + j] = (float) (gain * q.getEntry(ti, tj) * sign);
            }
        }
    }
}
