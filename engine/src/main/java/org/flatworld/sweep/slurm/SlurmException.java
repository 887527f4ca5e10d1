package org.flatworld.sweep.slurm;

/**
 * Slurm could not be used: {@code sbatch} is missing, the controller is unreachable, or a submission
 * was rejected. The message is one line that says what happened and what to do; like any bad input it
 * is reported by the CLI as one line with exit code 2 (hence the supertype). Nothing about the sweep
 * folder is left half-done when this is thrown: submissions are recorded only after {@code sbatch}
 * accepted them, so {@code --resume} picks up exactly what is missing.
 */
public final class SlurmException extends IllegalArgumentException {
    public SlurmException(String message) { super(message); }
}
