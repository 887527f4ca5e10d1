package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Memory: the cue is visible on the first of 8 steps only. The LSTM must carry it (normalized
 * score ≥ 0.8); the MLP of the same budget can only be right on the first step (score 1/8 by
 * construction, see {@link CueEnv}).
 */
class MemoryLearningTest {
    @Test
    void lstmRemembersTheCueAndMlpCannot() {
        TrainConfig lstm = TrainConfig.preset("memory").withSet("backend", "cpu");
        TrainResult r = Trainer.train(lstm, null, TrainingListener.NONE);
        double score = CueLearningTest.normalized(r.progress().episodicReturn(), 8, 4);
        System.out.println("memory lstm: return " + r.progress().episodicReturn() + " normalized " + score + " in " + r.wallSeconds() + " s");
        assertTrue(score >= 0.8, "LSTM normalized score " + score);

        TrainResult m = Trainer.train(lstm.withSet("model", "mlp"), null, TrainingListener.NONE);
        double mlpScore = CueLearningTest.normalized(m.progress().episodicReturn(), 8, 4);
        System.out.println("memory mlp: return " + m.progress().episodicReturn() + " normalized " + mlpScore);
        assertTrue(mlpScore <= 0.25, "MLP normalized score " + mlpScore + " should stay near 1/8");
    }
}
