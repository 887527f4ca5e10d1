package org.flatworld.nn;

/**
 * A double-precision reference of {@link ActorCritic}'s forward pass, written independently and
 * plainly, for the finite-difference gradient checks. Returns Σ wLogp·logp + Σ wV·v.
 */
final class RefNet {
    private RefNet() {}

    static double objective(NetShape s, double[] p, float[] obs, int steps, int batch, byte[] reset,
                            double[] h0, double[] c0, double[] wLogp, double[] wV) {
        ParamLayout l = new ParamLayout(s);
        int rows = steps * batch;
        double[] x = new double[rows * s.obsDim()];
        for (int i = 0; i < x.length; i++) x[i] = obs[i];
        int in = s.obsDim();
        for (int layer = 0; layer < s.layers(); layer++) {
            int out = s.width(layer);
            double[] y = new double[rows * out];
            for (int r = 0; r < rows; r++)
                for (int o = 0; o < out; o++) {
                    double acc = p[l.torsoB[layer] + o];
                    for (int k = 0; k < in; k++) acc += x[r * in + k] * p[l.torsoW[layer] + o * in + k];
                    y[r * out + o] = Math.tanh(acc);
                }
            x = y;
            in = out;
        }
        if (s.recurrent()) {
            int h = s.lstmHidden();
            double[] hs = new double[rows * h];
            double[] hp = new double[batch * h], cp = new double[batch * h];
            if (h0 != null) { System.arraycopy(h0, 0, hp, 0, hp.length); System.arraycopy(c0, 0, cp, 0, cp.length); }
            for (int t = 0; t < steps; t++) {
                double[] hn = new double[batch * h], cn = new double[batch * h];
                for (int b = 0; b < batch; b++) {
                    boolean rs = reset != null && reset[t * batch + b] != 0;
                    double[] pre = new double[4 * h];
                    for (int g = 0; g < 4 * h; g++) {
                        double acc = p[l.lstmB + g];
                        for (int k = 0; k < in; k++) acc += x[(t * batch + b) * in + k] * p[l.lstmWih + g * in + k];
                        if (!rs) for (int k = 0; k < h; k++) acc += hp[b * h + k] * p[l.lstmWhh + g * h + k];
                        pre[g] = acc;
                    }
                    for (int j = 0; j < h; j++) {
                        double ig = sig(pre[j]), fg = sig(pre[h + j]), gg = Math.tanh(pre[2 * h + j]), og = sig(pre[3 * h + j]);
                        double c = fg * (rs ? 0 : cp[b * h + j]) + ig * gg;
                        cn[b * h + j] = c;
                        hn[b * h + j] = og * Math.tanh(c);
                    }
                }
                System.arraycopy(hn, 0, hs, t * batch * h, batch * h);
                hp = hn;
                cp = cn;
            }
            x = hs;
            in = h;
        }
        double obj = 0;
        for (int r = 0; r < rows; r++) obj += heads(s, l, p, x, r * in, in, r, wLogp, wV);
        return obj;
    }

    /**
     * Row r's share of the objective from its torso output x[xOff, xOff + in): Σ_j wLogp[r, j]·log-softmax(logits)_j
     * + wV[r]·v, with logits = W_π·x + b_π and v = w_v·x + b_v.
     */
    static double heads(NetShape s, ParamLayout l, double[] p, double[] x, int xOff, int in, int r, double[] wLogp, double[] wV) {
        int a = s.numActions();
        double[] logit = new double[a];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < a; j++) {
            double acc = p[l.policyB + j];
            for (int k = 0; k < in; k++) acc += x[xOff + k] * p[l.policyW + j * in + k];
            logit[j] = acc;
            max = Math.max(max, acc);
        }
        double z = 0;
        for (int j = 0; j < a; j++) z += Math.exp(logit[j] - max);
        double obj = 0;
        for (int j = 0; j < a; j++) obj += wLogp[r * a + j] * (logit[j] - max - Math.log(z));
        double v = p[l.valueB];
        for (int k = 0; k < in; k++) v += x[xOff + k] * p[l.valueW + k];
        return obj + wV[r] * v;
    }

    private static double sig(double x) { return 1 / (1 + Math.exp(-x)); }
}
