package org.flatworld.kernels.panama;

import static org.flatworld.kernels.panama.Vec.F;
import static org.flatworld.kernels.panama.Vec.L;

import jdk.incubator.vector.FloatVector;
import org.flatworld.kernels.AbstractLstmKernels;

/**
 * Vector API LSTM cell, vectorized along the hidden units of each batch row (gate order i, f, g,
 * o; see {@link org.flatworld.kernels.LstmKernels}). σ and tanh from {@link VecMath}.
 */
final class PanamaLstm extends AbstractLstmKernels {

    @Override
    protected void cellForwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                      float[] c, int cOff, float[] h, int hOff) {
        int hb = F.loopBound(hidden);
        for (int b = 0; b < batch; b++) {
            int gi = gOff + b * 4 * hidden, gf = gi + hidden, gg = gf + hidden, go = gg + hidden, s0 = b * hidden;
            int j = 0;
            for (; j < hb; j += L) {
                FloatVector i = VecMath.sigmoid(FloatVector.fromArray(F, gates, gi + j));
                FloatVector f = VecMath.sigmoid(FloatVector.fromArray(F, gates, gf + j));
                FloatVector g = VecMath.tanh(FloatVector.fromArray(F, gates, gg + j));
                FloatVector o = VecMath.sigmoid(FloatVector.fromArray(F, gates, go + j));
                i.intoArray(gates, gi + j);
                f.intoArray(gates, gf + j);
                g.intoArray(gates, gg + j);
                o.intoArray(gates, go + j);
                // c = f⊙c_prev + i⊙g; h = o⊙tanh(c)
                FloatVector cn = f.mul(FloatVector.fromArray(F, cPrev, cpOff + s0 + j)).add(i.mul(g));
                cn.intoArray(c, cOff + s0 + j);
                o.mul(VecMath.tanh(cn)).intoArray(h, hOff + s0 + j);
            }
            for (; j < hidden; j++) {
                float i = VecMath.sigmoid(gates[gi + j]), f = VecMath.sigmoid(gates[gf + j]);
                float g = VecMath.tanh(gates[gg + j]), o = VecMath.sigmoid(gates[go + j]);
                gates[gi + j] = i; gates[gf + j] = f; gates[gg + j] = g; gates[go + j] = o;
                float cn = f * cPrev[cpOff + s0 + j] + i * g;
                c[cOff + s0 + j] = cn;
                h[hOff + s0 + j] = o * VecMath.tanh(cn);
            }
        }
    }

    @Override
    protected void cellBackwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                       float[] c, int cOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                       float[] dGates, int dgOff, float[] dcPrev, int dcpOff) {
        int hb = F.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int b = 0; b < batch; b++) {
            int gi = gOff + b * 4 * hidden, gf = gi + hidden, gg = gf + hidden, go = gg + hidden;
            int di = dgOff + b * 4 * hidden, df = di + hidden, dg = df + hidden, dO = dg + hidden, s0 = b * hidden;
            int j = 0;
            for (; j < hb; j += L) {
                FloatVector i = FloatVector.fromArray(F, gates, gi + j), f = FloatVector.fromArray(F, gates, gf + j);
                FloatVector g = FloatVector.fromArray(F, gates, gg + j), o = FloatVector.fromArray(F, gates, go + j);
                FloatVector tc = VecMath.tanh(FloatVector.fromArray(F, c, cOff + s0 + j));
                FloatVector dhv = FloatVector.fromArray(F, dh, dhOff + s0 + j);
                // gradient into c: through h = o·tanh(c), plus the one from step t+1
                FloatVector dct = dhv.mul(o).mul(one.sub(tc.mul(tc)));
                if (dc != null) dct = dct.add(FloatVector.fromArray(F, dc, dcOff + s0 + j));
                FloatVector dOut = dhv.mul(tc);
                dct.mul(f).intoArray(dcPrev, dcpOff + s0 + j);
                // σ' = σ(1−σ), tanh' = 1 − tanh²
                dct.mul(g).mul(i).mul(one.sub(i)).intoArray(dGates, di + j);
                dct.mul(FloatVector.fromArray(F, cPrev, cpOff + s0 + j)).mul(f).mul(one.sub(f)).intoArray(dGates, df + j);
                dct.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, dg + j);
                dOut.mul(o).mul(one.sub(o)).intoArray(dGates, dO + j);
            }
            for (; j < hidden; j++) {
                float i = gates[gi + j], f = gates[gf + j], g = gates[gg + j], o = gates[go + j];
                float tc = VecMath.tanh(c[cOff + s0 + j]);
                float dhj = dh[dhOff + s0 + j];
                float dct = dhj * o * (1f - tc * tc) + (dc == null ? 0f : dc[dcOff + s0 + j]);
                dcPrev[dcpOff + s0 + j] = dct * f;
                dGates[di + j] = dct * g * i * (1f - i);
                dGates[df + j] = dct * cPrev[cpOff + s0 + j] * f * (1f - f);
                dGates[dg + j] = dct * i * (1f - g * g);
                dGates[dO + j] = dhj * tc * o * (1f - o);
            }
        }
    }
}
