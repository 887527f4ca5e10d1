package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The simple_spread bar: V-MPO's mean episodic return (mean over agents of the undiscounted
 * 25-step return, last 256 episodes) ≥ −21.4 — CleanRL PPO's level — within 10 M agent-steps.
 * The V-MPO test spends 1 M (the preset, with its time feature; ≈ 35 s here), measured −20.5; PPO
 * (the peer's settings plus the time feature and PopArt) 1.5 M.
 */
class SpreadLearningTest {
    @Test
    void vmpoReachesThePeerLevelOnSimpleSpreadWithin1MAgentSteps() {
        TrainConfig cfg = TrainConfig.preset("spread").withSet("backend", "cpu").withSet("totalAgentSteps", "1000000");
        TrainResult r = Trainer.train(cfg, null, TrainingListener.NONE);
        System.out.println("spread vmpo: return " + r.progress().episodicReturn() + " after " + r.progress().globalStep()
                + " agent-steps in " + r.wallSeconds() + " s");
        assertTrue(r.progress().episodicReturn() >= -21.4, "V-MPO simple_spread return " + r.progress().episodicReturn());
    }

    @Test
    void ppoReachesThePeerLevelOnSimpleSpreadWithin1Point5MAgentSteps() {
        TrainConfig cfg = TrainConfig.preset("spread-ppo").withSet("backend", "cpu").withSet("totalAgentSteps", "1500000");
        TrainResult r = Trainer.train(cfg, null, TrainingListener.NONE);
        System.out.println("spread ppo: return " + r.progress().episodicReturn() + " after " + r.progress().globalStep()
                + " agent-steps in " + r.wallSeconds() + " s");
        assertTrue(r.progress().episodicReturn() >= -21.4, "PPO simple_spread return " + r.progress().episodicReturn());
    }
}
