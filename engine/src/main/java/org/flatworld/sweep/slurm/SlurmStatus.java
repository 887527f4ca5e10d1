package org.flatworld.sweep.slurm;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;

/**
 * Where every trial of a sweep stands, from the folder ({@code result.json} = done) and from Slurm
 * ({@code squeue} for queued and running tasks, {@code sacct} or {@code scontrol} for why one ended).
 *
 * @param trials     one entry per trial index, in order
 * @param queueKnown false when trials were submitted but {@code squeue} could not be asked: then
 *                   queued or running trials look failed, and nothing may be resubmitted on that basis
 * @param note       why the queue is unknown (e.g. "squeue is not available here"), or empty
 */
public record SlurmStatus(List<Trial> trials, boolean queueKnown, String note) {

    public enum State {
        /** {@code result.json} exists. */
        DONE,
        /** Running (or completing) on a node. */
        RUNNING,
        /** Queued (also after a requeue). */
        PENDING,
        /** No result and not queued: failed, cancelled, timed out, node lost (or a local run left error.txt). */
        FAILED,
        /** Never submitted. */
        MISSING
    }

    /**
     * @param index  trial index
     * @param state  see {@link State}
     * @param jobId  {@code ARRAYJOB_TASK} of its latest submission, or empty
     * @param detail Slurm's state/reason/exit code for a failed or queued trial, or empty
     */
    public record Trial(int index, State state, String jobId, String detail) {}

    public SlurmStatus {
        trials = List.copyOf(trials);
    }

    public int count(State s) {
        int n = 0;
        for (Trial t : trials) if (t.state() == s) n++;
        return n;
    }

    /** Trials that are queued or running. */
    public int active() { return count(State.RUNNING) + count(State.PENDING); }

    public boolean allDone() { return count(State.DONE) == trials.size(); }

    /** What {@code --resume} submits: failed and never-submitted trials, ascending. */
    public int[] toResubmit() {
        IntArrayList l = new IntArrayList();
        for (Trial t : trials) if (t.state() == State.FAILED || t.state() == State.MISSING) l.add(t.index());
        return l.toIntArray();
    }

    /** {@code "6/8 done, 1 running, 0 pending, 1 failed, 0 missing"}. */
    public String summary() {
        return count(State.DONE) + "/" + trials.size() + " done, " + count(State.RUNNING) + " running, "
                + count(State.PENDING) + " pending, " + count(State.FAILED) + " failed, "
                + count(State.MISSING) + " not submitted";
    }
}
