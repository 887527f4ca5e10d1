package org.flatworld.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;

/**
 * Runs exactly one trial of a sweep folder, idempotently: a finished trial ({@code result.json}
 * present) is left alone; a partial one (folder without result, e.g. from a killed run) is wiped and
 * rerun from scratch. This is what {@code flatworld trial --sweep DIR --index I} and every executor call.
 */
public final class TrialExecution {
    private TrialExecution() {}

    /** Runs trial {@code index} unless finished; returns true when it ran. A failure leaves {@code error.txt}. */
    public static boolean runOne(SweepFolder folder, int index, TrialRunner runner) throws IOException {
        TrialSpec spec = folder.trial(index);
        if (folder.isDone(index)) return false;
        var dir = folder.trialDir(index);
        AtomicFiles.deleteTree(dir);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("spec.json"), SweepConfig.mapper().writeValueAsBytes(spec));
        TrialResult r;
        try {
            r = runner.run(folder.config(), spec, dir, folder.config().threadsOrDefault());
        } catch (IOException | RuntimeException | Error e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            AtomicFiles.write(dir.resolve("error.txt"), sw.toString());
            throw e;
        }
        folder.writeResult(index, r);
        return true;
    }
}
