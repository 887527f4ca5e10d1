package org.flatworld.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    }

    /**
     * A stand-in for the trial command: a "java" that parses {@code trial --sweep DIR --index I}, sleeps
     * (long for index {@code slow}), and writes {@code DIR/trials/I/result.json} atomically.
     */
    private static Path fakeJava(Path dir, int slow) throws IOException {
        Path f = dir.resolve("fake java");
        Files.writeString(f, """
                #!/bin/bash
                while [ $# -gt 0 ]; do
                  case "$1" in --sweep) sweep="$2"; shift;; --index) index="$2"; shift;; esac; shift
                done
                if [ "$index" = "%d" ] && [ ! -e "$sweep/slow-done" ]; then touch "$sweep/slow-started"; sleep 60; fi
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
        assertEquals(1, subs.size());

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
        assertEquals(2, Submissions.load(new SlurmFolder(sweep)).submissions().size());
        assertTrue(slurm.allAlive(), "daemons still up");
    }
}
