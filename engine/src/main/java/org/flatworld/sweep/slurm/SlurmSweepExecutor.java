package org.flatworld.sweep.slurm;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.PrintStream;
import java.util.List;
import org.flatworld.sweep.SweepExecutor;
import org.flatworld.sweep.SweepFolder;

/**
 * {@code --engine slurm}: the sweep's unfinished trials as Slurm job arrays ({@link SlurmExecutor}).
 * Trials already queued or running from an earlier submission are left alone; failed and never
 * submitted ones are (re)submitted. With {@code detach} it returns once Slurm accepted the arrays;
 * otherwise it waits and fails with one line naming the trials that did not finish.
 */
public final class SlurmSweepExecutor implements SweepExecutor {
    private final SlurmExecutor slurm;
    private final boolean detach;
    private final PrintStream log;

    public SlurmSweepExecutor(SlurmExecutor slurm, boolean detach, PrintStream log) {
        this.slurm = slurm;
        this.detach = detach;
        this.log = log;
    }

    @Override
    public String name() { return detach ? "slurm (detached)" : "slurm"; }

    @Override
    public void execute(SweepFolder folder, List<Integer> pending) throws InterruptedException {
        SlurmStatus before = slurm.status(folder.dir(), folder.size());
        if (!before.queueKnown())
            throw new SlurmException("cannot tell which trials are still queued (" + before.note()
                    + "), so nothing was resubmitted; try again when squeue answers");
        IntArrayList submit = new IntArrayList();
        int queued = 0;
        for (int i : pending) {
            SlurmStatus.State s = before.trials().get(i).state();
            if (s == SlurmStatus.State.FAILED || s == SlurmStatus.State.MISSING) submit.add(i);
            else if (s != SlurmStatus.State.DONE) queued++;
        }
        if (queued > 0) log.println("slurm: " + queued + " trials are still queued or running from an earlier submission");
        slurm.submit(folder.dir(), submit.toIntArray());
        if (detach) {
            log.println("slurm: detached; follow with `flatworld sweep --status " + folder.dir()
                    + "`, merge with `flatworld report --sweep " + folder.dir() + "` (or rerun with --resume to wait)");
            return;
        }
        SlurmStatus end = slurm.await(folder.dir(), folder.size());
        if (!end.allDone()) throw new SlurmException(failureLine(end, folder));
    }

    /** {@code "2 of 8 trials did not finish (3: CANCELLED; log …, 5: …); …"}. */
    static String failureLine(SlurmStatus st, SweepFolder folder) {
        StringBuilder sb = new StringBuilder();
        int shown = 0, missing = 0;
        for (SlurmStatus.Trial t : st.trials()) {
            if (t.state() == SlurmStatus.State.DONE) continue;
            missing++;
            if (shown++ < 3) sb.append(shown > 1 ? ", " : "").append(t.index()).append(": ")
                    .append(t.detail().isEmpty() ? t.state().name().toLowerCase() : t.detail());
        }
        if (shown > 3) sb.append(", …");
        return missing + " of " + st.trials().size() + " trials did not finish (" + sb + "); `flatworld sweep --status "
                + folder.dir() + "` lists them, `flatworld sweep --resume --engine slurm --out " + folder.dir()
                + "` resubmits only those";
    }
}
