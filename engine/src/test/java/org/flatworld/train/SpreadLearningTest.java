package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The simple_spread bar: V-MPO's mean episodic return ≥ −21.4 (CleanRL PPO level) within
 * 10 M agent-steps. It takes ~10 minutes here, so it runs only with {@code -Dflatworld.slow=true}.
 * Not verified in this build: with the preset's time feature the measured return was −25.0 at 1 M
 * agent-steps (docs/TRAINING.md); the bar is kept as stated rather than weakened.
 */
class SpreadLearningTest {
    @Test
    void vmpoReachesThePeerLevelOnSimpleSpread() {
        Assumptions.assumeTrue(Boolean.getBoolean("flatworld.slow"), "slow learning test; run with -Dflatworld.slow=true");
        TrainResult r = Trainer.train(TrainConfig.preset("spread").withSet("backend", "cpu"), null, TrainingListener.NONE);
        assertTrue(r.progress().episodicReturn() >= -21.4, "V-MPO simple_spread return " + r.progress().episodicReturn());
    }
}
