package org.flatworld.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * The trainer splits forward passes into row ranges (shards, acting per thread) and relies on each
 * row's outputs being the same bits whatever range it falls in: checked for the CPU backend on the
 * spread network shape (5-wide policy head, rows crossing the narrow-row kernels' 64-row blocks).
 */
class ForwardRowSplitTest {
    @Test
    void forwardOfARowDoesNotDependOnHowTheBatchIsSplit() {
        NetShape shape = NetShape.mlp(19, new int[] {64, 64}, 5);
        int rows = 203;
        SplittableRandom rng = new SplittableRandom(3);
        float[] obs = new float[rows * shape.obsDim()];
        for (int i = 0; i < obs.length; i++) obs[i] = (float) (rng.nextDouble(-3, 3));
        assertRowsIndependentOfTheSplit(shape, obs, rows, new int[][] {{0, 1, rows}, {0, 70, 133, rows}, {0, 101, 102, rows}});
    }

    /** Forward passes over the row ranges of each cut give the same log-probabilities and values as one pass over all rows. */
    static void assertRowsIndependentOfTheSplit(NetShape shape, float[] obs, int rows, int[][] cuts) {
        int a = shape.numActions();
        try (Kernels k = KernelProvider.create("cpu", 1)) {
            ActorCritic net = new ActorCritic(shape, k);
            float[] params = new float[net.paramCount()];
            NetInit.init(shape, params, NetInit.Scheme.ORTHOGONAL, 11);
            ActorCritic.Workspace ws = net.workspace(1, rows);
            net.forward(params, ws, 1, rows, obs, 0, null, null, 0, null, 0, FlopLedger.NONE);
            float[] logpAll = Arrays.copyOf(ws.logp, rows * a), valueAll = Arrays.copyOf(ws.value, rows);
            float[] logp = new float[rows * a], value = new float[rows];
            for (int[] cut : cuts) {
                for (int s = 0; s + 1 < cut.length; s++) {
                    int lo = cut[s], n = cut[s + 1] - lo;
                    net.forward(params, ws, 1, n, obs, lo * shape.obsDim(), null, null, 0, null, 0, FlopLedger.NONE);
                    System.arraycopy(ws.logp, 0, logp, lo * a, n * a);
                    System.arraycopy(ws.value, 0, value, lo, n);
                }
                assertArrayEquals(logpAll, logp, "log-probabilities with cuts " + Arrays.toString(cut));
                assertArrayEquals(valueAll, value, "values with cuts " + Arrays.toString(cut));
            }
        }
    }
}
