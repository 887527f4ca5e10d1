package org.flatworld.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real Slurm started by the test ({@link LocalSlurm}): job arrays run, a killed task is
 * reported failed with its log and repaired by resubmitting only it. Skipped, saying why, where Slurm
 * cannot be installed.
 */
class SlurmClusterTest {
    private static LocalSlurm slurm;
    private static Path base;

    @BeforeAll
    static void startCluster() throws Exception {
        String why = LocalSlurm.installIfMissing();
        assumeTrue(why == null, "skipped: " + why);
        base = Files.createTempDirectory("flatworld-slurm");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x")); // munged checks
        slurm = LocalSlurm.start(base.resolve("cluster"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (slurm == null) return;
        List<Long> pids = slurm.pids();
        slurm.close();
        for (long pid : pids) assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "daemon " + pid + " still running");
        // nothing that ran in the cluster (trials, job scripts) outlives it
        String mark = base.toString();
        LocalSlurm.waitFor(() -> ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine()
                .map(c -> c.contains(mark)).orElse(false)), 20, "every job process under " + mark + " to end");
        deleteTree(base);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * A stand-in for the trial command: a "java" that parses {@code trial --sweep DIR --index I}, sleeps
     * (long for index {@code slow} on its first attempt, until DIR/slow-done exists), and writes
     * {@code DIR/trials/I/result.json} atomically.
     */
    private static Path fakeJava(Path dir, int slow) throws IOException {
        Path f = dir.resolve("fake java");
        Files.writeString(f, """
                #!/bin/bash
                while [ $# -gt 0 ]; do
                  case "$1" in --sweep) sweep="$2"; shift;; --index) index="$2"; shift;; esac; shift
                done
                if [ "$index" = "%d" ] && [ ! -e "$sweep/slow-done" ] && [ "${SLURM_RESTART_COUNT:-0}" = 0 ]; then touch "$sweep/slow-started"; sleep 60; fi
                sleep 1
                mkdir -p "$sweep/trials"
                tmp=$(mktemp -d "$sweep/trials/.tmp.XXXX")
                echo "{\\"index\\": $index}" > "$tmp/result.json"
                mv -T "$tmp" "$sweep/trials/$index"
                echo "trial $index done"
                """.formatted(slow));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    @Test
    void arrayRunsEveryTrialAndResumeRepairsAKilledTask() throws Exception {
        Path sweep = Files.createDirectories(base.resolve("a sweep 'quoted' dir"));
        Path java = fakeJava(base, 3);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        SlurmExecutor ex = new SlurmExecutor(slurm.client(),
                new SlurmOptions(null, null, "5:00", 1, 0, null, 2, "fwtest", List.of("--comment=\"flatworld test\"")),
                new JavaLauncher(java.toString(), List.of("-Xmx64m"), "cp with space", "Main", List.of()),
                Duration.ofMillis(300), new PrintStream(progress, true, StandardCharsets.UTF_8));
        int n = 6;
        int[] all = {0, 1, 2, 3, 4, 5};
        List<Submissions.Submission> subs = ex.submit(sweep, all);
        // MaxArraySize 4: trials 0-3 as array 0-3, trials 4-5 as array 0-1 with offset 4, chained by the %2 throttle
        assertEquals(List.of("0-3", "0,1"), subs.stream().map(Submissions.Submission::array).toList());
        assertEquals(List.of(0, 4), subs.stream().map(Submissions.Submission::offset).toList());

        // kill trial 3 once it runs
        LocalSlurm.waitFor(() -> Files.exists(sweep.resolve("slow-started")), 60, "trial 3 to start");
        slurm.client().cancel(subs.get(0).jobId() + "_3", null);
        SlurmStatus st = ex.await(sweep, n);
        assertEquals(5, st.count(SlurmStatus.State.DONE), st.toString());
        assertEquals(1, st.count(SlurmStatus.State.FAILED), st.toString());
        SlurmStatus.Trial failed = st.trials().get(3);
        assertEquals(SlurmStatus.State.FAILED, failed.state());
        assertTrue(failed.detail().contains("CANCELLED"), failed.detail());
        assertTrue(Files.readString(new SlurmFolder(sweep).trialLog(3)).contains("trial 3: job "), "attempt header in the log");
        assertArrayEquals(new int[] {3}, st.toResubmit());

        // resume: only the failed index goes back to Slurm
        Files.createFile(sweep.resolve("slow-done"));
        List<Submissions.Submission> again = ex.submit(sweep, st.toResubmit());
        assertEquals("3", again.get(0).array());
        SlurmStatus end = ex.await(sweep, n);
        assertTrue(end.allDone(), end.toString());
        for (int i = 0; i < n; i++)
            assertEquals("{\"index\": " + i + "}", Files.readString(sweep.resolve("trials/" + i + "/result.json")).strip());
        assertEquals(3, Submissions.load(new SlurmFolder(sweep)).submissions().size());
        assertTrue(slurm.allAlive(), "daemons still up");
    }

    /** A preempted/requeued task (scontrol requeue) comes back by itself and its trial finishes; no resubmission. */
    @Test
    void requeuedTaskRunsAgainAndFinishes() throws Exception {
        Path sweep = Files.createDirectories(base.resolve("requeue sweep"));
        Path java = fakeJava(Files.createDirectories(base.resolve("requeue bin")), 1);
        SlurmExecutor ex = new SlurmExecutor(slurm.client(), SlurmOptions.defaults(),
                new JavaLauncher(java.toString(), List.of(), "cp", "Main", List.of()), Duration.ofMillis(300),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String job = ex.submit(sweep, new int[] {0, 1}).get(0).jobId();
        LocalSlurm.waitFor(() -> Files.exists(sweep.resolve("slow-started")), 60, "trial 1 to start");
        assertEquals(0, LocalSlurm.run(List.of("scontrol", "requeue", job + "_1"), slurm.env(), 20).exit());
        // Slurm holds a requeued job back (BeginTime) for a while; make it eligible now
        LocalSlurm.waitFor(() -> slurm.client().queue(System.getProperty("user.name")).stream().anyMatch(
                t -> t.arrayJobId().equals(job) && t.arrayIndex() == 1 && t.state().equals("PENDING")), 30,
                "the requeued task to be pending");
        assertEquals(0, LocalSlurm.run(List.of("scontrol", "update", "jobid=" + job + "_1", "starttime=now"),
                slurm.env(), 20).exit());
        SlurmStatus st = ex.await(sweep, 2);
        assertTrue(st.allDone(), st.toString());
        Path logFile = new SlurmFolder(sweep).trialLog(1);
        // the result is the finish line; the task writes its footer just after
        LocalSlurm.waitFor(() -> Files.readString(logFile).strip().endsWith("trial 1: exit status 0"), 30, "the log footer");
        String log = Files.readString(logFile);
        assertTrue(log.contains("restart 0") && log.contains("restart 1"), log);
        assertEquals(1, Submissions.load(new SlurmFolder(sweep)).submissions().size());
    }

    /**
     * The acceptance path through the CLI: a rejected submission and an unreachable controller leave a
     * resumable folder; a detached submission; one array task cancelled mid-run shows as failed;
     * {@code --resume} resubmits only it and merges; the results equal a local run (timings aside).
     */
    @Test
    void sweepOnSlurmEqualsALocalRunAndResumeRepairsAKilledTask() throws Exception {
        Path work = Files.createDirectories(base.resolve("cli"));
        // the reference: the same sweep (the smoke preset) run locally
        List<String> source = List.of("--preset", "smoke");
        Path local = work.resolve("local sweep");
        CliRun r = CliRun.of(concat(List.of("sweep"), source, List.of("--out", local.toString(), "--workers", "2")));
        assertEquals(0, r.code(), "sweep --preset smoke must run locally: " + r.err());
        Path dir = work.resolve("slurm sweep");
        List<String> slurmArgs = List.of("--engine", "slurm", "--slurm-conf", slurm.conf.toString(),
                "--node-classpath", CliRun.testClasspath(), "--poll", "0.3");

        // rejected: nothing recorded, folder created
        r = CliRun.of(concat(List.of("sweep"), source, List.of("--out", dir.toString()), slurmArgs,
                List.of("--partition", "nope")));
        assertEquals(2, r.code(), r.err());
        assertEquals(List.of("flatworld: Slurm rejected the submission of submit-001-00.sh: Invalid partition name specified"),
                r.errLines().stream().filter(l -> l.startsWith("flatworld:")).toList());
        assertTrue(Files.isRegularFile(dir.resolve("config.json")));
        assertFalse(Files.exists(dir.resolve("slurm/submissions.json")));

        // unreachable controller: same
        Path badConf = work.resolve("unreachable.conf");
        Files.writeString(badConf, Files.readString(slurm.conf).replaceAll("SlurmctldPort=\\d+", "SlurmctldPort=" + closedPort()));
        List<String> resume = List.of("sweep", "--resume", "--out", dir.toString(), "--engine", "slurm",
                "--node-classpath", CliRun.testClasspath(), "--poll", "0.3");
        r = CliRun.of(concat(resume, List.of("--slurm-conf", badConf.toString())));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.errLines().getLast().startsWith("flatworld: the Slurm controller is not reachable (scontrol ping: "),
                r.err());
        assertFalse(Files.exists(dir.resolve("slurm/submissions.json")));

        // detached submission, at most two at once
        List<String> conf = List.of("--slurm-conf", slurm.conf.toString());
        r = CliRun.of(concat(resume, conf, List.of("--detach", "--max-concurrent", "2", "--json")));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"detached\":true"), r.out());
        int killed = cancelOneRunningTask(dir);

        Awaitility.await("every task of the detached submission to end").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(300)).until(() -> {
                    JsonNode s = statusJson(dir);
                    return s.get("running").asInt() + s.get("pending").asInt() == 0;
                });
        JsonNode status = statusJson(dir);
        assertEquals(1, status.get("failed").asInt(), status.toString());
        JsonNode failed = status.get("unfinished").get(0);
        assertEquals(killed, failed.get("index").asInt());
        assertTrue(failed.get("detail").asText().startsWith("CANCELLED"), failed.toString());
        assertTrue(Files.readString(new SlurmFolder(dir).trialLog(killed)).contains("trial " + killed + ": job "));

        // resume: only the killed trial goes back; the driver waits and merges
        r = CliRun.of(concat(resume, conf));
        assertEquals(0, r.code(), r.err());
        Submissions subs = Submissions.load(new SlurmFolder(dir));
        assertEquals(Integer.toString(killed), subs.submissions().getLast().array());
        assertEquals(0, statusJson(dir).get("unfinished").size());
        assertTrue(Files.isRegularFile(dir.resolve("report.html")));

        // the same results as the local run, timings aside
        for (String csv : List.of("trials.csv", "curves.csv"))
            assertEquals(withoutTimings(local.resolve(csv)), withoutTimings(dir.resolve(csv)), csv);
        assertEquals(Files.readString(local.resolve("fit.json")), Files.readString(dir.resolve("fit.json")));
    }

    /**
     * Cancels an array task of the sweep while its trial runs; returns its trial index once it ended
     * without a result.
     */
    private static int cancelOneRunningTask(Path dir) throws Exception {
        SlurmFolder folder = new SlurmFolder(dir);
        Submissions.Submission sub = Submissions.load(folder).submissions().getLast();
        int[] cancelled = {-1};
        Awaitility.await("a running task cancelled before it finished").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100)).until(() -> (cancelled[0] = cancelRunning(folder, sub)) >= 0);
        return cancelled[0];
    }

    /** One pass over the queue: cancels a running task of {@code sub} mid-trial; its trial index, or −1. */
    private static int cancelRunning(SlurmFolder folder, Submissions.Submission sub) throws Exception {
        for (SlurmClient.TaskRecord t : slurm.client().queue(System.getProperty("user.name"))) {
            if (!t.arrayJobId().equals(sub.jobId()) || !t.state().equals("RUNNING")) continue;
            int trial = sub.offset() + t.arrayIndex();
            // mid-run: the task's script has started the trial (its attempt header is in the log)
            Path log = folder.trialLog(trial);
            if (!Files.exists(log) || !Files.readString(log).contains("job " + t.arrayJobId() + "_" + t.arrayIndex() + " ")) continue;
            slurm.client().cancel(t.arrayJobId() + "_" + t.arrayIndex(), null);
            LocalSlurm.waitFor(() -> slurm.client().queue(System.getProperty("user.name")).stream().noneMatch(
                    q -> q.arrayJobId().equals(t.arrayJobId()) && q.arrayIndex() == t.arrayIndex()), 60,
                    "the cancelled task to leave the queue");
            if (!Files.exists(folder.result(trial))) return trial;
            // it had just finished: try another one
        }
        return -1;
    }

    private static JsonNode statusJson(Path dir) throws IOException {
        CliRun r = CliRun.of(List.of("sweep", "--status", dir.toString(), "--json", "--slurm-conf", slurm.conf.toString()));
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    /** CSV text without the wall-clock columns. */
    private static List<String> withoutTimings(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < f.length; i++) {
                if (i < header.length && (header[i].contains("wall") || header[i].endsWith("_seconds"))) continue;
                sb.append(f[i]).append(',');
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> l = new ArrayList<>();
        for (List<String> p : parts) l.addAll(p);
        return l;
    }
}
