package org.flatworld.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backward kernels against central finite differences of a tiny double-precision reference of the
 * same forward computation (so the check does not trust any forward kernel).
 */
class GradientCheckTest {
    private static final double H = 1e-5;
    private final SplittableRandom rnd = new SplittableRandom(7);

    private double[] random(int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale); // representable in float
        return x;
    }

    private static float[] f(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = (float) x[i];
        return y;
    }

    private static void check(String what, double[] fd, float[] analytic, int off) {
        for (int i = 0; i < fd.length; i++) {
            double a = analytic[off + i];
            if (Math.abs(fd[i] - a) > 1e-3 * Math.max(1.0, Math.abs(fd[i])))
                fail(what + "[" + i + "]: finite difference " + fd[i] + ", kernel " + a);
        }
    }

    private interface Loss { double at(double[] p); }

    /** Central differences of loss with respect to every entry of p (modified in place, restored). */
    private static double[] numeric(double[] p, Loss loss) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double v = p[i];
            p[i] = v + H;
            double up = loss.at(p);
            p[i] = v - H;
            double down = loss.at(p);
            p[i] = v;
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }

    // ---- a dense layer z = x·Wᵀ + b, y = act(z) or log-softmax(z), loss = Σ y ⊙ R ----

    private static double layerLoss(int rows, int in, int out, double[] x, double[] w, double[] b, double[] r, String act) {
        double loss = 0;
        double[] z = new double[out];
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int p = 0; p < in; p++) s += x[i * in + p] * w[o * in + p];
                z[o] = s;
                max = Math.max(max, s);
            }
            double lse = 0;
            for (int o = 0; o < out; o++) lse += Math.exp(z[o] - max);
            lse = Math.log(lse) + max;
            for (int o = 0; o < out; o++) {
                double y = switch (act) {
                    case "tanh" -> Math.tanh(z[o]);
                    case "relu" -> Math.max(z[o], 0);
                    default -> z[o] - lse;
                };
                loss += y * r[i * out + o];
            }
        }
        return loss;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar-tanh", "scalar-relu", "scalar-logsoftmax", "panama-tanh", "panama-relu", "panama-logsoftmax"})
    void denseLayerBackwardMatchesFiniteDifferences(String variant) {
        String backend = variant.substring(0, variant.indexOf('-')), act = variant.substring(variant.indexOf('-') + 1);
        int rows = 3, in = 7, out = 5;
        double[] x = random(rows * in, 1), w = random(out * in, 0.5), b = random(out, 0.5), r = random(rows * out, 1);
        try (Kernels k = backend.equals("scalar") ? KernelProvider.scalar() : KernelProvider.create("panama", 2)) {
            FlopLedger.Counter n = FlopLedger.NONE;
            float[] xf = f(x), wf = f(w), bf = f(b), rf = f(r);
            float[] y = new float[rows * out];                 // (rows, out)
            k.gemm().gemm(false, true, rows, out, in, xf, 0, in, wf, 0, in, y, 0, out, false, n);
            k.mlp().biasAdd(rows, out, y, 0, bf, 0, n);
            float[] dz = new float[rows * out];                // (rows, out)
            switch (act) {
                case "tanh" -> { k.mlp().tanh(rows * out, y, 0, y, 0, n); k.mlp().tanhBackward(rows * out, y, 0, rf, 0, dz, 0, n); }
                case "relu" -> { k.mlp().relu(rows * out, y, 0, y, 0, n); k.mlp().reluBackward(rows * out, y, 0, rf, 0, dz, 0, n); }
                default -> { k.mlp().logSoftmax(rows, out, y, 0, y, 0, n); k.mlp().logSoftmaxBackward(rows, out, y, 0, rf, 0, dz, 0, n); }
            }
            float[] dw = new float[out * in], db = new float[out], dx = new float[rows * in];
            k.gemm().gemm(true, false, out, in, rows, dz, 0, out, xf, 0, in, dw, 0, in, false, n);   // dW = dzᵀ·x
            k.mlp().biasGrad(rows, out, dz, 0, db, 0, false, n);
            k.gemm().gemm(false, false, rows, in, out, dz, 0, out, wf, 0, in, dx, 0, in, false, n);  // dx = dz·W
            check(variant + " dW", numeric(w, p -> layerLoss(rows, in, out, x, p, b, r, act)), dw, 0);
            check(variant + " db", numeric(b, p -> layerLoss(rows, in, out, x, w, p, r, act)), db, 0);
            check(variant + " dx", numeric(x, p -> layerLoss(rows, in, out, p, w, b, r, act)), dx, 0);
        }
    }

    // ---- the LSTM cell: loss = Σ h ⊙ Rh + Σ c ⊙ Rc as a function of the pre-activations and c_prev ----

    private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    private static double cellLoss(int batch, int hidden, double[] z, double[] cPrev, double[] rh, double[] rc) {
        double loss = 0;
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < hidden; j++) {
                int g = b * 4 * hidden + j, s = b * hidden + j;
                double i = sigmoid(z[g]), f = sigmoid(z[g + hidden]), gg = Math.tanh(z[g + 2 * hidden]), o = sigmoid(z[g + 3 * hidden]);
                double c = f * cPrev[s] + i * gg;
                double h = o * Math.tanh(c);
                loss += h * rh[s] + c * rc[s];
            }
        return loss;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "panama"})
    void lstmCellBackwardMatchesFiniteDifferences(String backend) {
        // hidden 19: one 16-lane vector (or two 8-lane ones) and a scalar tail
        int batch = 2, hidden = 19;
        double[] z = random(batch * 4 * hidden, 1.5), cPrev = random(batch * hidden, 1);
        double[] rh = random(batch * hidden, 1), rc = random(batch * hidden, 1);
        try (Kernels k = backend.equals("scalar") ? KernelProvider.scalar() : KernelProvider.create("panama", 1)) {
            float[] gates = f(z);                                 // (batch, 4·hidden), activated in place
            float[] cp = f(cPrev), c = new float[batch * hidden], h = new float[batch * hidden];
            k.lstm().cellForward(batch, hidden, gates, 0, cp, 0, c, 0, h, 0, FlopLedger.NONE);
            float[] dGates = new float[gates.length], dcPrev = new float[cp.length];
            k.lstm().cellBackward(batch, hidden, gates, 0, cp, 0, c, 0, f(rh), 0, f(rc), 0, dGates, 0, dcPrev, 0, FlopLedger.NONE);
            check(backend + " dGates", numeric(z, p -> cellLoss(batch, hidden, p, cPrev, rh, rc)), dGates, 0);
            check(backend + " dcPrev", numeric(cPrev, p -> cellLoss(batch, hidden, z, p, rh, rc)), dcPrev, 0);
        }
    }
}
