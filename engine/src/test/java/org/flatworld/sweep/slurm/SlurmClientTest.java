package org.flatworld.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmClientTest {
    @TempDir
    Path bin;

    private SlurmClient client(SlurmClient.Result answer, List<List<String>> calls, String... tools) throws Exception {
        for (String t : tools) {
            Path f = Files.writeString(bin.resolve(t), "#!/bin/sh\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        }
        return new SlurmClient(List.of(bin), argv -> {
            calls.add(argv);
            return answer;
        });
    }

    @Test
    void squeueLinesExpandPendingRanges() {
        List<SlurmClient.TaskRecord> r = SlurmClient.parseSqueue("""
                7_[1-4,7%1]|PENDING|JobArrayTaskLimit
                7_0|RUNNING|None
                12|RUNNING|None
                garbage
                """);
        assertEquals(6, r.size());
        assertEquals(new SlurmClient.TaskRecord("7", 0, "RUNNING", "", ""), r.get(5));
        assertEquals(new SlurmClient.TaskRecord("7", 7, "PENDING", "JobArrayTaskLimit", ""), r.get(4));
    }

    @Test
    void sacctSkipsStepsAndTrimsCancelledBy() {
        List<SlurmClient.TaskRecord> r = SlurmClient.parseSacct("""
                30_2|CANCELLED by 0|0:15
                30_2.batch|CANCELLED|0:15
                30_3|TIMEOUT|0:0
                30_[4-5]|PENDING|0:0
                """);
        assertEquals(List.of(new SlurmClient.TaskRecord("30", 2, "CANCELLED", "", "0:15"),
                new SlurmClient.TaskRecord("30", 3, "TIMEOUT", "", "0:0"),
                new SlurmClient.TaskRecord("30", 4, "PENDING", "", "0:0"),
                new SlurmClient.TaskRecord("30", 5, "PENDING", "", "0:0")), r);
    }

    @Test
    void scontrolOneLinersGiveStateReasonAndExitCode() {
        List<SlurmClient.TaskRecord> r = SlurmClient.parseScontrolJobs(
                "JobId=8 ArrayJobId=7 ArrayTaskId=0 ArrayTaskThrottle=1 JobName=fw JobState=FAILED Reason=NonZeroExitCode "
                        + "Dependency=(null) ExitCode=1:0 Command=/a b/c.sh\n"
                        + "JobId=7 ArrayJobId=7 ArrayTaskId=2-3%1 JobState=PENDING Reason=JobArrayTaskLimit ExitCode=0:0\n");
        assertEquals(3, r.size());
        assertEquals(new SlurmClient.TaskRecord("7", 0, "FAILED", "NonZeroExitCode", "1:0"), r.get(0));
        assertEquals(3, r.get(2).arrayIndex());
    }

    @Test
    void configAndJobIdParsing() {
        assertEquals(40001, SlurmClient.parseMaxArraySize("KillWait                = 30 sec\nMaxArraySize            = 40001\n"));
        assertEquals(1001, SlurmClient.parseMaxArraySize("nothing here"));
        assertEquals("123", SlurmClient.parseJobId("123;cluster1\n"));
        assertEquals("9", SlurmClient.parseJobId("9\n"));
        assertThrows(SlurmException.class, () -> SlurmClient.parseJobId("Submitted batch job 9"));
    }

    @Test
    void noSbatchOnPathIsOneClearLine() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        SlurmClient c = client(new SlurmClient.Result(0, "", ""), calls, "squeue");
        SlurmException e = assertThrows(SlurmException.class, c::checkReachable);
        assertEquals("sbatch not found on PATH: run on a machine with the Slurm client tools (a cluster login node), "
                + "or use --engine local", e.getMessage());
        assertTrue(calls.isEmpty());
    }

    @Test
    void unreachableControllerIsOneClearLine() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        SlurmClient c = client(new SlurmClient.Result(1, "Slurmctld(primary) at head is DOWN\n****\n** RESTORE **\n", ""),
                calls, "sbatch", "scontrol");
        SlurmException e = assertThrows(SlurmException.class, c::checkReachable);
        assertEquals("the Slurm controller is not reachable (scontrol ping: Slurmctld(primary) at head is DOWN); "
                + "check slurmctld and SLURM_CONF", e.getMessage());
        assertEquals(List.of(bin.resolve("scontrol").toString(), "ping"), calls.get(0));
    }

    @Test
    void rejectedSubmissionNamesSlurmsReason() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        SlurmClient c = client(new SlurmClient.Result(1, "", "sbatch: error: invalid partition specified: nope\n"
                + "sbatch: error: Batch job submission failed: Invalid partition name specified\n"), calls, "sbatch");
        SlurmException e = assertThrows(SlurmException.class,
                () -> c.submit(Path.of("/s/slurm/scripts/submit-001-00.sh"), List.of("--dependency=afterany:4")));
        assertEquals("Slurm rejected the submission of submit-001-00.sh: Invalid partition name specified", e.getMessage());
        assertEquals(List.of(bin.resolve("sbatch").toString(), "--parsable", "--dependency=afterany:4",
                "/s/slurm/scripts/submit-001-00.sh"), calls.get(0));
    }

    @Test
    void historyFallsBackToScontrolWhenAccountingIsOff() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        for (String t : List.of("sacct", "scontrol")) {
            Path f = Files.writeString(bin.resolve(t), "#!/bin/sh\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        }
        SlurmClient c = new SlurmClient(List.of(bin), argv -> {
            calls.add(argv);
            if (argv.get(0).endsWith("sacct")) return new SlurmClient.Result(1, "", "Slurm accounting storage is disabled\n");
            return new SlurmClient.Result(0, "JobId=5 ArrayJobId=4 ArrayTaskId=1 JobState=CANCELLED Reason=None ExitCode=0:15\n", "");
        });
        assertEquals(List.of(new SlurmClient.TaskRecord("4", 1, "CANCELLED", "", "0:15")), c.history(List.of("4")));
        assertEquals(2, calls.size());
    }
}
