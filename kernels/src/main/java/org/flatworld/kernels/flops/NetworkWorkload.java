package org.flatworld.kernels.flops;

import java.util.List;
import java.util.SplittableRandom;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.Kernels;

/**
 * Replays a {@link NetworkFlops} op list on a backend with buffers of the right shapes and the
 * GEMM operand layouts the network uses: what {@code flatworld bench mlp|lstm} and the JMH network
 * benchmarks time, and what tests use to check that running the list adds exactly its totals.
 * Buffers are shared scratch (their contents are not a meaningful network), allocated once here.
 */
public final class NetworkWorkload {
    private final List<NetworkFlops.Op> ops;
    private final float[] x;   // op inputs: activations or upstream gradients, ≥ every op's A
    private final float[] w;   // weights or second operands, ≥ every op's B
    private final float[] y;   // outputs, ≥ every op's C
    private final float[] z;   // LSTM gates and their gradients, ≥ 4·rows·hidden
    private final float[] u;   // LSTM second outputs (h, dcPrev)

    public NetworkWorkload(NetworkFlops net, long seed) {
        this.ops = net.ops();
        long ax = 1, aw = 1, ay = 1, az = 1;
        for (NetworkFlops.Op op : ops) {
            long m = op.m(), n = op.n(), k = Math.max(op.k(), 1);
            ax = Math.max(ax, Math.max(m * k, m * n));
            aw = Math.max(aw, Math.max(n * k, n));
            ay = Math.max(ay, m * n);
            az = Math.max(az, 4 * m * n);
        }
        x = filled(ax, seed, 1f);
        w = filled(aw, seed + 1, 0.1f);
        y = new float[Math.toIntExact(ay)];
        z = filled(az, seed + 2, 1f);
        u = new float[Math.toIntExact(Math.max(ay, 1))];
    }

    private static float[] filled(long n, long seed, float scale) {
        float[] a = new float[Math.toIntExact(n)];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < a.length; i++) a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return a;
    }

    /** Runs every op once: forward ops count into {@code fwd}, backward ops into {@code bwd}. */
    public void run(Kernels k, FlopLedger.Counter fwd, FlopLedger.Counter bwd) {
        for (int i = 0, s = ops.size(); i < s; i++) {
            NetworkFlops.Op op = ops.get(i);
            FlopLedger.Counter c = op.phase() == NetworkFlops.Phase.FORWARD ? fwd : bwd;
            int m = op.m(), n = op.n(), kk = op.k();
            switch (op.op()) {
                case "gemm" -> {
                    boolean ta = op.transA(), tb = op.transB();
                    // weight gradients accumulate over time steps (Aᵀ·B), everything else overwrites
                    k.gemm().gemm(ta, tb, m, n, kk, x, 0, ta ? m : kk, w, 0, tb ? kk : n, y, 0, n, ta, c);
                }
                case "biasAdd" -> k.mlp().biasAdd(m, n, y, 0, w, 0, c);
                case "biasGrad" -> k.mlp().biasGrad(m, n, x, 0, u, 0, true, c);
                case "tanh" -> k.mlp().tanh(n, y, 0, y, 0, c);
                case "relu" -> k.mlp().relu(n, y, 0, y, 0, c);
                case "tanhBackward" -> k.mlp().tanhBackward(n, y, 0, x, 0, u, 0, c);
                case "reluBackward" -> k.mlp().reluBackward(n, y, 0, x, 0, u, 0, c);
                case "logSoftmax" -> k.mlp().logSoftmax(m, n, y, 0, y, 0, c);
                case "logSoftmaxBackward" -> k.mlp().logSoftmaxBackward(m, n, y, 0, x, 0, u, 0, c);
                case "lstmCellForward" -> k.lstm().cellForward(m, n, z, 0, x, 0, y, 0, u, 0, c);
                case "lstmCellBackward" -> k.lstm().cellBackward(m, n, z, 0, x, 0, y, 0, x, 0, null, 0, z, 0, u, 0, c);
                default -> throw new IllegalStateException("unknown op " + op.op());
            }
        }
    }

    /** A value that depends on the outputs, for benchmarks to consume. */
    public float checksum() { return y[0] + u[0] + z[0]; }
}
