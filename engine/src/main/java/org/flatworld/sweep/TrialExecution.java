package org.flatworld.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;

/**
 * Runs exactly one trial of a sweep folder, idempotently: a finished trial ({@code result.json}
 * present) is left alone; a partial one (folder without result, e.g. from a killed run) is wiped and
 * rerun from scratch. This is what {@code flatworld trial --sweep DIR --index I} and every executor call.
 * Only when asked to ({@code trial --from-checkpoint}, or a Slurm requeue: {@code SLURM_RESTART_COUNT} ≥ 1)
 * and the partial folder holds a loadable training checkpoint does the trial continue from it instead.
 */
public final class TrialExecution {
    private TrialExecution() {}

    /** Runs trial {@code index} unless finished; returns true when it ran. A failure leaves {@code error.txt}. */
    public static boolean runOne(SweepFolder folder, int index, TrialRunner runner) throws IOException {
        return runOne(folder, index, runner, false, null);
    }

    /**
     * As {@link #runOne(SweepFolder, int, TrialRunner)}; with {@code fromCheckpoint} a partial trial whose
     * folder holds a checkpoint the runner can load continues from it (logging one line to {@code log} when
     * non-null) rather than being wiped and rerun.
     */
    public static boolean runOne(SweepFolder folder, int index, TrialRunner runner, boolean fromCheckpoint,
                                 PrintStream log) throws IOException {
        TrialSpec spec = folder.trial(index);
        if (folder.isDone(index)) return false;
        var dir = folder.trialDir(index);
        int threads = folder.config().threadsOrDefault();
        String from = fromCheckpoint && Files.isDirectory(dir) ? runner.resumable(folder.config(), spec, dir, threads) : null;
        if (from == null) {
            AtomicFiles.deleteTree(dir);
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve("spec.json"), SweepConfig.mapper().writeValueAsBytes(spec));
        } else {
            Files.deleteIfExists(dir.resolve("error.txt"));
            if (log != null) log.println("trial " + index + ": resuming from checkpoint at " + from);
        }
        TrialResult r;
        try {
            r = from == null ? runner.run(folder.config(), spec, dir, threads) : runner.resume(folder.config(), spec, dir, threads);
        } catch (IOException | RuntimeException | Error e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            AtomicFiles.write(dir.resolve("error.txt"), sw.toString());
            throw e;
        }
        folder.writeResult(index, r);
        return true;
    }

    /** Whether this process is a Slurm task the scheduler requeued ({@code SLURM_RESTART_COUNT} ≥ 1). */
    public static boolean requeued() {
        String n = System.getenv("SLURM_RESTART_COUNT");
        if (n == null) return false;
        try {
            return Integer.parseInt(n.strip()) >= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
