package org.flatworld.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * The entity model ({@link EntityEncoder} in front of the MLP torso): analytic gradients of every
 * tensor against central differences of an independent double-precision reference written here,
 * the ledger against the closed-form counts of docs/FLOPS.md, permutation invariance over slots,
 * and row-split safety (the trainer's shards).
 */
class EntityNetTest {
    private static final double EPS = 1e-5;

    /** 3 self floats, 4 slots of 5 (slot[0] = present), 6 context floats; encoder [7, 5], torso [6]. */
    private static NetShape small(int[] entityHidden) {
        return NetShape.entity(3 + 4 * 5 + 6, 3, 4, 5, entityHidden, new int[] {6, 4}, 3);
    }

    private static float[] observations(NetShape s, int rows, SplittableRandom rng) {
        float[] obs = new float[rows * s.obsDim()];
        for (int i = 0; i < obs.length; i++) obs[i] = (float) rng.nextGaussian();
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < s.slots(); k++) {
                int o = r * s.obsDim() + s.selfDim() + k * s.slotDim();
                boolean present = rng.nextInt(4) != 0;
                obs[o] = present ? 1f : 0f;
                if (!present) Arrays.fill(obs, o + 1, o + s.slotDim(), 0f); // as the layout pads absent entities
            }
        return obs;
    }

    /** Σ wLogp·logp + Σ wV·v of the entity model, in double precision, written plainly from the definition. */
    static double reference(NetShape s, double[] p, float[] obs, int rows, double[] wLogp, double[] wV) {
        ParamLayout l = new ParamLayout(s);
        int d = s.obsDim(), self = s.selfDim(), k = s.slots(), w = s.slotDim(), c = s.contextDim();
        double obj = 0;
        for (int r = 0; r < rows; r++) {
            int ob = r * d, ctx = ob + self + k * w;
            int e = s.entityWidth(s.entityLayers() - 1);
            double[] pooled = new double[e];
            for (int slot = 0; slot < k; slot++) {
                double[] in = new double[w + c];
                for (int i = 0; i < w; i++) in[i] = obs[ob + self + slot * w + i];
                for (int i = 0; i < c; i++) in[w + i] = obs[ctx + i];
                double[] y = in;
                for (int j = 0; j < s.entityLayers(); j++) y = tanhLayer(p, l.entityW[j], l.entityB[j], y, s.entityWidth(j));
                double m = obs[ob + self + slot * w];
                for (int i = 0; i < e; i++) pooled[i] += m * y[i];
            }
            double[] x = new double[self + c + e];
            for (int i = 0; i < self; i++) x[i] = obs[ob + i];
            for (int i = 0; i < c; i++) x[self + i] = obs[ctx + i];
            System.arraycopy(pooled, 0, x, self + c, e);
            for (int j = 0; j < s.layers(); j++) x = tanhLayer(p, l.torsoW[j], l.torsoB[j], x, s.width(j));
            obj += RefNet.heads(s, l, p, x, 0, x.length, r, wLogp, wV);
        }
        return obj;
    }

    private static double[] tanhLayer(double[] p, int wOff, int bOff, double[] x, int out) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double acc = p[bOff + o];
            for (int i = 0; i < x.length; i++) acc += x[i] * p[wOff + o * x.length + i];
            y[o] = Math.tanh(acc);
        }
        return y;
    }

    @Test
    void gradientsOfEveryTensorMatchFiniteDifferences() {
        assertGradientsMatch(small(new int[] {7}), 9, "scalar");
        assertGradientsMatch(small(new int[] {7, 5}), 9, "scalar");
        assertGradientsMatch(small(new int[] {7, 5}), 37, "cpu");
    }

    private static void assertGradientsMatch(NetShape s, int rows, String backend) {
        try (Kernels kern = KernelProvider.create(backend, 1)) {
            ActorCritic net = new ActorCritic(s, kern);
            SplittableRandom rng = new SplittableRandom(5);
            float[] params = new float[net.paramCount()];
            NetInit.init(s, params, NetInit.Scheme.SCALED, 3);
            for (int i = 0; i < params.length; i++) params[i] += (float) (0.1 * rng.nextGaussian());
            float[] obs = observations(s, rows, rng);
            int a = s.numActions();
            double[] wLogp = new double[rows * a], wV = new double[rows];
            float[] dlogp = new float[rows * a], dv = new float[rows];
            for (int i = 0; i < wLogp.length; i++) dlogp[i] = (float) (wLogp[i] = rng.nextGaussian());
            for (int i = 0; i < wV.length; i++) dv[i] = (float) (wV[i] = rng.nextGaussian());
            ActorCritic.Workspace ws = net.workspace(1, rows);
            net.forward(params, ws, 1, rows, obs, 0, null, null, 0, null, 0, FlopLedger.NONE);
            float[] grads = new float[params.length];
            Arrays.fill(grads, 9f); // every entry must be overwritten
            net.backward(params, ws, dlogp, dv, grads, FlopLedger.NONE);

            double[] p = new double[params.length];
            for (int i = 0; i < p.length; i++) p[i] = params[i];
            // the float forward agrees with the reference objective
            double fwd = 0;
            for (int i = 0; i < rows * a; i++) fwd += wLogp[i] * ws.logp[i];
            for (int i = 0; i < rows; i++) fwd += wV[i] * ws.value[i];
            double ref = reference(s, p, obs, rows, wLogp, wV);
            assertEquals(ref, fwd, 1e-4 * (1 + Math.abs(ref)), "forward objective vs the double reference");
            double[] fd = new double[p.length];
            double maxAbs = 0;
            for (int i = 0; i < p.length; i++) {
                double keep = p[i];
                p[i] = keep + EPS;
                double up = reference(s, p, obs, rows, wLogp, wV);
                p[i] = keep - EPS;
                double down = reference(s, p, obs, rows, wLogp, wV);
                p[i] = keep;
                fd[i] = (up - down) / (2 * EPS);
                maxAbs = Math.max(maxAbs, Math.abs(fd[i]));
            }
            assertTrue(maxAbs > 1e-3, "the check must see non-trivial gradients");
            boolean sawEntity = false;
            for (ParamLayout.Entry e : net.layout().entries()) {
                double worst = 0, largest = 0;
                for (int i = e.offset(); i < e.offset() + e.size(); i++) {
                    worst = Math.max(worst, Math.abs(grads[i] - fd[i]) / (1e-3 * maxAbs + Math.abs(fd[i])));
                    largest = Math.max(largest, Math.abs(fd[i]));
                }
                assertTrue(worst < 2e-3, backend + " " + e.name() + ": relative error " + worst + " of the analytic gradient");
                if (e.name().startsWith("entity.")) {
                    sawEntity = true;
                    assertTrue(largest > 1e-4, e.name() + " must receive a non-trivial gradient, largest " + largest);
                }
            }
            assertTrue(sawEntity, "the layout must hold the entity encoder's tensors");
        }
    }

    @Test
    void ledgerEqualsTheClosedFormCounts() {
        NetShape s = small(new int[] {7, 5});
        int rows = 11, k = s.slots(), w = s.slotDim(), c = s.contextDim(), self = s.selfDim(), a = s.numActions();
        int e0 = 7, e1 = 5, h0 = 6, x = self + c + e1;
        // the encoder's counts (docs/FLOPS.md); the torso and heads count as an MLP reading x floats
        long encFwd = 2L * rows * e0 * c + (long) rows * e0 + 2L * k * rows * e0 * w + (long) k * rows * e0 // layer 0 + tanh
                + 2L * k * rows * e1 * e0 + (long) k * rows * e1 + (long) k * rows * e1                     // layer 1 + bias + tanh
                + (long) rows * e1 * (2 * k - 1);                                                          // masked sum
        long encTrans = (long) k * rows * (e0 + e1);
        long encBwd = 2L * rows * e1 * h0 + (long) k * rows * e1                                            // ∂pooled, mask
                + 3L * k * rows * e1 + 2L * e1 * e0 * k * rows + (long) k * rows * e1 + 2L * k * rows * e0 * e1 // layer 1
                + 3L * k * rows * e0 + 2L * k * e0 * w * rows + (long) (k - 1) * rows * e0 + 2L * e0 * c * rows + (long) rows * e0;
        try (Kernels kern = KernelProvider.scalar()) {
            ActorCritic net = new ActorCritic(s, kern), plain = new ActorCritic(NetShape.mlp(x, s.hidden(), a), kern);
            float[] params = new float[net.paramCount()], pp = new float[plain.paramCount()];
            NetInit.init(s, params, NetInit.Scheme.ORTHOGONAL, 1);
            float[] obs = observations(s, rows, new SplittableRandom(2));
            FlopLedger le = new FlopLedger(), lm = new FlopLedger();
            ActorCritic.Workspace ws = net.workspace(1, rows), pws = plain.workspace(1, rows);
            net.forward(params, ws, 1, rows, obs, 0, null, null, 0, null, 0, le.counter(FlopCategory.LEARN_FWD));
            net.backward(params, ws, new float[rows * a], new float[rows], new float[params.length], le.counter(FlopCategory.LEARN_BWD));
            plain.forward(pp, pws, 1, rows, new float[rows * x], 0, null, null, 0, null, 0, lm.counter(FlopCategory.LEARN_FWD));
            plain.backward(pp, pws, new float[rows * a], new float[rows], new float[pp.length], lm.counter(FlopCategory.LEARN_BWD));
            assertEquals(encFwd + lm.flops(FlopCategory.LEARN_FWD), le.flops(FlopCategory.LEARN_FWD), "forward FLOPs");
            assertEquals(encTrans + lm.transcendentals(FlopCategory.LEARN_FWD), le.transcendentals(FlopCategory.LEARN_FWD),
                    "forward transcendentals");
            assertEquals(encBwd + lm.flops(FlopCategory.LEARN_BWD), le.flops(FlopCategory.LEARN_BWD), "backward FLOPs");
        }
    }

    @Test
    void outputsDoNotDependOnTheOrderOfTheSlots() {
        NetShape s = small(new int[] {7, 5});
        int rows = 5, d = s.obsDim();
        float[] obs = observations(s, rows, new SplittableRandom(8));
        float[] swapped = obs.clone();
        for (int r = 0; r < rows; r++) { // reverse the slots of each row
            for (int k = 0; k < s.slots(); k++)
                System.arraycopy(obs, r * d + s.selfDim() + k * s.slotDim(), swapped,
                        r * d + s.selfDim() + (s.slots() - 1 - k) * s.slotDim(), s.slotDim());
        }
        try (Kernels kern = KernelProvider.scalar()) {
            ActorCritic net = new ActorCritic(s, kern);
            float[] params = new float[net.paramCount()];
            NetInit.init(s, params, NetInit.Scheme.ORTHOGONAL, 4);
            ActorCritic.Workspace a = net.workspace(1, rows), b = net.workspace(1, rows);
            net.forward(params, a, 1, rows, obs, 0, null, null, 0, null, 0, FlopLedger.NONE);
            net.forward(params, b, 1, rows, swapped, 0, null, null, 0, null, 0, FlopLedger.NONE);
            for (int i = 0; i < rows * s.numActions(); i++) assertEquals(a.logp[i], b.logp[i], 1e-5f, "logp " + i);
            for (int i = 0; i < rows; i++) assertEquals(a.value[i], b.value[i], 1e-5f, "value " + i);
            // and an absent slot's content is ignored
            float[] ghost = obs.clone();
            for (int r = 0; r < rows; r++)
                for (int k = 0; k < s.slots(); k++) {
                    int o = r * d + s.selfDim() + k * s.slotDim();
                    if (ghost[o] == 0f) Arrays.fill(ghost, o + 1, o + s.slotDim(), 3f);
                }
            net.forward(params, b, 1, rows, ghost, 0, null, null, 0, null, 0, FlopLedger.NONE);
            assertArrayEquals(Arrays.copyOf(a.logp, rows * s.numActions()), Arrays.copyOf(b.logp, rows * s.numActions()));
        }
    }

    @Test
    void forwardOfARowDoesNotDependOnHowTheBatchIsSplit() {
        NetShape s = NetShape.entity(102, 10, 4, 17, new int[] {64}, new int[] {64, 64}, 5); // the trivial family's layout
        int rows = 203;
        ForwardRowSplitTest.assertRowsIndependentOfTheSplit(s, observations(s, rows, new SplittableRandom(3)), rows,
                new int[][] {{0, 1, rows}, {0, 70, 133, rows}});
    }

    @Test
    void badShapesAreRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetShape.entity(20, 3, 4, 5, new int[] {7}, new int[] {6}, 3));
        assertTrue(e.getMessage().contains("23"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NetShape.entity(30, 3, 4, 5, new int[0], new int[] {6}, 3));
        assertTrue(e.getMessage().contains("entityHidden"), e.getMessage());
    }
}
