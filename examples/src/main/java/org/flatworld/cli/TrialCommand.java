package org.flatworld.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flatworld.sweep.SweepFolder;
import org.flatworld.sweep.TrialExecution;
import org.flatworld.sweep.TrialRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flatworld trial}: runs exactly one trial of a sweep folder, idempotently (what a Slurm array task runs). */
@Command(name = "trial", mixinStandardHelpOptions = true,
        description = "Runs trial I of a sweep folder into DIR/trials/I/ (no-op when already finished).")
public class TrialCommand implements Callable<Integer> {
    @Option(names = "--sweep", required = true, description = "The sweep folder (made by flatworld sweep).")
    Path sweep;

    @Option(names = "--index", required = true, description = "Trial index, 0-based.")
    int index;

    @Option(names = "--from-checkpoint", description = "Continue a partial trial from its last training checkpoint, as a "
            + "Slurm requeue (SLURM_RESTART_COUNT >= 1) does; without one it reruns from scratch.")
    boolean fromCheckpoint;

    @Override
    public Integer call() throws Exception {
        TrialRunner.useBackend(Main.backend());
        SweepFolder folder = SweepFolder.open(sweep);
        folder.trial(index); // range check
        boolean ran = TrialExecution.runOne(folder, index, TrialRunner.forName(folder.config().runner()),
                fromCheckpoint || TrialExecution.requeued(), System.err);
        System.err.println("trial " + index + ": " + (ran ? "finished" : "already finished") + " (" + folder.trialDir(index) + ")");
        return 0;
    }
}
