package org.flatworld.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * The hand-written backward passes against central differences of an independent double-precision
 * reference ({@link RefNet}), for every parameter tensor of an MLP and of an LSTM unrolled over 6
 * steps with episode resets and a carried-in state.
 */
class ActorCriticGradientTest {
    private static final double EPS = 1e-5;

    @Test
    void mlpGradientsMatchFiniteDifferences() {
        assertGradientsMatchFiniteDifferences(NetShape.mlp(5, new int[] {7, 6}, 4), 1, 9, null, false, "scalar");
        assertGradientsMatchFiniteDifferences(NetShape.mlp(21, new int[] {33, 17}, 5), 1, 37, null, false, "cpu");
    }

    @Test
    void lstmGradientsMatchFiniteDifferencesThroughTime() {
        int steps = 6, batch = 3;
        byte[] reset = new byte[steps * batch];
        reset[2 * batch + 1] = 1; // row 1 starts a new episode at step 2
        reset[4 * batch] = 1;     // row 0 at step 4
        assertGradientsMatchFiniteDifferences(NetShape.lstm(5, new int[] {6}, 4, 3), steps, batch, reset, true, "scalar");
        assertGradientsMatchFiniteDifferences(NetShape.lstm(5, new int[] {6}, 4, 3), steps, batch, reset, true, "cpu");
    }

    private static void assertGradientsMatchFiniteDifferences(NetShape s, int steps, int batch, byte[] reset, boolean withState, String backend) {
        try (Kernels k = KernelProvider.create(backend, 1)) {
            ActorCritic net = new ActorCritic(s, k);
            SplittableRandom rng = new SplittableRandom(42);
            float[] params = new float[net.paramCount()];
            NetInit.init(s, params, NetInit.Scheme.SCALED, 7);
            for (int i = 0; i < params.length; i++) params[i] += (float) (0.1 * rng.nextGaussian()); // non-zero biases too
            int rows = steps * batch, a = s.numActions();
            float[] obs = new float[rows * s.obsDim()];
            for (int i = 0; i < obs.length; i++) obs[i] = (float) rng.nextGaussian();
            float[] h0 = null, c0 = null;
            double[] h0d = null, c0d = null;
            if (withState) {
                int n = batch * s.lstmHidden();
                h0 = new float[n];
                c0 = new float[n];
                h0d = new double[n];
                c0d = new double[n];
                for (int i = 0; i < n; i++) {
                    h0[i] = (float) (0.5 * rng.nextGaussian());
                    c0[i] = (float) rng.nextGaussian();
                    h0d[i] = h0[i];
                    c0d[i] = c0[i];
                }
            }
            double[] wLogp = new double[rows * a], wV = new double[rows];
            float[] dlogp = new float[rows * a], dv = new float[rows];
            for (int i = 0; i < wLogp.length; i++) dlogp[i] = (float) (wLogp[i] = rng.nextGaussian());
            for (int i = 0; i < wV.length; i++) dv[i] = (float) (wV[i] = rng.nextGaussian());

            ActorCritic.Workspace ws = net.workspace(steps, batch);
            net.forward(params, ws, steps, batch, obs, 0, h0, c0, 0, reset, 0, FlopLedger.NONE);
            float[] grads = new float[params.length];
            net.backward(params, ws, dlogp, dv, grads, FlopLedger.NONE);

            double[] p = new double[params.length];
            for (int i = 0; i < p.length; i++) p[i] = params[i];
            double maxAbs = 0;
            double[] fd = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                double keep = p[i];
                p[i] = keep + EPS;
                double up = RefNet.objective(s, p, obs, steps, batch, reset, h0d, c0d, wLogp, wV);
                p[i] = keep - EPS;
                double down = RefNet.objective(s, p, obs, steps, batch, reset, h0d, c0d, wLogp, wV);
                p[i] = keep;
                fd[i] = (up - down) / (2 * EPS);
                maxAbs = Math.max(maxAbs, Math.abs(fd[i]));
            }
            assertTrue(maxAbs > 1e-3, "the check must see non-trivial gradients");
            for (ParamLayout.Entry e : net.layout().entries()) {
                double worst = 0;
                for (int i = e.offset(); i < e.offset() + e.size(); i++) {
                    double err = Math.abs(grads[i] - fd[i]) / (1e-3 * maxAbs + Math.abs(fd[i]));
                    worst = Math.max(worst, err);
                }
                assertTrue(worst < 2e-3, backend + " " + e.name() + ": relative error " + worst + " of the analytic gradient");
            }
        }
    }

    @Test
    void zeroUpstreamGradientGivesExactlyZeroGradients() {
        try (Kernels k = KernelProvider.scalar()) {
            NetShape s = NetShape.lstm(3, new int[] {4}, 3, 2);
            ActorCritic net = new ActorCritic(s, k);
            float[] params = new float[net.paramCount()];
            NetInit.init(s, params, NetInit.Scheme.ORTHOGONAL, 1);
            float[] obs = new float[4 * 2 * 3];
            for (int i = 0; i < obs.length; i++) obs[i] = i * 0.1f - 1f;
            ActorCritic.Workspace ws = net.workspace(4, 2);
            net.forward(params, ws, 4, 2, obs, 0, null, null, 0, null, 0, FlopLedger.NONE);
            float[] grads = new float[params.length];
            java.util.Arrays.fill(grads, 5f);
            net.backward(params, ws, new float[4 * 2 * 2], new float[4 * 2], grads, FlopLedger.NONE);
            for (float g : grads) assertEquals(0f, g, 0f);
        }
    }

    @Test
    void stateBeforeAResetGetsNoGradient() {
        // with every row reset at step 0, the carried-in state cannot matter: outputs equal those from zero state
        try (Kernels k = KernelProvider.scalar()) {
            NetShape s = NetShape.lstm(3, new int[] {4}, 3, 2);
            ActorCritic net = new ActorCritic(s, k);
            float[] params = new float[net.paramCount()];
            NetInit.init(s, params, NetInit.Scheme.ORTHOGONAL, 3);
            float[] obs = new float[3 * 2 * 3];
            for (int i = 0; i < obs.length; i++) obs[i] = (float) Math.sin(i);
            float[] h0 = {1, -1, 0.5f, 2, 0.3f, -0.7f}, c0 = {3, 1, -2, 0.1f, 0.2f, 0.3f};
            byte[] reset = {1, 1, 0, 0, 0, 0};
            ActorCritic.Workspace a = net.workspace(3, 2), b = net.workspace(3, 2);
            net.forward(params, a, 3, 2, obs, 0, h0, c0, 0, reset, 0, FlopLedger.NONE);
            net.forward(params, b, 3, 2, obs, 0, null, null, 0, null, 0, FlopLedger.NONE);
            for (int i = 0; i < a.logp.length; i++) assertEquals(b.logp[i], a.logp[i], 0f);
            for (int i = 0; i < a.value.length; i++) assertEquals(b.value[i], a.value[i], 0f);
        }
    }
}
