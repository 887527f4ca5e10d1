package org.flatworld.nn;

import java.util.Arrays;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.GemmKernels;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.LstmKernels;
import org.flatworld.kernels.MlpKernels;

/**
 * An actor-critic network on the kernel interfaces, with hand-written backward passes.
 * Stateless apart from its shape: parameters are a flat {@code float[]} laid out by
 * {@link ParamLayout} (so the online and the target network share this object), activations live
 * in a {@link Workspace}.
 *
 * <p>Forward, per docs/FLOPS.md ({@code NetworkFlops}): per torso layer x·Wᵀ (gemm) + bias + tanh;
 * for the LSTM model the torso is the encoder, then gates = x·W_ihᵀ + h·W_hhᵀ + b and the fused cell
 * (Hochreiter and Schmidhuber 1997); policy head logits = f·W_πᵀ + b_π, log-softmax; value head
 * v = f·w_vᵀ + b_v. Backward: log-softmax backward; per head dW (gemm), db, df (gemm; the value head's
 * accumulated into the same df); per torso layer from the top: tanh backward, dW, db, dx except the
 * first layer. The LSTM is trained by backpropagation through time over the unroll, with the state
 * zeroed at episode starts (a reset row contributes no gradient to the previous step). The entity
 * model runs {@link EntityEncoder} first; the torso then reads its output instead of the observation.
 */
public final class ActorCritic {
    private final NetShape shape;
    private final ParamLayout layout;
    private final GemmKernels gemm;
    private final MlpKernels mlp;
    private final LstmKernels lstm;
    private final EntityEncoder entity; // entity model only: the object-centric front end of the torso

    public ActorCritic(NetShape shape, Kernels kernels) {
        this.shape = shape;
        this.layout = new ParamLayout(shape);
        this.gemm = kernels.gemm();
        this.mlp = kernels.mlp();
        this.lstm = kernels.lstm();
        this.entity = shape.entity() ? new EntityEncoder(shape, layout, gemm, mlp) : null;
    }

    public NetShape shape() { return shape; }

    public ParamLayout layout() { return layout; }

    public int paramCount() { return layout.size(); }

    /** The element-wise kernels this network runs on (sampling, reductions for callers). */
    public MlpKernels mlpKernels() { return mlp; }

    /** Activations and gradients for up to {@code steps × batch} rows, allocated once. */
    public Workspace workspace(int steps, int batch) { return new Workspace(steps, batch); }

    public final class Workspace {
        final int maxSteps, maxBatch;
        final float[][] act;      // per torso layer: (steps·batch, hidden[i]) after tanh
        final float[] dA, dB;     // (steps·batch, maxHidden) ping-pong gradients through the torso
        final float[] logits;     // (steps·batch, A)
        public final float[] logp;   // (steps·batch, A)
        public final float[] value;  // (steps·batch)
        final float[] dlogits;    // (steps·batch, A)
        // LSTM only
        final float[] gates;      // (steps·batch, 4H) activated gates i, f, g, o
        final float[] dGates;     // (steps·batch, 4H)
        final float[] hPrev, cPrev; // (steps·batch, H) state entering each step (zeros after a reset)
        public final float[] h, c;  // (steps·batch, H) state leaving each step
        final float[] dhPrev;     // (batch, H) ∂L/∂h of the step being processed
        final float[] dcA, dcB;   // (batch, H) gradient into c from the following step
        final EntityEncoder.Buffers ent; // entity model only
        // the current pass
        int steps, batch;
        float[] in;
        int inOff;
        byte[] reset;
        int resetOff;

        Workspace(int steps, int batch) {
            if (steps < 1 || batch < 1 || (long) steps * batch > 1 << 26)
                throw new IllegalArgumentException("workspace steps and batch must be ≥ 1 with steps·batch ≤ 2^26, got "
                        + steps + " × " + batch);
            this.maxSteps = steps;
            this.maxBatch = batch;
            int rows = steps * batch, a = shape.numActions(), f = shape.featureDim();
            act = new float[shape.layers()][];
            for (int i = 0; i < act.length; i++) act[i] = new float[rows * shape.width(i)];
            dA = new float[rows * shape.maxHidden()];
            dB = new float[rows * shape.maxHidden()];
            logits = new float[rows * a];
            logp = new float[rows * a];
            value = new float[rows];
            dlogits = new float[rows * a];
            if (shape.recurrent()) {
                int hh = shape.lstmHidden();
                gates = new float[rows * 4 * hh];
                dGates = new float[rows * 4 * hh];
                hPrev = new float[rows * hh];
                cPrev = new float[rows * hh];
                h = new float[rows * hh];
                c = new float[rows * hh];
                dhPrev = new float[batch * hh];
                dcA = new float[batch * hh];
                dcB = new float[batch * hh];
            } else {
                gates = dGates = hPrev = cPrev = h = c = dhPrev = dcA = dcB = null;
            }
            ent = entity == null ? null : entity.buffers(rows);
        }

        public int maxSteps() { return maxSteps; }

        public int maxBatch() { return maxBatch; }

        /** Offset of the LSTM state leaving step {@code t} for row 0 of the batch in {@link #h}/{@link #c}. */
        public int stateOffset(int t) { return t * batch * shape.lstmHidden(); }
    }

    /**
     * Forward over {@code steps × batch} rows of {@code obs} ((steps, batch, obsDim) from
     * {@code obsOff}); results in {@code ws.logp} (steps·batch, A) and {@code ws.value}.
     * For the LSTM, {@code h0}/{@code c0} ((batch, H) from {@code stateOff}; null = zeros) is the state
     * before step 0 and {@code reset} ((steps, batch) from {@code resetOff}; null = none) marks rows
     * whose episode starts at that step (state zeroed first). A feed-forward network ignores both.
     */
    public void forward(float[] params, Workspace ws, int steps, int batch, float[] obs, int obsOff,
                        float[] h0, float[] c0, int stateOff, byte[] reset, int resetOff, FlopLedger.Counter flops) {
        forward(params, ws, steps, batch, obs, obsOff, h0, c0, stateOff, reset, resetOff, true, flops);
    }

    /**
     * As {@link #forward} without the policy head: only {@code ws.value} is written (the same bits as
     * {@code forward} gives), {@code ws.logp} is stale and {@link #backward} must not follow. For
     * passes that need V alone (the trainer's value targets): saves the head GEMM and log-softmax.
     */
    public void forwardValue(float[] params, Workspace ws, int steps, int batch, float[] obs, int obsOff,
                             float[] h0, float[] c0, int stateOff, byte[] reset, int resetOff, FlopLedger.Counter flops) {
        forward(params, ws, steps, batch, obs, obsOff, h0, c0, stateOff, reset, resetOff, false, flops);
    }

    private void forward(float[] params, Workspace ws, int steps, int batch, float[] obs, int obsOff,
                         float[] h0, float[] c0, int stateOff, byte[] reset, int resetOff, boolean policy,
                         FlopLedger.Counter flops) {
        if (steps < 1 || steps > ws.maxSteps || batch < 1 || batch > ws.maxBatch)
            throw new IllegalArgumentException("steps × batch " + steps + " × " + batch + " exceeds the workspace "
                    + ws.maxSteps + " × " + ws.maxBatch);
        if (params.length < layout.size())
            throw new IllegalArgumentException("params has " + params.length + " floats, the network needs " + layout.size());
        int rows = steps * batch;
        if (obsOff < 0 || obsOff + (long) rows * shape.obsDim() > obs.length)
            throw new IllegalArgumentException("obs too short for " + rows + " rows of " + shape.obsDim());
        ws.steps = steps;
        ws.batch = batch;
        ws.in = obs;
        ws.inOff = obsOff;
        ws.reset = reset;
        ws.resetOff = resetOff;
        float[] x = obs;
        int xOff = obsOff;
        if (entity != null) {
            entity.forward(params, ws.ent, rows, obs, obsOff, flops);
            x = ws.ent.x0;
            xOff = 0;
        }
        for (int i = 0; i < shape.layers(); i++) {
            int out = shape.width(i), in = shape.inWidth(i);
            float[] y = ws.act[i];
            gemm.gemm(false, true, rows, out, in, x, xOff, in, params, layout.torsoW[i], in, y, 0, out, false, flops);
            mlp.biasAdd(rows, out, y, 0, params, layout.torsoB[i], flops);
            mlp.tanh(rows * out, y, 0, y, 0, flops);
            x = y;
            xOff = 0;
        }
        float[] feat = x;
        if (shape.recurrent()) {
            lstmForward(params, ws, steps, batch, x, h0, c0, stateOff, reset, resetOff, flops);
            feat = ws.h;
        }
        int a = shape.numActions(), f = shape.featureDim();
        if (policy) {
            gemm.gemm(false, true, rows, a, f, feat, 0, f, params, layout.policyW, f, ws.logits, 0, a, false, flops);
            mlp.biasAdd(rows, a, ws.logits, 0, params, layout.policyB, flops);
            mlp.logSoftmax(rows, a, ws.logits, 0, ws.logp, 0, flops);
        }
        gemm.gemm(false, true, rows, 1, f, feat, 0, f, params, layout.valueW, f, ws.value, 0, 1, false, flops);
        mlp.biasAdd(rows, 1, ws.value, 0, params, layout.valueB, flops);
    }

    private void lstmForward(float[] params, Workspace ws, int steps, int batch, float[] enc,
                             float[] h0, float[] c0, int stateOff, byte[] reset, int resetOff, FlopLedger.Counter flops) {
        int hh = shape.lstmHidden(), g4 = 4 * hh, e = shape.width(shape.layers() - 1), rows = steps * batch;
        // input projection for every step at once: gates = enc·W_ihᵀ + b
        gemm.gemm(false, true, rows, g4, e, enc, 0, e, params, layout.lstmWih, e, ws.gates, 0, g4, false, flops);
        mlp.biasAdd(rows, g4, ws.gates, 0, params, layout.lstmB, flops);
        for (int t = 0; t < steps; t++) {
            int so = t * batch * hh;
            // state entering step t: the previous step's, or h0/c0, zeroed where an episode starts
            if (t == 0) {
                if (h0 != null) System.arraycopy(h0, stateOff, ws.hPrev, 0, batch * hh);
                else Arrays.fill(ws.hPrev, 0, batch * hh, 0f);
                if (c0 != null) System.arraycopy(c0, stateOff, ws.cPrev, 0, batch * hh);
                else Arrays.fill(ws.cPrev, 0, batch * hh, 0f);
            } else {
                System.arraycopy(ws.h, so - batch * hh, ws.hPrev, so, batch * hh);
                System.arraycopy(ws.c, so - batch * hh, ws.cPrev, so, batch * hh);
            }
            if (reset != null) {
                for (int b = 0; b < batch; b++) {
                    if (reset[resetOff + t * batch + b] != 0) {
                        Arrays.fill(ws.hPrev, so + b * hh, so + (b + 1) * hh, 0f);
                        Arrays.fill(ws.cPrev, so + b * hh, so + (b + 1) * hh, 0f);
                    }
                }
            }
            int go = t * batch * g4;
            gemm.gemm(false, true, batch, g4, hh, ws.hPrev, so, hh, params, layout.lstmWhh, hh, ws.gates, go, g4, true, flops);
            lstm.cellForward(batch, hh, ws.gates, go, ws.cPrev, so, ws.c, so, ws.h, so, flops);
        }
    }

    /**
     * Backward of the last {@link #forward} on {@code ws}: given ∂L/∂logp ((rows, A), a free vector
     * per row) and ∂L/∂v ((rows)), writes ∂L/∂θ into {@code grads} (overwritten, same layout as the
     * parameters). {@code dlogp} and {@code dv} are read from offset 0.
     */
    public void backward(float[] params, Workspace ws, float[] dlogp, float[] dv, float[] grads, FlopLedger.Counter flops) {
        backward(params, ws, dlogp, 0, dv, 0, grads, flops);
    }

    /**
     * As {@link #backward(float[], Workspace, float[], float[], float[], FlopLedger.Counter)} with
     * ∂L/∂logp read from {@code dlogpOff} and ∂L/∂v from {@code dvOff} (one slice of a larger batch).
     */
    public void backward(float[] params, Workspace ws, float[] dlogp, int dlogpOff, float[] dv, int dvOff, float[] grads,
                         FlopLedger.Counter flops) {
        int steps = ws.steps, batch = ws.batch, rows = steps * batch;
        int a = shape.numActions(), f = shape.featureDim();
        if (grads.length < layout.size()) throw new IllegalArgumentException("grads has " + grads.length + " floats, need " + layout.size());
        if (dlogpOff < 0 || dlogpOff + (long) rows * a > dlogp.length || dvOff < 0 || dvOff + (long) rows > dv.length)
            throw new IllegalArgumentException("dlogp from " + dlogpOff + " or dv from " + dvOff + " too short for " + rows + " rows");
        float[] feat = shape.recurrent() ? ws.h : ws.act[shape.layers() - 1];
        // heads: log-softmax backward, dW and db over every row at once
        mlp.logSoftmaxBackward(rows, a, ws.logp, 0, dlogp, dlogpOff, ws.dlogits, 0, flops);
        gemm.gemm(true, false, a, f, rows, ws.dlogits, 0, a, feat, 0, f, grads, layout.policyW, f, false, flops);
        mlp.biasGrad(rows, a, ws.dlogits, 0, grads, layout.policyB, false, flops);
        if (!shape.recurrent()) {
            gemm.gemm(false, false, rows, f, a, ws.dlogits, 0, a, params, layout.policyW, f, ws.dA, 0, f, false, flops);
            gemm.gemm(true, false, 1, f, rows, dv, dvOff, 1, feat, 0, f, grads, layout.valueW, f, false, flops);
            mlp.biasGrad(rows, 1, dv, dvOff, grads, layout.valueB, false, flops);
            gemm.gemm(false, false, rows, f, 1, dv, dvOff, 1, params, layout.valueW, f, ws.dA, 0, f, true, flops); // df += dv·w_v
        } else {
            gemm.gemm(true, false, 1, f, rows, dv, dvOff, 1, feat, 0, f, grads, layout.valueW, f, false, flops);
            mlp.biasGrad(rows, 1, dv, dvOff, grads, layout.valueB, false, flops);
            lstmBackward(params, ws, dv, dvOff, grads, flops); // the heads' df per step, BPTT; leaves ∂L/∂enc in ws.dA
        }
        // torso, from the top
        float[] dy = ws.dA, dx = ws.dB;
        for (int i = shape.layers() - 1; i >= 0; i--) {
            int out = shape.width(i), in = shape.inWidth(i);
            float[] x = i > 0 ? ws.act[i - 1] : entity != null ? ws.ent.x0 : ws.in;
            int xOff = i == 0 && entity == null ? ws.inOff : 0;
            mlp.tanhBackward(rows * out, ws.act[i], 0, dy, 0, dy, 0, flops);
            gemm.gemm(true, false, out, in, rows, dy, 0, out, x, xOff, in, grads, layout.torsoW[i], in, false, flops);
            mlp.biasGrad(rows, out, dy, 0, grads, layout.torsoB[i], false, flops);
            if (i > 0) {
                gemm.gemm(false, false, rows, in, out, dy, 0, out, params, layout.torsoW[i], in, dx, 0, in, false, flops);
                float[] tmp = dy;
                dy = dx;
                dx = tmp;
            } else if (entity != null) {
                entity.backward(params, ws.ent, rows, dy, ws.in, ws.inOff, layout.torsoW[0], grads, flops);
            }
        }
    }

    /**
     * BPTT through the LSTM. Per step from the last: ∂L/∂h_t = (∂L/∂h_t from step t+1, already in
     * ws.dhPrev) + dlogits_t·W_π + dv_t·w_v (GEMMs accumulating into it); the cell backward gives
     * dGates_t and ∂L/∂c_{t−1}; ∂L/∂h_{t−1} = dGates_t·W_hh, zeroed (with ∂L/∂c_{t−1}) for rows
     * whose episode started at step t. Weight gradients and ∂L/∂enc follow over all steps at once.
     */
    private void lstmBackward(float[] params, Workspace ws, float[] dv, int dvOff, float[] grads, FlopLedger.Counter flops) {
        int steps = ws.steps, batch = ws.batch, rows = steps * batch, a = shape.numActions();
        int hh = shape.lstmHidden(), g4 = 4 * hh, e = shape.width(shape.layers() - 1);
        float[] dh = ws.dhPrev;
        float[] dcNext = null, dcSpare = ws.dcA;
        for (int t = steps - 1; t >= 0; t--) {
            int so = t * batch * hh, go = t * batch * g4, ro = t * batch;
            gemm.gemm(false, false, batch, hh, a, ws.dlogits, ro * a, a, params, layout.policyW, hh, dh, 0, hh, t < steps - 1, flops);
            gemm.gemm(false, false, batch, hh, 1, dv, dvOff + ro, 1, params, layout.valueW, hh, dh, 0, hh, true, flops);
            float[] dcPrev = dcSpare;
            lstm.cellBackward(batch, hh, ws.gates, go, ws.cPrev, so, ws.c, so, dh, 0,
                    dcNext, 0, ws.dGates, go, dcPrev, 0, flops);
            if (t > 0) {
                gemm.gemm(false, false, batch, hh, g4, ws.dGates, go, g4, params, layout.lstmWhh, hh, dh, 0, hh, false, flops);
                if (ws.reset != null) {
                    for (int b = 0; b < batch; b++) {
                        if (ws.reset[ws.resetOff + t * batch + b] != 0) {
                            Arrays.fill(dh, b * hh, (b + 1) * hh, 0f);
                            Arrays.fill(dcPrev, b * hh, (b + 1) * hh, 0f);
                        }
                    }
                }
            }
            dcSpare = dcNext == null ? ws.dcB : dcNext;
            dcNext = dcPrev;
        }
        // weight gradients over every step at once
        gemm.gemm(true, false, g4, e, rows, ws.dGates, 0, g4, ws.act[shape.layers() - 1], 0, e, grads, layout.lstmWih, e, false, flops);
        gemm.gemm(true, false, g4, hh, rows, ws.dGates, 0, g4, ws.hPrev, 0, hh, grads, layout.lstmWhh, hh, false, flops);
        mlp.biasGrad(rows, g4, ws.dGates, 0, grads, layout.lstmB, false, flops);
        gemm.gemm(false, false, rows, e, g4, ws.dGates, 0, g4, params, layout.lstmWih, e, ws.dA, 0, e, false, flops);
    }
}
