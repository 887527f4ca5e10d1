package org.flatworld.mpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every scenario as a batch: thread-count independence, Vector API vs scalar, bounds, padding. */
class MpeScenariosBatchTest {

    @ParameterizedTest
    @ValueSource(strings = {"simple_spread", "simple_reference", "simple_tag", "simple_world_comm"})
    void oneAndTwoThreadsAreBitIdenticalAndVectorMatchesScalar(String name) {
        try (MpeVecEnv one = MpeEnvs.create(name, Map.of(), 77, 1);
             MpeVecEnv two = MpeEnvs.create(name, Map.of(), 77, 2);
             MpeVecEnv scalar = MpeEnvs.create(name, Map.of(), 77, 1, PhysicsKernels.scalar())) {
            assertEquals(0.0, SpreadVecEnvTest.lockstep(one, two, 5, 60), name + ": 1 vs 2 threads");
            double d = SpreadVecEnvTest.lockstep(one, scalar, 5, 60);
            assertTrue(d <= 1e-4, name + ": Vector API vs scalar max |Δ| = " + d);
        }
    }

    @Test
    void spreadFastPathEqualsGenericRules() {
        try (MpeVecEnv fast = MpeEnvs.create("simple_spread", Map.of("N", 4), 50, 1);
             MpeVecEnv generic = new MpeVecEnv(MpeEnvs.genericScenario("simple_spread", Map.of("N", 4), PhysicsKernels.create("auto")), 50, 1)) {
            double d = SpreadVecEnvTest.lockstep(fast, generic, 9, 50);
            assertTrue(d <= 1e-5, "vectorised spread rewards/observations vs the shared rules: max |Δ| = " + d);
        }
    }

    @Test
    void worldCommPadsObservationsAndChecksPerAgentActionRanges() {
        try (MpeVecEnv env = MpeEnvs.create("simple_world_comm", Map.of(), 3, 1)) {
            assertEquals(34, env.obsDim());
            assertEquals(20, env.numActions());
            int n = env.numAgents();
            int[] act = new int[3 * n];
            act[0] = 19;                       // the leader speaks: 4 symbols × 5 moves
            env.step(act, new float[3 * n], new byte[3]);
            float[] obs = new float[3 * n * 34];
            env.observe(obs);
            // adversary_0 hears the leader's symbol 3 in its last 4 entries
            assertEquals(1f, obs[34 + 33]);
            assertEquals(0f, obs[34 + 30]);
            for (int j = 28; j < 34; j++) assertEquals(0f, obs[4 * 34 + j], "good agents' observations are padded with zeros");
            act[1] = 7;                        // a silent adversary has only 5 actions
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(act, new float[3 * n], new byte[3]));
            assertTrue(e.getMessage().contains("[0, 5)"), e.getMessage());
        }
    }

    @Test
    void tagStaysInsideSpeedCapsAndCountsFlops() {
        FlopLedger ledger = new FlopLedger();
        try (MpeVecEnv env = MpeEnvs.create("simple_tag", Map.of(), 64, 2)) {
            env.setFlopCounter(ledger.counter(FlopCategory.SIM));
            int n = env.numAgents();
            int[] act = new int[64 * n];
            java.util.Arrays.fill(act, 2); // everyone accelerates along +x
            float[] rew = new float[64 * n], obs = new float[64 * n * env.obsDim()];
            for (int t = 0; t < 20; t++) env.step(act, rew, new byte[64]);
            env.observe(obs);
            for (int i = 0; i < 64; i++)
                for (int a = 0; a < n; a++) {
                    float vx = obs[(i * n + a) * env.obsDim()], cap = a < 3 ? 1.0f : 1.3f;
                    assertTrue(vx <= cap * (1 + 1e-6f), "speed cap of agent " + a + ": vx " + vx);
                }
            BatchScenario sc = env.scenario();
            long want = 20L * 64 * sc.stepFlops() + 64L * sc.observeFlops();
            assertEquals(want, ledger.flops(FlopCategory.SIM));
            assertTrue(sc.stepFlops() > 0 && sc.stepTranscendentals() > 0);
        }
    }
}
