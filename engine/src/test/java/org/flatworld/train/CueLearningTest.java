package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Both trainers solve the cue bandit; only the LSTM solves its memory variant. */
class CueLearningTest {
    /** Normalized score (R − R_random)/(R_oracle − R_random) on the cue env: random = horizon/cues, oracle = horizon. */
    static double normalized(double ret, int horizon, int cues) {
        double random = (double) horizon / cues;
        return (ret - random) / (horizon - random);
    }

    @Test
    void vmpoSolvesTheSmokePreset() {
        TrainResult r = Trainer.train(TrainConfig.preset("smoke").withSet("backend", "scalar"), null, TrainingListener.NONE);
        double score = normalized(r.progress().episodicReturn(), 8, 4);
        System.out.println("vmpo smoke: return " + r.progress().episodicReturn() + " normalized " + score + " " + r.ledger());
        assertTrue(score >= 0.8, "V-MPO normalized score " + score);
    }

    @Test
    void ppoSolvesTheSmokePreset() {
        TrainResult r = Trainer.train(TrainConfig.preset("smoke").withSet("algo", "ppo").withSet("lr", "0.003")
                .withSet("backend", "scalar"), null, TrainingListener.NONE);
        double score = normalized(r.progress().episodicReturn(), 8, 4);
        System.out.println("ppo smoke: return " + r.progress().episodicReturn() + " normalized " + score);
        assertTrue(score >= 0.8, "PPO normalized score " + score);
    }
}
