package org.flatworld.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.flatworld.env.Policy;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.task.Complexity;
import org.flatworld.train.EnvFactory;
import org.flatworld.train.TrainConfig;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    /** Always action 0 (no-op). */
    private static Policy noop(Complexity c) {
        return new Policy() {
            public int obsDim() { return c.sizes().obsDim(); }

            public int numActions() { return c.numActions(); }

            public Actor actor(int rows, FlopLedger.Counter flops) {
                return (obs, actions, greedy, rng) -> Arrays.fill(actions, 0);
            }
        };
    }

    @Test
    void evaluationChargesEvalFlopsAndCountsEveryTask() {
        Complexity c = Complexity.trivial();
        FlopLedger ledger = new FlopLedger();
        GeneralizationMetrics m = Evaluator.evaluate(c, noop(c), "test-id", 12, 1, 3, 1, ledger);
        assertEquals(12, m.tasks() + m.excluded());
        assertTrue(ledger.flops(FlopCategory.EVAL) > 0, "rollouts are charged to eval");
        assertEquals(0, ledger.trainingTotal(), "evaluation is not training compute");
        if (m.tasks() > 0) {
            assertTrue(m.mean() <= 1 + 1e-9 && m.p50() <= 1 + 1e-9, "no score above the reference: " + m);
            assertTrue(m.participation() >= 0 && m.participation() <= 1);
        }
        // deterministic: same seed, same metrics
        assertEquals(m, Evaluator.evaluate(c, noop(c), "test-id", 12, 1, 3, 1, new FlopLedger()));
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(c, noop(c), "ood-combo", 4, 1, 3, 1, null));
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(c, noop(c), "test-id", 0, 1, 3, 1, null));
    }

    @Test
    void complexityOfARunIgnoresTheTrainersOwnKwargs() {
        // the trivial presets set env.kwargs.pool; `flatworld eval` on such a run refused it as a complexity key
        TrainConfig cfg = TrainConfig.preset("trivial").withSet("env.kwargs.objects", "1").withSet("env.kwargs.taskSeed", "3");
        Complexity c = Evaluator.complexityOf(cfg);
        assertEquals(EnvFactory.complexity(cfg.env()), c);
        assertEquals(1, c.objects());
    }
}
