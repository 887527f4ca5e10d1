package org.flatworld.mpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MpeVecEnv#stepRange} and {@link MpeVecEnv#observeRange}: env ranges stepped out of order, and
 * different ranges at different steps, give the bits and FLOPs of whole-batch steps (auto-resets included).
 */
class MpeRangeStepTest {

    @ParameterizedTest
    @ValueSource(strings = {"simple_spread", "simple_tag"})
    void rangesStepToTheBitsOfWholeSteps(String name) {
        int envs = 40, steps = 60; // 40 envs: ranges [0, 16), [16, 32), [32, 40); 60 steps cross two time limits
        FlopLedger la = new FlopLedger(), lb = new FlopLedger();
        try (MpeVecEnv whole = MpeEnvs.create(name, Map.of(), envs, 1);
             MpeVecEnv ranged = MpeEnvs.create(name, Map.of(), envs, 1)) {
            assertEquals(16, ranged.rangeGranule());
            whole.setFlopCounter(la.counter(FlopCategory.SIM));
            ranged.setFlopCounter(lb.counter(FlopCategory.SIM));
            whole.reset(5);
            ranged.reset(5);
            int n = whole.numAgents(), d = whole.obsDim();
            int[][] acts = new int[steps][envs * n];
            SplittableRandom rng = new SplittableRandom(9);
            for (int[] a : acts)
                for (int r = 0; r < a.length; r++) a[r] = rng.nextInt(whole.numActions(r % n));
            float[][] wRew = new float[steps][envs * n], rRew = new float[steps][envs * n];
            byte[][] wDone = new byte[steps][envs], rDone = new byte[steps][envs];
            float[][] wObs = new float[steps][envs * n * d], rObs = new float[steps][envs * n * d];
            for (int t = 0; t < steps; t++) {
                whole.step(acts[t], wRew[t], wDone[t]);
                whole.observe(wObs[t]);
            }
            // range [16, 32) runs all its steps first, then [32, 40), then [0, 16): no range waits for another
            int[][] order = {{16, 32}, {32, 40}, {0, 16}};
            for (int[] range : order)
                for (int t = 0; t < steps; t++) {
                    ranged.stepRange(range[0], range[1], acts[t], rRew[t], rDone[t]);
                    ranged.observeRange(range[0], range[1], rObs[t]);
                }
            int resets = 0;
            for (int t = 0; t < steps; t++) {
                assertArrayEquals(wRew[t], rRew[t], "rewards at step " + t);
                assertArrayEquals(wDone[t], rDone[t], "done at step " + t);
                assertArrayEquals(wObs[t], rObs[t], "observations at step " + t);
                for (byte b : wDone[t]) if (b != 0) resets++;
            }
            assertTrue(resets >= envs, "episodes ended within the test: " + resets);
            assertEquals(la.flops(FlopCategory.SIM), lb.flops(FlopCategory.SIM), "sim FLOPs");
            assertEquals(la.transcendentals(FlopCategory.SIM), lb.transcendentals(FlopCategory.SIM), "sim transcendentals");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-16, 8, 24, 48})
    void misalignedRangesAreRejected(int lo) {
        try (MpeVecEnv env = MpeEnvs.create("simple_spread", Map.of(), 40, 1)) {
            int n = env.numAgents();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.stepRange(lo, 40, new int[40 * n], new float[40 * n], new byte[40]));
            assertTrue(e.getMessage().contains("multiples of 16"), e.getMessage());
        }
    }
}
