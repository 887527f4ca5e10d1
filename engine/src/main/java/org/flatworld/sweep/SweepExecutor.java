package org.flatworld.sweep;

import java.io.IOException;
import java.util.List;

/**
 * Where a sweep's trials run: {@link LocalExecutor} on this machine's cores; the Slurm helper's
 * executor as one job array whose task I runs {@code flatworld trial --sweep DIR --index I}. Every
 * executor leaves the same folder behind; {@link SweepReport} merges it.
 */
public interface SweepExecutor {
    /** "local", "slurm", … */
    String name();

    /**
     * Runs the given unfinished trials and returns when they have ended. Throws when some failed
     * (their folders keep {@code error.txt}); finished ones stay finished.
     */
    void execute(SweepFolder folder, List<Integer> pending) throws IOException, InterruptedException;
}
