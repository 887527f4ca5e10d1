package org.flatworld.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.flops.NetworkFlops;
import org.junit.jupiter.api.Test;

/** The network issues exactly the kernel work docs/FLOPS.md lists: its ledger equals NetworkFlops' totals. */
class NetworkFlopsMatchTest {
    @Test
    void mlpLedgerEqualsNetworkFlops() {
        int[] hidden = {64, 32};
        NetworkFlops ref = NetworkFlops.mlp(18, hidden, 5, 37, "tanh");
        assertLedgerMatches(NetShape.mlp(18, hidden, 5), 1, 37, ref);
    }

    @Test
    void lstmLedgerEqualsNetworkFlops() {
        // NetworkFlops lists the LSTM size as the last hidden entry; the encoder is the rest
        NetworkFlops ref = NetworkFlops.lstm(11, new int[] {16, 8, 12}, 4, 5, 7, "tanh");
        assertLedgerMatches(NetShape.lstm(11, new int[] {16, 8}, 12, 4), 7, 5, ref);
    }

    private static void assertLedgerMatches(NetShape s, int steps, int batch, NetworkFlops ref) {
        for (String backend : new String[] {"scalar", "cpu"}) {
            try (Kernels k = KernelProvider.create(backend, 1)) {
                ActorCritic net = new ActorCritic(s, k);
                assertEquals(ref.params(), net.paramCount(), "parameter count");
                float[] params = new float[net.paramCount()];
                NetInit.init(s, params, NetInit.Scheme.ORTHOGONAL, 5);
                int rows = steps * batch;
                float[] obs = new float[rows * s.obsDim()];
                for (int i = 0; i < obs.length; i++) obs[i] = (float) Math.cos(i * 0.37);
                FlopLedger ledger = new FlopLedger();
                ActorCritic.Workspace ws = net.workspace(steps, batch);
                net.forward(params, ws, steps, batch, obs, 0, null, null, 0, null, 0, ledger.counter(FlopCategory.LEARN_FWD));
                float[] dlogp = new float[rows * s.numActions()], dv = new float[rows];
                java.util.Arrays.fill(dlogp, 0.1f);
                java.util.Arrays.fill(dv, -0.2f);
                net.backward(params, ws, dlogp, dv, new float[params.length], ledger.counter(FlopCategory.LEARN_BWD));
                assertEquals(ref.forward(), ledger.flops(FlopCategory.LEARN_FWD), backend + " forward FLOPs");
                assertEquals(ref.backward(), ledger.flops(FlopCategory.LEARN_BWD), backend + " backward FLOPs");
                assertEquals(ref.forwardTranscendentals(), ledger.transcendentals(FlopCategory.LEARN_FWD), backend + " forward transcendentals");
                assertEquals(ref.backwardTranscendentals(), ledger.transcendentals(FlopCategory.LEARN_BWD), backend + " backward transcendentals");
            }
        }
    }
}
