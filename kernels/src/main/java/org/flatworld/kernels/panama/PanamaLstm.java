package org.flatworld.kernels.panama;

import static org.flatworld.kernels.panama.Vec.F;
import static org.flatworld.kernels.panama.Vec.L;

import jdk.incubator.vector.FloatVector;
import org.flatworld.kernels.AbstractLstmKernels;
import org.flatworld.kernels.WorkerPool;

/**
 * Vector API LSTM cell (gate order i, f, g, o; see {@link org.flatworld.kernels.LstmKernels}).
 * Each batch row is done in short passes over its 4·hidden gates, which stay in L1: the
 * activations through {@link VecMath}'s array loops, then the cell arithmetic with plain
 * lane-wise operations. No vector crosses a method boundary (see {@link Vec}).
 *
 * <p>Large calls (≥ {@link #PARALLEL_MIN_ELEMENTS} elements; the cell is memory-bound, and a
 * second core adds bandwidth) split the batch rows into contiguous ranges, a few per thread,
 * that the pool's threads claim as they get free ({@link WorkerPool#runDynamic}); every element is
 * computed the same way whatever range or thread it falls to, so results do not depend on the
 * thread count. Calls are serialized on the pool (shared with GEMM).
 */
final class PanamaLstm extends AbstractLstmKernels {
    /** Below this many (batch × hidden) elements the hand-off costs more than it saves. */
    static final int PARALLEL_MIN_ELEMENTS = 1 << 16;

    private final WorkerPool pool;
    private final Task task = new Task();

    PanamaLstm(WorkerPool pool) { this.pool = pool; }

    /** One call's arguments; chunk → its row range. */
    private final class Task implements WorkerPool.ChunkBody {
        boolean backward;
        int batch, hidden, span, gOff, cpOff, cOff, hOff, dhOff, dcOff, dgOff, dcpOff;
        float[] gates, cPrev, c, h, dh, dc, dGates, dcPrev;

        @Override
        public void run(int chunk, int worker) {
            int b0 = Math.min(batch, chunk * span), b1 = Math.min(batch, b0 + span);
            if (backward) backwardRows(b0, b1, hidden, gates, gOff, cPrev, cpOff, c, cOff, dh, dhOff, dc, dcOff, dGates, dgOff, dcPrev, dcpOff);
            else forwardRows(b0, b1, hidden, gates, gOff, cPrev, cpOff, c, cOff, h, hOff);
        }

        /** Runs the call whose fields were just set; the caller holds the pool's lock. */
        void run() {
            int threads = pool.threads();
            if (threads == 1 || (long) batch * hidden < PARALLEL_MIN_ELEMENTS) {
                span = batch;
                run(0, 0);
            } else {
                // a few row ranges per thread, claimed as threads get free (rows are independent)
                span = (batch + 4 * threads - 1) / (4 * threads);
                pool.runDynamic((batch + span - 1) / span, this);
            }
            gates = cPrev = c = h = dh = dc = dGates = dcPrev = null;
        }
    }

    @Override
    protected void cellForwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                                   float[] c, int cOff, float[] h, int hOff) {
        synchronized (pool) {   // one call at a time on the pool (shared with GEMM) and the task
            Task t = task;
            t.backward = false; t.batch = batch; t.hidden = hidden;
            t.gates = gates; t.gOff = gOff; t.cPrev = cPrev; t.cpOff = cpOff; t.c = c; t.cOff = cOff; t.h = h; t.hOff = hOff;
            t.run();
        }
    }

    @Override
    protected void cellBackwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                                    float[] c, int cOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                                    float[] dGates, int dgOff, float[] dcPrev, int dcpOff) {
        synchronized (pool) {
            Task t = task;
            t.backward = true; t.batch = batch; t.hidden = hidden;
            t.gates = gates; t.gOff = gOff; t.cPrev = cPrev; t.cpOff = cpOff; t.c = c; t.cOff = cOff;
            t.dh = dh; t.dhOff = dhOff; t.dc = dc; t.dcOff = dcOff; t.dGates = dGates; t.dgOff = dgOff; t.dcPrev = dcPrev; t.dcpOff = dcpOff;
            t.run();
        }
    }

    static void forwardRows(int b0, int b1, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                            float[] c, int cOff, float[] h, int hOff) {
        int hb = F.loopBound(hidden);
        for (int b = b0; b < b1; b++) {
            int gi = gOff + b * 4 * hidden, gf = gi + hidden, gg = gf + hidden, go = gg + hidden, s0 = b * hidden;
            VecMath.sigmoid(gates, gi, gates, gi, 2 * hidden);      // i and f are adjacent
            VecMath.tanh(gates, gg, gates, gg, hidden);
            VecMath.sigmoid(gates, go, gates, go, hidden);
            // c = f⊙c_prev + i⊙g
            int j = 0;
            for (; j < hb; j += L) {
                FloatVector i = FloatVector.fromArray(F, gates, gi + j), f = FloatVector.fromArray(F, gates, gf + j);
                FloatVector g = FloatVector.fromArray(F, gates, gg + j);
                f.mul(FloatVector.fromArray(F, cPrev, cpOff + s0 + j)).add(i.mul(g)).intoArray(c, cOff + s0 + j);
            }
            for (; j < hidden; j++) c[cOff + s0 + j] = gates[gf + j] * cPrev[cpOff + s0 + j] + gates[gi + j] * gates[gg + j];
            // h = o⊙tanh(c)
            VecMath.tanh(c, cOff + s0, h, hOff + s0, hidden);
            j = 0;
            for (; j < hb; j += L)
                FloatVector.fromArray(F, h, hOff + s0 + j).mul(FloatVector.fromArray(F, gates, go + j)).intoArray(h, hOff + s0 + j);
            for (; j < hidden; j++) h[hOff + s0 + j] *= gates[go + j];
        }
    }

    static void backwardRows(int b0, int b1, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                             float[] c, int cOff, float[] dh, int dhOff, float[] dc, int dcOff,
                             float[] dGates, int dgOff, float[] dcPrev, int dcpOff) {
        int hb = F.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int b = b0; b < b1; b++) {
            int gi = gOff + b * 4 * hidden, gf = gi + hidden, gg = gf + hidden, go = gg + hidden;
            int di = dgOff + b * 4 * hidden, df = di + hidden, dg = df + hidden, dO = dg + hidden, s0 = b * hidden;
            int tc0 = dcpOff + s0;
            // tanh(c) into the dcPrev row, read back element by element before it is overwritten
            VecMath.tanh(c, cOff + s0, dcPrev, tc0, hidden);
            int j = 0;
            for (; j < hb; j += L) {
                FloatVector i = FloatVector.fromArray(F, gates, gi + j), f = FloatVector.fromArray(F, gates, gf + j);
                FloatVector g = FloatVector.fromArray(F, gates, gg + j), o = FloatVector.fromArray(F, gates, go + j);
                FloatVector tc = FloatVector.fromArray(F, dcPrev, tc0 + j);
                FloatVector dhv = FloatVector.fromArray(F, dh, dhOff + s0 + j);
                // gradient into c: through h = o·tanh(c), plus the one from step t+1
                FloatVector dct = dhv.mul(o).mul(one.sub(tc.mul(tc)));
                if (dc != null) dct = dct.add(FloatVector.fromArray(F, dc, dcOff + s0 + j));
                FloatVector dOut = dhv.mul(tc);
                // σ' = σ(1−σ), tanh' = 1 − tanh²; dGates may alias gates: all four gates were read above
                dct.mul(g).mul(i).mul(one.sub(i)).intoArray(dGates, di + j);
                dct.mul(FloatVector.fromArray(F, cPrev, cpOff + s0 + j)).mul(f).mul(one.sub(f)).intoArray(dGates, df + j);
                dct.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, dg + j);
                dOut.mul(o).mul(one.sub(o)).intoArray(dGates, dO + j);
                dct.mul(f).intoArray(dcPrev, tc0 + j);
            }
            for (; j < hidden; j++) {
                float i = gates[gi + j], f = gates[gf + j], g = gates[gg + j], o = gates[go + j];
                float tc = dcPrev[tc0 + j];
                float dhj = dh[dhOff + s0 + j];
                float dct = dhj * o * (1f - tc * tc) + (dc == null ? 0f : dc[dcOff + s0 + j]);
                dGates[di + j] = dct * g * i * (1f - i);
                dGates[df + j] = dct * cPrev[cpOff + s0 + j] * f * (1f - f);
                dGates[dg + j] = dct * i * (1f - g * g);
                dGates[dO + j] = dhj * tc * o * (1f - o);
                dcPrev[tc0 + j] = dct * f;
            }
        }
    }
}
