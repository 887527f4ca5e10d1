package org.flatworld.sweep.slurm;

import java.nio.file.Path;

/**
 * Where the Slurm engine keeps its files inside a sweep folder (next to the sweep's own
 * {@code config.json} and {@code trials/}):
 * <pre>
 * DIR/slurm/submissions.json        every accepted sbatch submission (job id, offset, trials), atomic
 * DIR/slurm/scripts/submit-S-C.sh   the batch script of submission S, chunk C (re-submittable by hand)
 * DIR/slurm/logs/trial-I.log        stdout+stderr of every attempt at trial I, appended, with a header per attempt
 * DIR/slurm/logs/JOB_TASK.out       what Slurm itself writes for an array task (cancellations, time limits)
 * </pre>
 */
public record SlurmFolder(Path sweep) {
    public SlurmFolder {
        sweep = sweep.toAbsolutePath().normalize();
    }

    public Path root() { return sweep.resolve("slurm"); }

    public Path submissions() { return root().resolve("submissions.json"); }

    public Path scripts() { return root().resolve("scripts"); }

    public Path logs() { return root().resolve("logs"); }

    public Path script(int submission, int chunk) {
        return scripts().resolve(String.format("submit-%03d-%02d.sh", submission, chunk));
    }

    public Path trialLog(int index) { return logs().resolve("trial-" + index + ".log"); }

    /** What a failed trial leaves in its folder (the stack trace; see TrialExecution). */
    public Path error(int index) { return sweep.resolve("trials").resolve(Integer.toString(index)).resolve("error.txt"); }

    /** The finished marker the sweep runner writes last, atomically (docs/SWEEPS.md). */
    public Path result(int index) { return sweep.resolve("trials").resolve(Integer.toString(index)).resolve("result.json"); }
}
