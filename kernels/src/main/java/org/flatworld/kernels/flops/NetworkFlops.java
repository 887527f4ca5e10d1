package org.flatworld.kernels.flops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.flatworld.kernels.FlopCounts;

/**
 * The exact list of kernel calls, with their FLOP counts, of one forward and one backward pass of
 * the actor-critic networks (docs/FLOPS.md defines them; the training code issues exactly these
 * calls, so its ledger equals {@link #forward()} + {@link #backward()}).
 *
 * <p>MLP on B rows with layer sizes H0 = obs → H1 … Hn: per torso layer i gemm(B, Hi, Hi−1)
 * [x·Wᵀ], biasAdd(B, Hi), act(B·Hi); policy head gemm(B, A, Hn), biasAdd(B, A), logSoftmax(B, A);
 * value head gemm(B, 1, Hn), biasAdd(B, 1). Backward mirrors it (see docs/FLOPS.md).
 *
 * <p>LSTM ({@code hidden} = H1 … Hn): an encoder MLP H1 … Hn−1 (none when n = 1), then an LSTM of
 * size S = Hn on the encoder output (size E), run for T steps with the heads on h at every step,
 * and backpropagation through time over the T steps.
 */
public final class NetworkFlops {
    /** Which pass an op belongs to. */
    public enum Phase {
        FORWARD("forward"), BACKWARD("backward");
        private final String label;
        Phase(String label) { this.label = label; }
        public String label() { return label; }
    }

    /**
     * One kernel call. For "gemm", (m, n, k) are its dimensions and {@code form} its operand
     * layout: "A·Bᵀ" (x·Wᵀ, forward), "Aᵀ·B" (dW = dyᵀ·x) or "A·B" (dx = dy·W); for row-wise ops
     * m = rows and n = cols; for element-wise ops m = 1 and n = the element count; k = 0 and form
     * = "" when not a GEMM. {@code layer} names the parameter group ("torso.0", "policy", "value",
     * "lstm").
     */
    public record Op(Phase phase, String op, String layer, int m, int n, int k, String form, long flops, long transcendentals) {
        /** Whether op(A) is stored transposed (k × m). */
        public boolean transA() { return form.equals(ATB); }

        /** Whether op(B) is stored transposed (n × k). */
        public boolean transB() { return form.equals(ABT); }
    }

    /** GEMM forms. */
    public static final String ABT = "A·Bᵀ", ATB = "Aᵀ·B", AB = "A·B";

    private final List<Op> ops = new ArrayList<>();
    private final long params;
    private final int[] sizes;

    private NetworkFlops(long params, int[] sizes) {
        this.params = params;
        this.sizes = sizes;
    }

    /** The MLP actor-critic; {@code activation} is "tanh" or "relu". */
    public static NetworkFlops mlp(int obs, int[] hidden, int actions, int batch, String activation) {
        check(obs, hidden, actions, batch, 1, activation);
        int n = hidden.length;
        int[] h = sizes(obs, hidden);
        long params = 0;
        for (int i = 1; i <= n; i++) params += (long) h[i] * h[i - 1] + h[i];
        params += (long) actions * h[n] + actions + h[n] + 1;
        NetworkFlops f = new NetworkFlops(params, h);
        f.torsoForward(batch, h, n, activation);
        f.headsForward(batch, h[n], actions);
        int dx = f.headsBackward(batch, h[n], actions);
        assert dx == h[n];
        f.torsoBackward(batch, h, n, activation);
        return f;
    }

    /** The LSTM actor-critic unrolled for {@code seq} steps; {@code activation} applies to the encoder. */
    public static NetworkFlops lstm(int obs, int[] hidden, int actions, int batch, int seq, String activation) {
        check(obs, hidden, actions, batch, seq, activation);
        int n = hidden.length;
        int[] h = sizes(obs, hidden);
        int enc = n - 1;               // encoder layers 1..enc
        int e = h[enc], s = h[n];      // LSTM input and state sizes
        long params = 0;
        for (int i = 1; i <= enc; i++) params += (long) h[i] * h[i - 1] + h[i];
        params += 4L * s * e + 4L * s * s + 4L * s;
        params += (long) actions * s + actions + s + 1;
        NetworkFlops f = new NetworkFlops(params, h);
        int g = 4 * s;
        for (int t = 0; t < seq; t++) {
            f.torsoForward(batch, h, enc, activation);
            f.gemm(Phase.FORWARD, "lstm", batch, g, e, ABT);     // x·W_ihᵀ
            f.gemm(Phase.FORWARD, "lstm", batch, g, s, ABT);     // + h_prev·W_hhᵀ (accumulate)
            f.add(Phase.FORWARD, "biasAdd", "lstm", batch, g, FlopCounts.biasAdd(batch, g), 0);
            f.add(Phase.FORWARD, "lstmCellForward", "lstm", batch, s,
                    FlopCounts.lstmCellForward(batch, s), FlopCounts.lstmCellForwardTranscendentals(batch, s));
            f.headsForward(batch, s, actions);
        }
        for (int t = seq - 1; t >= 0; t--) {
            f.headsBackward(batch, s, actions);                  // dh_t (+ dh from step t+1)
            f.add(Phase.BACKWARD, "lstmCellBackward", "lstm", batch, s,
                    FlopCounts.lstmCellBackward(batch, s), FlopCounts.lstmCellBackwardTranscendentals(batch, s));
            f.gemm(Phase.BACKWARD, "lstm", g, e, batch, ATB);    // dW_ih += dGatesᵀ·x
            f.gemm(Phase.BACKWARD, "lstm", g, s, batch, ATB);    // dW_hh += dGatesᵀ·h_prev
            f.add(Phase.BACKWARD, "biasGrad", "lstm", batch, g, FlopCounts.biasGrad(batch, g), 0);
            if (enc > 0) f.gemm(Phase.BACKWARD, "lstm", batch, e, g, AB);   // dx = dGates·W_ih
            if (t > 0) f.gemm(Phase.BACKWARD, "lstm", batch, s, g, AB);     // dh_prev = dGates·W_hh
            f.torsoBackward(batch, h, enc, activation);
        }
        return f;
    }

    private static void check(int obs, int[] hidden, int actions, int batch, int seq, String activation) {
        if (obs < 1) throw new IllegalArgumentException("obs must be ≥ 1, got " + obs);
        if (hidden == null || hidden.length == 0) throw new IllegalArgumentException("hidden must list at least one layer size");
        for (int x : hidden) if (x < 1) throw new IllegalArgumentException("hidden sizes must be ≥ 1, got " + x);
        if (actions < 1) throw new IllegalArgumentException("actions must be ≥ 1, got " + actions);
        if (batch < 1) throw new IllegalArgumentException("batch must be ≥ 1, got " + batch);
        if (seq < 1) throw new IllegalArgumentException("seq must be ≥ 1, got " + seq);
        if (!"tanh".equals(activation) && !"relu".equals(activation))
            throw new IllegalArgumentException("activation must be tanh or relu, got '" + activation + "'");
    }

    private static int[] sizes(int obs, int[] hidden) {
        int[] h = new int[hidden.length + 1];
        h[0] = obs;
        System.arraycopy(hidden, 0, h, 1, hidden.length);
        return h;
    }

    private void torsoForward(int b, int[] h, int layers, String act) {
        for (int i = 1; i <= layers; i++) {
            String layer = "torso." + (i - 1);
            gemm(Phase.FORWARD, layer, b, h[i], h[i - 1], ABT);
            add(Phase.FORWARD, "biasAdd", layer, b, h[i], FlopCounts.biasAdd(b, h[i]), 0);
            int n = b * h[i];
            if (act.equals("tanh")) add(Phase.FORWARD, "tanh", layer, 1, n, FlopCounts.tanh(n), FlopCounts.tanhTranscendentals(n));
            else add(Phase.FORWARD, "relu", layer, 1, n, FlopCounts.relu(n), 0);
        }
    }

    private void torsoBackward(int b, int[] h, int layers, String act) {
        for (int i = layers; i >= 1; i--) {
            String layer = "torso." + (i - 1);
            int n = b * h[i];
            if (act.equals("tanh")) add(Phase.BACKWARD, "tanhBackward", layer, 1, n, FlopCounts.tanhBackward(n), 0);
            else add(Phase.BACKWARD, "reluBackward", layer, 1, n, FlopCounts.reluBackward(n), 0);
            gemm(Phase.BACKWARD, layer, h[i], h[i - 1], b, ATB); // dW = dyᵀ·x
            add(Phase.BACKWARD, "biasGrad", layer, b, h[i], FlopCounts.biasGrad(b, h[i]), 0);
            if (i > 1) gemm(Phase.BACKWARD, layer, b, h[i - 1], h[i], AB);   // dx = dy·W
        }
    }

    private void headsForward(int b, int in, int a) {
        gemm(Phase.FORWARD, "policy", b, a, in, ABT);
        add(Phase.FORWARD, "biasAdd", "policy", b, a, FlopCounts.biasAdd(b, a), 0);
        add(Phase.FORWARD, "logSoftmax", "policy", b, a, FlopCounts.logSoftmax(b, a), FlopCounts.logSoftmaxTranscendentals(b, a));
        gemm(Phase.FORWARD, "value", b, 1, in, ABT);
        add(Phase.FORWARD, "biasAdd", "value", b, 1, FlopCounts.biasAdd(b, 1), 0);
    }

    /** From dlogp (b, a) and dv (b, 1) to the gradient w.r.t. the heads' input (b, in); returns in. */
    private int headsBackward(int b, int in, int a) {
        add(Phase.BACKWARD, "logSoftmaxBackward", "policy", b, a,
                FlopCounts.logSoftmaxBackward(b, a), FlopCounts.logSoftmaxBackwardTranscendentals(b, a));
        gemm(Phase.BACKWARD, "policy", a, in, b, ATB);           // dW_pi = dlogitsᵀ·x
        add(Phase.BACKWARD, "biasGrad", "policy", b, a, FlopCounts.biasGrad(b, a), 0);
        gemm(Phase.BACKWARD, "policy", b, in, a, AB);            // dx = dlogits·W_pi
        gemm(Phase.BACKWARD, "value", 1, in, b, ATB);            // dW_v = dvᵀ·x
        add(Phase.BACKWARD, "biasGrad", "value", b, 1, FlopCounts.biasGrad(b, 1), 0);
        gemm(Phase.BACKWARD, "value", b, in, 1, AB);             // dx += dv·W_v
        return in;
    }

    private void gemm(Phase phase, String layer, int m, int n, int k, String form) {
        ops.add(new Op(phase, "gemm", layer, m, n, k, form, FlopCounts.gemm(m, n, k), 0));
    }

    private void add(Phase phase, String op, String layer, int m, int n, long flops, long transcendentals) {
        ops.add(new Op(phase, op, layer, m, n, 0, "", flops, transcendentals));
    }

    /** Every op in execution order. */
    public List<Op> ops() { return Collections.unmodifiableList(ops); }

    /** Trainable parameters. */
    public long params() { return params; }

    /** Layer sizes H0 = obs, H1 … Hn. */
    public int[] sizes() { return Arrays.copyOf(sizes, sizes.length); }

    public long forward() { return sum(Phase.FORWARD, false); }

    public long backward() { return sum(Phase.BACKWARD, false); }

    public long forwardTranscendentals() { return sum(Phase.FORWARD, true); }

    public long backwardTranscendentals() { return sum(Phase.BACKWARD, true); }

    /** Transcendentals of one forward and one backward pass. */
    public long transcendentals() { return forwardTranscendentals() + backwardTranscendentals(); }

    /** One Adam step on all parameters. */
    public long optimizer() { return FlopCounts.adam(Math.toIntExact(params)); }

    private long sum(Phase p, boolean transcendental) {
        long s = 0;
        for (Op o : ops) if (o.phase() == p) s += transcendental ? o.transcendentals() : o.flops();
        return s;
    }
}
