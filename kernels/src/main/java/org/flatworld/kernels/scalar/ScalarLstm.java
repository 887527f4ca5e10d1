package org.flatworld.kernels.scalar;

import org.flatworld.kernels.AbstractLstmKernels;

/**
 * Reference LSTM cell (Hochreiter and Schmidhuber 1997; gate order i, f, g, o as in PyTorch).
 * Gates row b of (batch, 4·hidden) is [i | f | g | o], each {@code hidden} wide.
 */
public final class ScalarLstm extends AbstractLstmKernels {

    static float sigmoid(float x) { return (float) (1.0 / (1.0 + Math.exp(-x))); }

    @Override
    protected void cellForwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                      float[] c, int cOff, float[] h, int hOff) {
        for (int b = 0; b < batch; b++) {
            int g0 = gOff + b * 4 * hidden, s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = sigmoid(gates[g0 + j]);
                float f = sigmoid(gates[g0 + hidden + j]);
                float g = (float) Math.tanh(gates[g0 + 2 * hidden + j]);
                float o = sigmoid(gates[g0 + 3 * hidden + j]);
                gates[g0 + j] = i;
                gates[g0 + hidden + j] = f;
                gates[g0 + 2 * hidden + j] = g;
                gates[g0 + 3 * hidden + j] = o;
                float cn = f * cPrev[cpOff + s0 + j] + i * g;   // c = f⊙c_prev + i⊙g
                c[cOff + s0 + j] = cn;
                h[hOff + s0 + j] = o * (float) Math.tanh(cn);   // h = o⊙tanh(c)
            }
        }
    }

    @Override
    protected void cellBackwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                       float[] c, int cOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                       float[] dGates, int dgOff, float[] dcPrev, int dcpOff) {
        for (int b = 0; b < batch; b++) {
            int g0 = gOff + b * 4 * hidden, d0 = dgOff + b * 4 * hidden, s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = gates[g0 + j], f = gates[g0 + hidden + j];
                float g = gates[g0 + 2 * hidden + j], o = gates[g0 + 3 * hidden + j];
                float tc = (float) Math.tanh(c[cOff + s0 + j]);
                float dhj = dh[dhOff + s0 + j];
                // total gradient into c: from h = o·tanh(c) plus the one flowing from step t+1
                float dct = dhj * o * (1f - tc * tc) + (dc == null ? 0f : dc[dcOff + s0 + j]);
                float dO = dhj * tc;
                float dI = dct * g, dG = dct * i, dF = dct * cPrev[cpOff + s0 + j];
                dcPrev[dcpOff + s0 + j] = dct * f;
                // through the activations: σ' = σ(1−σ), tanh' = 1 − tanh²
                dGates[d0 + j] = dI * i * (1f - i);
                dGates[d0 + hidden + j] = dF * f * (1f - f);
                dGates[d0 + 2 * hidden + j] = dG * (1f - g * g);
                dGates[d0 + 3 * hidden + j] = dO * o * (1f - o);
            }
        }
    }
}
