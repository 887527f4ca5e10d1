package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The value targets reuse the acting forward's values when the rollout acted with θ itself; the
 * trainer then asserts (for its first {@link Trainer#CHECKED_REUSES} iterations) that a full value pass
 * gives the same bits. Here: that the reuse happens exactly when it should, with that check on; and
 * that the spread network trains to the same bits on 1 and 2 threads when its rollout runs in env chunks
 * on the pool's threads.
 */
class ActingValuesReuseTest {
    private static Trainer trained(TrainConfig cfg) {
        Trainer t = new Trainer(cfg, null, null, false);
        t.run(TrainingListener.NONE);
        return t;
    }

    @Test
    void valuesComeFromTheActingForwardWhenTheRolloutActedWithTheCurrentParameters() {
        assertTrue(Trainer.class.desiredAssertionStatus(), "the equality check needs assertions on (-ea)");
        // smoke: 2 epochs × 2 minibatches = 4 gradient steps per iteration = its target period
        TrainConfig smoke = TrainConfig.preset("smoke").withSet("backend", "cpu").withSet("totalAgentSteps", "4000");
        for (String threads : new String[] {"1", "2"}) {
            try (Trainer t = trained(smoke.withSet("threads", threads))) {
                assertTrue(t.iterations > Trainer.CHECKED_REUSES, "enough iterations to check " + t.iterations);
                assertEquals(t.iterations, t.valuePassesSaved, "every V-MPO rollout acted with θ′ = θ");
            }
        }
        // θ′ copied every 3 steps, 4 steps per iteration: θ′ = θ at the start of one rollout in 3
        try (Trainer t = trained(smoke.withSet("targetPeriod", "3"))) {
            assertEquals((t.iterations + 2) / 3, t.valuePassesSaved, "iterations " + t.iterations);
        }
        // PPO acts with θ: always
        try (Trainer t = trained(smoke.withSet("algo", "ppo"))) {
            assertEquals(t.iterations, t.valuePassesSaved);
        }
    }

    @Test
    void spreadGivesTheSameWeightsOnOneAndTwoThreadsWithTheRolloutInEnvChunksOrNot() {
        // 64 envs (4 groups of 16): 1 thread rolls out step by step, 2 threads in 4 env chunks claimed by either thread
        TrainConfig spread = TrainConfig.preset("spread").withSet("backend", "cpu").withSet("totalAgentSteps", "18432");
        float[][] weights = new float[2][];
        long[] flops = new long[2], episodes = new long[2];
        double[] returns = new double[2];
        for (int i = 0; i < 2; i++) {
            try (Trainer t = trained(spread.withSet("threads", Integer.toString(i + 1)))) {
                assertEquals(3, t.iterations);
                assertTrue(t.rowSampling, "per-row sampling");
                assertEquals(i == 0 ? 1 : 2 * Trainer.ROLL_CHUNKS_PER_THREAD, t.rollChunks, "rollout chunks");
                assertEquals(1, t.actChunks, "acting chunks");
                weights[i] = t.params.clone();
                flops[i] = t.ledger.trainingTotal();
                episodes[i] = t.episodes;
                returns[i] = t.episodicReturn();
            }
        }
        assertTrue(episodes[0] > 0, "episodes ended");
        assertArrayEquals(weights[0], weights[1], "weights after 3 iterations");
        assertEquals(flops[0], flops[1], "FLOPs");
        assertEquals(episodes[0], episodes[1], "episodes");
        assertEquals(returns[0], returns[1], "episodic return");
    }
}
