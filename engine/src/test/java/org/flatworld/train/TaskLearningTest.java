package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.task.Complexity;
import org.flatworld.task.Split;
import org.flatworld.task.Task;
import org.flatworld.task.TaskRollouts;
import org.flatworld.task.TaskSampler;
import org.junit.jupiter.api.Test;

/**
 * Single-player Flatworld {@code trivial} families: mean normalized score on held-out test-id tasks
 * (sampled actions), against the bar 0.8.
 *
 * <p>On the {@code trivial} family (three objects, the goal names one by colour and/or shape) both
 * learners, as published, settle within 1 M agent-steps on "go to the object of one fixed observation
 * slot" (it fits the goal in 59 % of tasks) and stay near 0.55 with the MLP (docs/TRAINING.md, "The
 * trivial family"). PPO gets past it with a large entropy bonus annealed to 0 and a pool of 4096
 * tasks ({@code trivial-ppo}, 7 M agent-steps: seed 1 0.86; seeds 2, 3, 4: 0.90, 0.83, 0.76). V-MPO
 * as published gets past it with the object-centric {@code entity} model ({@code trivial-entity},
 * 4 M agent-steps; seeds in docs/TRAINING.md): one encoder shared by the object slots, conditioned on
 * the goal and summed over the slots, cannot express "go to slot k".
 * With one object ({@code env.kwargs.objects=1}, no binding of goal to object needed) both pass the
 * bar at 600 k agent-steps.
 */
class TaskLearningTest {
    /** Mean over test-id tasks of (R − R_random)/(R_oracle − R_random), tasks with R_oracle ≤ R_random excluded. */
    static double testIdScore(TrainConfig cfg, TrainResult r, int nTasks) {
        Complexity c = EnvFactory.complexity(cfg.env());
        List<Task> tasks = new TaskSampler(c, 99, Split.TEST_ID).sample(nTasks);
        double[] agent = TaskRollouts.meanReturns(c, tasks, r.policy(), 4, 5, FlopLedger.NONE, 1);
        double[] random = TaskRollouts.meanReturns(c, tasks, null, 4, 5, FlopLedger.NONE, 1);
        double[] oracle = TaskRollouts.oracleReturns(c, tasks, 4, 5, FlopLedger.NONE, 1);
        double sum = 0, ma = 0, mr = 0, mo = 0;
        int n = 0;
        for (int i = 0; i < tasks.size(); i++) {
            ma += agent[i] / tasks.size();
            mr += random[i] / tasks.size();
            mo += oracle[i] / tasks.size();
        }
        System.out.printf("test-id mean returns: agent %.3f, random %.3f, oracle %.3f%n", ma, mr, mo);
        for (int i = 0; i < tasks.size(); i++) {
            if (oracle[i] <= random[i]) continue;
            sum += (agent[i] - random[i]) / (oracle[i] - random[i]);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The trivial family with one object (no binding of the goal to an object needed), at the bar. */
    static TrainConfig oneObject(String preset) {
        return TrainConfig.preset(preset).withSet("backend", "cpu").withSet("env.kwargs.objects", "1")
                .withSet("totalAgentSteps", "600000");
    }

    static double trainAndScore(TrainConfig cfg, String label) {
        TrainResult r = Trainer.train(cfg, null, TrainingListener.NONE);
        double score = testIdScore(cfg, r, 64);
        System.out.println(label + ": test-id normalized " + score + " after " + r.progress().globalStep() + " agent-steps, "
                + r.wallSeconds() + " s");
        return score;
    }

    @Test
    void vmpoReachesTheBarOnOneObjectTrivial() {
        double score = trainAndScore(oneObject("trivial"), "trivial objects=1 vmpo");
        assertTrue(score >= 0.8, "V-MPO test-id normalized score on trivial with one object " + score + " < 0.8");
    }

    @Test
    void ppoReachesTheBarOnOneObjectTrivial() {
        double score = trainAndScore(oneObject("trivial-ppo"), "trivial objects=1 ppo");
        assertTrue(score >= 0.8, "PPO test-id normalized score on trivial with one object " + score + " < 0.8");
    }

    @Test
    void vmpoWithTheEntityModelReachesTheBarOnTrivialTestId() {
        double score = trainAndScore(TrainConfig.preset("trivial-entity").withSet("backend", "cpu"), "trivial-entity vmpo");
        assertTrue(score >= 0.8, "V-MPO (entity model) test-id normalized score on trivial " + score + " < 0.8");
    }

    @Test
    void ppoReachesTheBarOnTrivialTestId() {
        double score = trainAndScore(TrainConfig.preset("trivial-ppo").withSet("backend", "cpu"), "trivial ppo");
        assertTrue(score >= 0.8, "PPO test-id normalized score on trivial " + score + " < 0.8");
    }
}
