package org.flatworld.sweep.slurm;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the trials of a sweep folder as Slurm job arrays: one array task per trial, each running
 * {@code flatworld trial --sweep DIR --index I} (idempotent; the result folder is written atomically).
 * Large index sets are split into chunks below the cluster's {@code MaxArraySize}; with a {@code %K}
 * throttle, chunk k+1 waits ({@code --dependency=afterany}) for chunk k so that at most K trials of
 * the sweep run at once.
 *
 * <p>The sweep folder is the single source of truth for what is finished. Submissions are recorded in
 * {@code DIR/slurm/submissions.json} only once {@code sbatch} accepted them, so after any failure —
 * a rejected chunk, a killed driver, a cancelled task — {@link #status} and {@code --resume}
 * ({@link SlurmStatus#toResubmit()}) see exactly what still has to run.
 */
public final class SlurmExecutor {
    private final SlurmClient client;
    private final SlurmOptions options;
    private final JavaLauncher java;
    private final Duration poll;
    private final PrintStream log;
    private final String user;

    /**
     * @param poll how often {@link #await} asks {@code squeue}
     * @param log  progress lines (stderr in the CLI)
     */
    public SlurmExecutor(SlurmClient client, SlurmOptions options, JavaLauncher java, Duration poll, PrintStream log) {
        if (poll.isNegative() || poll.isZero()) throw new IllegalArgumentException("poll interval must be > 0, got " + poll);
        this.client = client;
        this.options = options;
        this.java = java;
        this.poll = poll;
        this.log = log;
        this.user = System.getProperty("user.name");
    }

    /**
     * Writes one batch script per chunk under {@code DIR/slurm/scripts/} and submits them; returns the
     * accepted submissions. {@code trials} must be ascending and distinct.
     *
     * @throws SlurmException (one line) when there is no sbatch, no controller, or a chunk is rejected;
     *                        chunks accepted before that stay recorded
     */
    public List<Submissions.Submission> submit(Path sweepDir, int[] trials) {
        if (trials.length == 0) return List.of();
        SlurmFolder folder = new SlurmFolder(sweepDir);
        client.checkReachable();
        List<ArraySpec.Chunk> chunks = ArraySpec.chunk(trials, client.maxArraySize(), Integer.MAX_VALUE);
        Submissions record = Submissions.load(folder);
        int round = record.nextNumber();
        try {
            Files.createDirectories(folder.logs());
            Files.createDirectories(folder.scripts());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder.root(), e);
        }
        List<Submissions.Submission> accepted = new ArrayList<>();
        String previous = null;
        for (int c = 0; c < chunks.size(); c++) {
            ArraySpec.Chunk chunk = chunks.get(c);
            Path script = folder.script(round, c);
            String header = "Submission " + round + ", chunk " + (c + 1) + " of " + chunks.size() + ": trials "
                    + ArraySpec.format(chunk.trials()) + ".";
            writeAtomically(script, BatchScript.render(folder, options, java, chunk, header));
            List<String> args = new ArrayList<>();
            if (previous != null && options.maxConcurrent() > 0) args.add("--dependency=afterany:" + previous);
            String jobId = client.submit(script, args);
            Submissions.Submission s = new Submissions.Submission(round, c, jobId, chunk.offset(),
                    ArraySpec.format(chunk.arrayIndices()), folder.sweep().relativize(script).toString(),
                    Instant.now().toString());
            record = record.plus(s);
            record.save(folder);
            accepted.add(s);
            previous = jobId;
            log.println("slurm: submitted job array " + jobId + " (" + chunk.arrayIndices().length + " trials: "
                    + ArraySpec.format(chunk.trials()) + ")");
        }
        return accepted;
    }

    /** The state of every trial in {@code [0, trialCount)}. */
    public SlurmStatus status(Path sweepDir, int trialCount) {
        SlurmFolder folder = new SlurmFolder(sweepDir);
        Submissions.Submission[] latest = Submissions.load(folder).latestByTrial(trialCount);
        Set<String> jobs = new LinkedHashSet<>();
        for (Submissions.Submission s : latest) if (s != null) jobs.add(s.jobId());

        String note = "";
        Map<String, SlurmClient.TaskRecord> queued = new HashMap<>();
        boolean canAsk = !jobs.isEmpty() && client.which("squeue").isPresent();
        if (!jobs.isEmpty() && !canAsk) note = "squeue is not available here";
        if (canAsk) {
            try {
                for (SlurmClient.TaskRecord r : client.queue(user))
                    if (jobs.contains(r.arrayJobId())) queued.put(r.arrayJobId() + "_" + r.arrayIndex(), r);
            } catch (SlurmException e) {
                canAsk = false;
                note = e.getMessage();
            }
        }
        // Read the folder after the queue: a task that finishes in between shows as done, never as failed.
        List<SlurmStatus.Trial> out = new ArrayList<>(trialCount);
        List<Integer> ended = new ArrayList<>();
        for (int i = 0; i < trialCount; i++) {
            Submissions.Submission s = latest[i];
            String id = s == null ? "" : s.jobId() + "_" + (i - s.offset());
            if (Files.exists(folder.result(i))) out.add(new SlurmStatus.Trial(i, SlurmStatus.State.DONE, id, ""));
            else if (s == null) {
                String err = firstLine(folder.error(i));
                out.add(err.isEmpty() ? new SlurmStatus.Trial(i, SlurmStatus.State.MISSING, "", "")
                        : new SlurmStatus.Trial(i, SlurmStatus.State.FAILED, "", err));
            }
            else {
                SlurmClient.TaskRecord q = queued.get(id);
                if (q != null) out.add(new SlurmStatus.Trial(i, activeState(q.state()), id, describe(q)));
                else {
                    out.add(null);
                    ended.add(i);
                }
            }
        }
        if (!ended.isEmpty()) {
            Map<String, SlurmClient.TaskRecord> finals = new HashMap<>();
            if (canAsk) {
                Set<String> endedJobs = new LinkedHashSet<>();
                for (int i : ended) endedJobs.add(latest[i].jobId());
                for (SlurmClient.TaskRecord r : client.history(new ArrayList<>(endedJobs)))
                    finals.put(r.arrayJobId() + "_" + r.arrayIndex(), r);
            }
            for (int i : ended) {
                String id = latest[i].jobId() + "_" + (i - latest[i].offset());
                SlurmClient.TaskRecord r = finals.get(id);
                String why = r != null ? describe(r) : "no longer queued, no result";
                String err = firstLine(folder.error(i));
                out.set(i, new SlurmStatus.Trial(i, SlurmStatus.State.FAILED, id,
                        why + (err.isEmpty() ? "" : ": " + err) + "; log " + folder.sweep().relativize(folder.trialLog(i))));
            }
        }
        return new SlurmStatus(out, jobs.isEmpty() || canAsk, note);
    }

    /**
     * Polls until no trial of the sweep is queued or running, printing a line whenever the counts
     * change; returns the final status. While {@code squeue} cannot be asked it keeps retrying.
     */
    public SlurmStatus await(Path sweepDir, int trialCount) throws InterruptedException {
        String last = "";
        while (true) {
            SlurmStatus st = status(sweepDir, trialCount);
            if (!st.queueKnown() && client.which("squeue").isEmpty())
                throw new SlurmException("squeue not found on PATH: cannot follow the sweep from here; "
                        + "use --detach and `flatworld sweep --status DIR` where Slurm's tools are installed");
            if (!st.queueKnown()) { // a controller hiccup must not read as "every trial failed"
                if (!st.note().equals(last)) log.println("slurm: " + st.note() + "; retrying");
                last = st.note();
                Thread.sleep(poll.toMillis());
                continue;
            }
            String summary = st.summary();
            if (!summary.equals(last)) {
                log.println("slurm: " + summary);
                last = summary;
            }
            if (st.active() == 0) return st;
            Thread.sleep(poll.toMillis());
        }
    }

    private static SlurmStatus.State activeState(String slurmState) {
        return switch (slurmState) {
            case "RUNNING", "COMPLETING", "STAGE_OUT", "SIGNALING" -> SlurmStatus.State.RUNNING;
            default -> SlurmStatus.State.PENDING;
        };
    }

    private static String describe(SlurmClient.TaskRecord r) {
        StringBuilder sb = new StringBuilder(r.state());
        if (!r.reason().isEmpty()) sb.append(" (").append(r.reason()).append(')');
        if (!r.exitCode().isEmpty() && !"0:0".equals(r.exitCode())) sb.append(", exit ").append(r.exitCode());
        return sb.toString();
    }

    /** The first line of a trial's error.txt (the exception), or empty. */
    private static String firstLine(Path errorFile) {
        if (!Files.isRegularFile(errorFile)) return "";
        try (var lines = Files.lines(errorFile)) {
            return lines.findFirst().orElse("").strip();
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".script", ".tmp");
            Files.writeString(tmp, text);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX filesystem: sbatch reads the script, it need not be executable
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
