package org.flatworld.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flatworld.kernels.flops.NetworkFlops;
import org.flatworld.kernels.flops.NetworkWorkload;
import org.junit.jupiter.api.Test;

/** NetworkFlops against closed-form totals, and against the ledger of really running its op list. */
class NetworkFlopsTest {

    @Test
    void mlpMatchesClosedForm() {
        int o = 64, a = 5, b = 4096;
        int[] h = {256, 256};
        NetworkFlops f = NetworkFlops.mlp(o, h, a, b, "tanh");
        assertEquals(64L * 256 + 256 + 256L * 256 + 256 + 5L * 256 + 5 + 256 + 1, f.params());
        long fwd = 0, bwd = 0;
        int[] s = {o, 256, 256};
        for (int i = 1; i <= 2; i++) fwd += 2L * b * s[i] * s[i - 1] + 2L * b * s[i];   // gemm + bias + tanh
        fwd += 2L * b * a * 256 + (long) b * a + b * (4L * a - 1) + 2L * b * 256 + b;   // heads
        bwd += b * (4L * a - 1) + 2L * a * 256 * b + (long) b * a + 2L * b * 256 * a;  // policy head
        bwd += 2L * 256 * b + b + 2L * b * 256;                                          // value head
        for (int i = 2; i >= 1; i--) {
            bwd += 3L * b * s[i] + 2L * s[i] * s[i - 1] * b + (long) b * s[i];
            if (i > 1) bwd += 2L * b * s[i - 1] * s[i];
        }
        assertEquals(fwd, f.forward());
        assertEquals(bwd, f.backward());
        assertEquals(2L * b * 256 + b * (a + 1L) + (long) b * a, f.transcendentals());
    }

    @Test
    void lstmMatchesClosedForm() {
        int o = 10, e = 32, s = 16, a = 3, b = 8, t = 4;
        NetworkFlops f = NetworkFlops.lstm(o, new int[] {e, s}, a, b, t, "relu");
        assertEquals(10L * 32 + 32 + 4L * s * e + 4L * s * s + 4L * s + (long) a * s + a + s + 1, f.params());
        long step = 2L * b * e * o + 2L * b * e                                // encoder: gemm, bias, relu
                + 2L * b * 4 * s * e + 2L * b * 4 * s * s + (long) b * 4 * s       // gate GEMMs + bias
                + 9L * b * s                                                    // cell
                + 2L * b * a * s + (long) b * a + b * (4L * a - 1) + 2L * b * s + b; // heads
        assertEquals(t * step, f.forward());
        long heads = b * (4L * a - 1) + 2L * a * s * b + (long) b * a + 2L * b * s * a + 2L * s * b + b + 2L * b * s;
        long cell = 23L * b * s + 2L * 4 * s * e * b + 2L * 4 * s * s * b + (long) b * 4 * s + 2L * b * e * 4 * s;
        long encoder = (long) b * e + 2L * e * o * b + (long) b * e;
        long recurrent = 2L * b * s * 4 * s;
        assertEquals(t * (heads + cell + encoder) + (t - 1) * recurrent, f.backward());
    }

    /** Runs every op of the list on a backend and compares the ledger with the list's totals. */
    private static void replay(NetworkFlops f, Kernels k) {
        FlopLedger ledger = new FlopLedger();
        new NetworkWorkload(f, 3).run(k, ledger.counter(FlopCategory.LEARN_FWD), ledger.counter(FlopCategory.LEARN_BWD));
        assertEquals(f.forward(), ledger.flops(FlopCategory.LEARN_FWD), k.name() + " forward");
        assertEquals(f.backward(), ledger.flops(FlopCategory.LEARN_BWD), k.name() + " backward");
        assertEquals(f.transcendentals(), ledger.totalTranscendentals(), k.name() + " transcendentals");
    }

    @Test
    void runningTheOpListOnEveryBackendAddsExactlyItsTotals() {
        try (Kernels p = KernelProvider.create("panama", 2)) {
            for (Kernels k : new Kernels[] {KernelProvider.scalar(), p}) {
                replay(NetworkFlops.mlp(13, new int[] {33, 7}, 5, 21, "tanh"), k);
                replay(NetworkFlops.mlp(13, new int[] {8}, 3, 9, "relu"), k);
                replay(NetworkFlops.lstm(13, new int[] {33, 7}, 5, 6, 3, "tanh"), k);
                replay(NetworkFlops.lstm(13, new int[] {7}, 5, 6, 2, "tanh"), k);
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> NetworkFlops.mlp(0, new int[] {8}, 3, 9, "tanh"));
        assertThrows(IllegalArgumentException.class, () -> NetworkFlops.mlp(4, new int[] {}, 3, 9, "tanh"));
        assertThrows(IllegalArgumentException.class, () -> NetworkFlops.mlp(4, new int[] {8}, 3, 9, "gelu"));
        assertThrows(IllegalArgumentException.class, () -> NetworkFlops.lstm(4, new int[] {8}, 3, 9, 0, "tanh"));
    }
}
