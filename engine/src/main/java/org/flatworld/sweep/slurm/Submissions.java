package org.flatworld.sweep.slurm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DIR/slurm/submissions.json}: every submission {@code sbatch} accepted, in order. A trial
 * belongs to the latest submission that lists it. Rewritten atomically after each accepted chunk,
 * so an interrupted or rejected multi-chunk submission leaves an exact record of what is queued.
 *
 * @param submissions oldest first
 */
public record Submissions(List<Submission> submissions) {

    /**
     * One accepted chunk.
     *
     * @param number      submission round (1 for the first {@code sweep}, +1 per {@code --resume})
     * @param chunk       chunk within the round, from 0
     * @param jobId       the array job id {@code sbatch --parsable} printed
     * @param offset      trial = offset + array index
     * @param array       the {@code --array} value submitted
     * @param script      the batch script, relative to the sweep folder
     * @param submittedAt ISO-8601 instant
     */
    public record Submission(int number, int chunk, String jobId, int offset, String array, String script,
                             String submittedAt) {
        /** The trial indices this submission runs. */
        public int[] trials() {
            int[] a = ArraySpec.parse(array);
            for (int i = 0; i < a.length; i++) a[i] += offset;
            return a;
        }
    }

    public Submissions {
        submissions = List.copyOf(submissions);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The record in {@code folder}, empty when nothing was submitted yet. */
    public static Submissions load(SlurmFolder folder) {
        Path f = folder.submissions();
        if (!Files.exists(f)) return new Submissions(List.of());
        try {
            return JSON.readValue(f.toFile(), Submissions.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage());
        }
    }

    /** The next round number. */
    public int nextNumber() {
        int n = 0;
        for (Submission s : submissions) n = Math.max(n, s.number());
        return n + 1;
    }

    public Submissions plus(Submission s) {
        List<Submission> l = new ArrayList<>(submissions);
        l.add(s);
        return new Submissions(l);
    }

    /** For each trial in {@code [0, trials)}, the latest submission that ran it, or null. */
    public Submission[] latestByTrial(int trials) {
        Submission[] by = new Submission[trials];
        for (Submission s : submissions)
            for (int t : s.trials()) if (t >= 0 && t < trials) by[t] = s;
        return by;
    }

    /** Writes {@code submissions.json} atomically (temp file in the same folder, then rename). */
    public void save(SlurmFolder folder) {
        Path f = folder.submissions();
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), ".submissions", ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
