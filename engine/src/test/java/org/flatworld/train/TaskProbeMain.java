package org.flatworld.train;

import java.util.List;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.task.Complexity;
import org.flatworld.task.Split;
import org.flatworld.task.Task;
import org.flatworld.task.TaskRollouts;
import org.flatworld.task.TaskSampler;

/** Manual probe (not a test): trains a task preset and prints the normalized test-id score. */
public final class TaskProbeMain {
    public static void main(String[] args) {
        TrainConfig c = TrainConfig.preset(args[0]);
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            c = c.withSet(kv[0], kv[1]);
        }
        TrainResult r = Trainer.train(c, null, (p, pol) -> {
            if (p.updates() % 200 == 0) System.out.println(p.globalStep() + " " + p.episodicReturn() + " " + p.wallSeconds());
            return false;
        });
        System.out.println("train return " + r.progress().episodicReturn() + " wall " + r.wallSeconds());
        System.out.println("test-id normalized " + TaskLearningTest.testIdScore(c, r, 64));
    }
}
