package org.flatworld.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor against scripted Slurm answers (the real cluster is exercised by examples' SlurmClusterTest). */
class SlurmExecutorTest {
    @TempDir
    Path tmp;

    /** A pretend cluster: MaxArraySize, sbatch answers in order, the squeue and scontrol texts. */
    private static final class FakeSlurm {
        final List<List<String>> calls = new ArrayList<>();
        final List<SlurmClient.Result> sbatch = new ArrayList<>();
        int maxArraySize = 1001;
        String squeue = "";
        int squeueExit = 0;
        String scontrolJob = "";

        SlurmClient client(Path bin) throws Exception {
            for (String t : List.of("sbatch", "squeue", "scontrol")) {
                Path f = Files.writeString(bin.resolve(t), "#!/bin/sh\n");
                f.toFile().setExecutable(true);
            }
            return new SlurmClient(List.of(bin), argv -> {
                calls.add(argv);
                String tool = Path.of(argv.get(0)).getFileName().toString();
                return switch (tool) {
                    case "sbatch" -> sbatch.remove(0);
                    case "squeue" -> new SlurmClient.Result(squeueExit, squeue,
                            squeueExit == 0 ? "" : "squeue: error: Unable to contact slurm controller (connect failure)\n");
                    default -> switch (argv.get(1)) {
                        case "ping" -> new SlurmClient.Result(0, "Slurmctld(primary) at head is UP\n", "");
                        case "show" -> argv.get(2).equals("config")
                                ? new SlurmClient.Result(0, "MaxArraySize = " + maxArraySize + "\n", "")
                                : new SlurmClient.Result(0, scontrolJob, "");
                        default -> new SlurmClient.Result(1, "", "unexpected");
                    };
                };
            });
        }

        List<List<String>> sbatchCalls() {
            return calls.stream().filter(c -> c.get(0).endsWith("sbatch")).toList();
        }
    }

    private SlurmExecutor executor(FakeSlurm fake, int maxConcurrent) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        return new SlurmExecutor(fake.client(bin),
                new SlurmOptions(null, null, null, 1, 0, null, maxConcurrent, "fw", List.of()),
                new JavaLauncher("java", List.of(), "cp", "Main", List.of()), Duration.ofMillis(10),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    @Test
    void largeSweepIsChunkedAndThrottledChunksAreChained() throws Exception {
        FakeSlurm fake = new FakeSlurm();
        fake.maxArraySize = 4;
        fake.sbatch.addAll(List.of(new SlurmClient.Result(0, "100\n", ""), new SlurmClient.Result(0, "101\n", ""),
                new SlurmClient.Result(0, "102;c\n", "")));
        Path sweep = tmp.resolve("sweep");
        List<Submissions.Submission> subs = executor(fake, 3).submit(sweep, range(10));
        assertEquals(List.of("100", "101", "102"), subs.stream().map(Submissions.Submission::jobId).toList());
        List<List<String>> calls = fake.sbatchCalls();
        assertEquals(3, calls.size());
        assertFalse(calls.get(0).stream().anyMatch(a -> a.startsWith("--dependency")));
        assertTrue(calls.get(1).contains("--dependency=afterany:100"));
        assertTrue(calls.get(2).contains("--dependency=afterany:101"));
        SlurmFolder folder = new SlurmFolder(sweep);
        String third = Files.readString(folder.script(1, 2));
        assertTrue(third.contains("#SBATCH --array=0,1%3"), third);
        assertTrue(third.contains("index=$((8 + SLURM_ARRAY_TASK_ID))"));
        assertArrayEquals(new int[] {8, 9}, Submissions.load(folder).submissions().get(2).trials());
    }

    @Test
    void rejectedChunkLeavesAnExactRecordAndResumeSubmitsTheRest() throws Exception {
        FakeSlurm fake = new FakeSlurm();
        fake.maxArraySize = 5;
        fake.sbatch.addAll(List.of(new SlurmClient.Result(0, "200\n", ""),
                new SlurmClient.Result(1, "", "sbatch: error: Batch job submission failed: Job violates accounting/QOS policy\n")));
        Path sweep = tmp.resolve("sweep");
        SlurmExecutor ex = executor(fake, 0);
        SlurmException e = assertThrows(SlurmException.class, () -> ex.submit(sweep, range(8)));
        assertEquals("Slurm rejected the submission of submit-001-01.sh: Job violates accounting/QOS policy", e.getMessage());
        SlurmFolder folder = new SlurmFolder(sweep);
        assertEquals(1, Submissions.load(folder).submissions().size());

        // 200_0..4 finished (two with results, three lost); 5..7 never reached Slurm
        Files.createDirectories(folder.result(0).getParent());
        Files.writeString(folder.result(0), "{}");
        Files.createDirectories(folder.result(1).getParent());
        Files.writeString(folder.result(1), "{}");
        fake.squeue = "200_2|RUNNING|None\n200_[3]|PENDING|Priority\n";
        fake.scontrolJob = "JobId=204 ArrayJobId=200 ArrayTaskId=4 JobState=TIMEOUT Reason=TimeLimit ExitCode=0:0\n";
        SlurmStatus st = ex.status(sweep, 8);
        assertEquals(List.of(SlurmStatus.State.DONE, SlurmStatus.State.DONE, SlurmStatus.State.RUNNING,
                SlurmStatus.State.PENDING, SlurmStatus.State.FAILED, SlurmStatus.State.MISSING, SlurmStatus.State.MISSING,
                SlurmStatus.State.MISSING), st.trials().stream().map(SlurmStatus.Trial::state).toList());
        assertEquals("200_4", st.trials().get(4).jobId());
        assertTrue(st.trials().get(4).detail().startsWith("TIMEOUT (TimeLimit); log slurm/logs/trial-4.log"),
                st.trials().get(4).detail());
        assertEquals("PENDING (Priority)", st.trials().get(3).detail());
        assertArrayEquals(new int[] {4, 5, 6, 7}, st.toResubmit());
        assertEquals("2/8 done, 1 running, 1 pending, 1 failed, 3 not submitted", st.summary());

        // resume: a new round whose scripts keep the window offsets
        fake.sbatch.addAll(List.of(new SlurmClient.Result(0, "300\n", ""), new SlurmClient.Result(0, "301\n", "")));
        List<Submissions.Submission> again = ex.submit(sweep, st.toResubmit());
        assertEquals(List.of("4", "0-2"), again.stream().map(Submissions.Submission::array).toList());
        assertEquals(List.of(0, 5), again.stream().map(Submissions.Submission::offset).toList());
        assertTrue(Files.exists(folder.script(2, 1)));
        fake.squeue = "";
        fake.scontrolJob = "";
        SlurmStatus later = ex.status(sweep, 8);
        assertEquals("300_4", later.trials().get(4).jobId());
        assertEquals("301_2", later.trials().get(7).jobId());
    }

    @Test
    void awaitPollsUntilNothingIsQueued() throws Exception {
        FakeSlurm fake = new FakeSlurm();
        fake.sbatch.add(new SlurmClient.Result(0, "9\n", ""));
        Path sweep = tmp.resolve("sweep");
        SlurmExecutor ex = executor(fake, 0);
        ex.submit(sweep, range(2));
        SlurmFolder folder = new SlurmFolder(sweep);
        for (int i = 0; i < 2; i++) {
            Files.createDirectories(folder.result(i).getParent());
            Files.writeString(folder.result(i), "{}");
        }
        fake.squeue = "9_1|COMPLETING|None\n";
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // the test ends anyway
            }
            fake.squeue = "";
        });
        t.start();
        SlurmStatus st = ex.await(sweep, 2);
        t.join();
        assertTrue(st.allDone());
        assertTrue(fake.calls.stream().filter(c -> c.get(0).endsWith("squeue")).count() >= 1);
    }

    @Test
    void nothingToSubmitTouchesNothing() throws Exception {
        FakeSlurm fake = new FakeSlurm();
        assertTrue(executor(fake, 0).submit(tmp.resolve("s"), new int[0]).isEmpty());
        assertTrue(fake.calls.isEmpty());
        assertFalse(Files.exists(tmp.resolve("s")));
    }

    @Test
    void sweepExecutorLeavesQueuedTrialsAloneAndNamesFailuresInOneLine() throws Exception {
        String json;
        try (var in = org.flatworld.sweep.SweepConfig.class.getResourceAsStream("synthetic.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        org.flatworld.sweep.SweepFolder sweep = org.flatworld.sweep.SweepFolder.create(tmp.resolve("sweep"),
                org.flatworld.sweep.SweepConfig.parse(json, "synthetic.json"));
        int n = sweep.size();
        FakeSlurm fake = new FakeSlurm();
        fake.sbatch.add(new SlurmClient.Result(0, "50\n", ""));
        SlurmExecutor core = executor(fake, 0);
        core.submit(sweep.dir(), new int[] {0, 1, 2, 3});
        SlurmFolder folder = new SlurmFolder(sweep.dir());
        Files.createDirectories(folder.result(0).getParent());
        Files.writeString(folder.result(0), "{}");
        fake.squeue = "50_1|RUNNING|None\n50_2|PENDING|Priority\n";
        fake.sbatch.add(new SlurmClient.Result(0, "51\n", ""));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new SlurmSweepExecutor(core, true, new PrintStream(log, true, StandardCharsets.UTF_8)).execute(sweep, sweep.pending());
        List<List<String>> calls = fake.sbatchCalls();
        assertEquals(2, calls.size());
        String script = Files.readString(Path.of(calls.get(1).getLast()));
        assertTrue(script.contains("#SBATCH --array=3-" + (n - 1) + "\n"), script);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("2 trials are still queued or running"));

        // the controller does not answer: nothing is resubmitted on a guess, and waiting keeps retrying
        fake.squeueExit = 1;
        SlurmStatus unknown = core.status(sweep.dir(), n);
        assertFalse(unknown.queueKnown());
        assertEquals("squeue failed: Unable to contact slurm controller (connect failure)", unknown.note());
        SlurmException refused = assertThrows(SlurmException.class,
                () -> new SlurmSweepExecutor(core, true, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8)).execute(sweep, sweep.pending()));
        assertEquals("cannot tell which trials are still queued (squeue failed: Unable to contact slurm controller "
                + "(connect failure)), so nothing was resubmitted; try again when squeue answers", refused.getMessage());
        assertEquals(2, fake.sbatchCalls().size());
        fake.squeueExit = 0;

        // waiting: everything leaves the queue without results -> one line naming the first few and the way out
        fake.squeue = "";
        fake.scontrolJob = "JobId=60 ArrayJobId=50 ArrayTaskId=1 JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0\n";
        SlurmException e = assertThrows(SlurmException.class,
                () -> new SlurmSweepExecutor(core, false, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8)).execute(sweep, List.of()));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().startsWith((n - 1) + " of " + n + " trials did not finish (1: FAILED (NonZeroExitCode), exit 1:0; "
                + "log slurm/logs/trial-1.log, 2: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("`flatworld sweep --resume --engine slurm --out " + sweep.dir() + "` resubmits only those"));
    }
}
