package org.flatworld.examples;

import java.nio.file.Path;
import org.flatworld.train.TrainConfig;
import org.flatworld.train.TrainResult;
import org.flatworld.train.Trainer;
import org.flatworld.train.TrainingListener;

/**
 * Headless training through the library API: a preset, a few overrides, a run folder, a listener
 * that prints progress every 20 updates. What {@code flatworld train} does, in a dozen lines.
 *
 * <pre>
 *   java … org.flatworld.examples.HeadlessTraining smoke /tmp/run 40000
 * </pre>
 */
public final class HeadlessTraining {
    private HeadlessTraining() {}

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "smoke";
        Path out = Path.of(args.length > 1 ? args[1] : "run-" + preset);
        TrainConfig cfg = TrainConfig.preset(preset);
        if (args.length > 2) cfg = cfg.withSet("totalAgentSteps", args[2]);

        TrainingListener progress = (p, policy) -> {
            if (p.updates() % 20 == 0)
                System.out.printf("step %,d  updates %d  return %.3f  training GFLOP %.3f%n",
                        p.globalStep(), p.updates(), p.episodicReturn(), p.trainingFlops() / 1e9);
            return false; // never stop early
        };
        TrainResult r = Trainer.train(cfg, out, progress);
        System.out.printf("done: %,d agent-steps, return %.3f, %d parameters, %s; files in %s%n",
                r.progress().globalStep(), r.progress().episodicReturn(), r.paramCount(), r.ledger(), out.toAbsolutePath());
    }
}
