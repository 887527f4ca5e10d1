package org.flatworld.nn;

import java.util.Arrays;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.GemmKernels;
import org.flatworld.kernels.MlpKernels;

/**
 * The object-centric front end of the {@code entity} model (a DeepSets encoder, Zaheer et al. 2017,
 * conditioned on the goal as XLand agents condition their entity encoders): one tanh MLP shared by
 * every entity slot reads {@code [slot_k ; context]} (the context is the goal block), its outputs are
 * summed over the slots whose "present" flag (slot offset 0) is set, and the torso reads
 * {@code [self ; context ; pooled]}. The encoder cannot tell slots apart except by their content, so
 * "go to the object in slot k" is not expressible; "go to the object that matches the goal" is.
 *
 * <p>Per pass of R rows, K slots of W floats, context C, self S, entity widths E₀ … E_{J−1}
 * (E = E_{J−1}), FLOPs (docs/FLOPS.md): forward — the first layer's context part once per row
 * (GEMM 2·R·E₀·C, bias R·E₀) and its slot part per slot (GEMM 2·K·R·E₀·W, accumulating onto the
 * context part), tanh K·R·E_j per layer, further layers GEMM 2·K·R·E_j·E_{j−1} + bias K·R·E_j, the
 * masked sum R·E·(2K − 1); backward — ∂pooled = ∂x₀·W₀[:, S+C:] (GEMM 2·R·E·H₀), the mask K·R·E,
 * per layer tanh backward 3·K·R·E_j, for j ≥ 1 dW (GEMM 2·E_j·E_{j−1}·K·R),
 * db K·R·E_j, dx (GEMM 2·K·R·E_{j−1}·E_j); for the first layer dW of the slot columns
 * (GEMM 2·E₀·W·R per slot), the sum over slots (K − 1)·R·E₀, dW of the context columns (GEMM
 * 2·E₀·C·R) and db R·E₀.
 *
 * <p>Buffers are slot-major: {@code act[j]} is (K, R, E_j), so the layers after the first are one
 * GEMM over K·R rows. Every row's result depends on that row alone (row-split safe).
 */
final class EntityEncoder {
    private final NetShape shape;
    private final ParamLayout layout;
    private final GemmKernels gemm;
    private final MlpKernels mlp;

    EntityEncoder(NetShape shape, ParamLayout layout, GemmKernels gemm, MlpKernels mlp) {
        if (!shape.entity()) throw new IllegalArgumentException("EntityEncoder needs an entity NetShape, got " + shape);
        this.shape = shape;
        this.layout = layout;
        this.gemm = gemm;
        this.mlp = mlp;
    }

    /** Activations of one workspace, for up to {@code maxRows} rows. */
    final class Buffers {
        final float[][] act;   // per entity layer: (K, rows, E_j) after tanh, slot-major
        final float[] ctxProj; // (rows, E₀) context part of the first layer + its bias; ∂ summed over slots in backward
        final float[] x0;      // (rows, S + C + E) the torso's input [self ; context ; pooled]
        final float[] dPool;   // (rows, E)
        final float[] dA, dB;  // (K·rows, max E_j) ping-pong gradients through the encoder

        Buffers(int maxRows) {
            int k = shape.slots();
            act = new float[shape.entityLayers()][];
            for (int j = 0; j < act.length; j++) act[j] = new float[k * maxRows * shape.entityWidth(j)];
            ctxProj = new float[maxRows * shape.entityWidth(0)];
            x0 = new float[maxRows * shape.inWidth(0)];
            dPool = new float[maxRows * shape.entityWidth(shape.entityLayers() - 1)];
            dA = new float[k * maxRows * shape.maxEntityHidden()];
            dB = new float[k * maxRows * shape.maxEntityHidden()];
        }
    }

    Buffers buffers(int maxRows) { return new Buffers(maxRows); }

    /** Encodes rows × obsDim observations from {@code obsOff}; the torso input lands in {@code b.x0}. */
    void forward(float[] params, Buffers b, int rows, float[] obs, int obsOff, FlopLedger.Counter flops) {
        int s = shape.selfDim(), k = shape.slots(), w = shape.slotDim(), c = shape.contextDim(), d = shape.obsDim();
        int e0 = shape.entityWidth(0), in0 = w + c, ctxOff = obsOff + s + k * w;
        int w0 = layout.entityW[0];
        // first layer: [slot ; context]·W₀ᵀ + b₀ = slot·W₀[:, :W]ᵀ + (context·W₀[:, W:]ᵀ + b₀), the latter once per row
        if (c > 0) gemm.gemm(false, true, rows, e0, c, obs, ctxOff, d, params, w0 + w, in0, b.ctxProj, 0, e0, false, flops);
        else Arrays.fill(b.ctxProj, 0, rows * e0, 0f);
        mlp.biasAdd(rows, e0, b.ctxProj, 0, params, layout.entityB[0], flops);
        float[] a0 = b.act[0];
        for (int slot = 0; slot < k; slot++) {
            int o = slot * rows * e0;
            System.arraycopy(b.ctxProj, 0, a0, o, rows * e0);
            gemm.gemm(false, true, rows, e0, w, obs, obsOff + s + slot * w, d, params, w0, in0, a0, o, e0, true, flops);
        }
        mlp.tanh(k * rows * e0, a0, 0, a0, 0, flops);
        for (int j = 1; j < shape.entityLayers(); j++) {
            int out = shape.entityWidth(j), in = shape.entityWidth(j - 1);
            gemm.gemm(false, true, k * rows, out, in, b.act[j - 1], 0, in, params, layout.entityW[j], in, b.act[j], 0, out, false, flops);
            mlp.biasAdd(k * rows, out, b.act[j], 0, params, layout.entityB[j], flops);
            mlp.tanh(k * rows * out, b.act[j], 0, b.act[j], 0, flops);
        }
        // torso input: self, context, and the sum of the present slots' codes
        int e = shape.entityWidth(shape.entityLayers() - 1), x = shape.inWidth(0);
        float[] last = b.act[shape.entityLayers() - 1], x0 = b.x0;
        for (int r = 0; r < rows; r++) {
            int ob = obsOff + r * d, xo = r * x, po = xo + s + c;
            System.arraycopy(obs, ob, x0, xo, s);
            System.arraycopy(obs, ob + s + k * w, x0, xo + s, c);
            float m0 = obs[ob + s];
            int lo = r * e;
            for (int i = 0; i < e; i++) x0[po + i] = m0 * last[lo + i];
            for (int slot = 1; slot < k; slot++) {
                float m = obs[ob + s + slot * w];
                int so = (slot * rows + r) * e;
                for (int i = 0; i < e; i++) x0[po + i] += m * last[so + i];
            }
        }
        flops.add((long) rows * e * (2L * k - 1));
    }

    /**
     * Backward of the last {@link #forward} on {@code b}, given ∂L/∂(torso layer 0 pre-activation)
     * {@code dy0} (rows, H₀): writes the encoder's parameter gradients into {@code grads}.
     */
    void backward(float[] params, Buffers b, int rows, float[] dy0, float[] obs, int obsOff, int torsoW0, float[] grads,
                  FlopLedger.Counter flops) {
        int s = shape.selfDim(), k = shape.slots(), w = shape.slotDim(), c = shape.contextDim(), d = shape.obsDim();
        int h0 = shape.width(0), x = shape.inWidth(0), nl = shape.entityLayers(), e = shape.entityWidth(nl - 1);
        // ∂pooled = dy0 · W_torso0[:, S+C:]
        gemm.gemm(false, false, rows, e, h0, dy0, 0, h0, params, torsoW0 + s + c, x, b.dPool, 0, e, false, flops);
        float[] dy = b.dA, dx = b.dB;
        for (int slot = 0; slot < k; slot++) {
            for (int r = 0; r < rows; r++) {
                float m = obs[obsOff + r * d + s + slot * w];
                int o = (slot * rows + r) * e, po = r * e;
                for (int i = 0; i < e; i++) dy[o + i] = m * b.dPool[po + i];
            }
        }
        flops.add((long) k * rows * e);
        for (int j = nl - 1; j >= 1; j--) {
            int out = shape.entityWidth(j), in = shape.entityWidth(j - 1), n = k * rows;
            mlp.tanhBackward(n * out, b.act[j], 0, dy, 0, dy, 0, flops);
            gemm.gemm(true, false, out, in, n, dy, 0, out, b.act[j - 1], 0, in, grads, layout.entityW[j], in, false, flops);
            mlp.biasGrad(n, out, dy, 0, grads, layout.entityB[j], false, flops);
            gemm.gemm(false, false, n, in, out, dy, 0, out, params, layout.entityW[j], in, dx, 0, in, false, flops);
            float[] t = dy;
            dy = dx;
            dx = t;
        }
        int e0 = shape.entityWidth(0), in0 = w + c, w0 = layout.entityW[0];
        mlp.tanhBackward(k * rows * e0, b.act[0], 0, dy, 0, dy, 0, flops);
        for (int slot = 0; slot < k; slot++)
            gemm.gemm(true, false, e0, w, rows, dy, slot * rows * e0, e0, obs, obsOff + s + slot * w, d, grads, w0, in0, slot > 0, flops);
        // the context columns and the bias saw the sum over slots
        float[] dSum = b.ctxProj;
        System.arraycopy(dy, 0, dSum, 0, rows * e0);
        for (int slot = 1; slot < k; slot++) {
            int o = slot * rows * e0;
            for (int i = 0; i < rows * e0; i++) dSum[i] += dy[o + i];
        }
        flops.add((long) (k - 1) * rows * e0);
        if (c > 0)
            gemm.gemm(true, false, e0, c, rows, dSum, 0, e0, obs, obsOff + s + k * w, d, grads, w0 + w, in0, false, flops);
        mlp.biasGrad(rows, e0, dSum, 0, grads, layout.entityB[0], false, flops);
    }
}
