package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flatworld.sweep.SweepConfig;
import org.flatworld.sweep.SweepFolder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training trial (the smoke preset with a 3× budget) SIGKILLed in a child JVM after its first checkpoint,
 * then run again with {@code trial --from-checkpoint} (what a Slurm requeue does), continues from the
 * checkpoint: the resume line names a step past 0, metrics.csv goes on from there, and the result's
 * curve starts with the evaluations recorded before the kill. A copy of the killed folder run with
 * {@code SLURM_RESTART_COUNT=1} and no flag resumes from the same step.
 */
class TrialRequeueTest {
    private static final Pattern RESUMED = Pattern.compile("trial 0: resuming from checkpoint at global step (\\d+) \\((\\d+) curve points kept\\)");

    @TempDir
    Path tmp;

    @Test
    void aKilledTrialContinuesFromItsLastCheckpoint() throws Exception {
        String json;
        try (InputStream in = SweepConfig.class.getResourceAsStream("presets/smoke.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(json.contains("\"flops\": 2e9"), "smoke preset budget changed; update this test");
        SweepFolder folder = SweepFolder.create(tmp.resolve("sweep"), SweepConfig.parse(json.replace("\"flops\": 2e9", "\"flops\": 6e9"), "smoke"));
        Path trial = folder.trialDir(0), policy = trial.resolve("run").resolve("policy.safetensors");

        Process p = child("trial", "--sweep", folder.dir().toString(), "--index", "0").redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Awaitility.await("the trial's first checkpoint (or its exit)").atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(10)).until(() -> !p.isAlive() || Files.exists(policy));
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(Files.exists(policy), "the first checkpoint was written: " + Files.readString(tmp.resolve("child.log")));
        assertFalse(folder.isDone(0), "killed before the trial finished");
        JsonNode before = SweepConfig.mapper().readTree(trial.resolve("curve.partial.json").toFile());
        Path requeued = tmp.resolve("requeued");
        copyTree(folder.dir(), requeued); // the same killed state, for the Slurm-requeue path below

        CliRun r = CliRun.of("trial", "--sweep", folder.dir().toString(), "--index", "0", "--from-checkpoint");
        assertEquals(0, r.code(), r.err());
        Matcher m = RESUMED.matcher(r.err());
        assertTrue(m.find(), r.err());
        long step = Long.parseLong(m.group(1));
        int kept = Integer.parseInt(m.group(2));
        assertTrue(step > 0, "resumed at step " + step);
        assertTrue(kept >= 1 && kept <= before.size(), kept + " of " + before.size());
        assertTrue(folder.isDone(0));

        // metrics.csv: one run's rows, strictly increasing global_step across the resume point, to the end
        List<String> rows = Files.readAllLines(trial.resolve("run").resolve("metrics.csv"));
        assertTrue(rows.get(0).startsWith("global_step,"));
        long prev = -1;
        boolean after = false;
        for (String row : rows.subList(1, rows.size())) {
            long g = Long.parseLong(row.substring(0, row.indexOf(',')));
            assertTrue(g > prev, "global_step " + g + " after " + prev + " (restarted?)");
            prev = g;
            after |= g > step;
        }
        assertTrue(after, "rows after the resume point");

        // result.json: the full curve, starting with the evaluations made before the kill
        JsonNode result = SweepConfig.mapper().readTree(trial.resolve("result.json").toFile());
        JsonNode cps = result.get("checkpoints");
        assertEquals(folder.config().budget().checkpoints(), cps.size(), cps.toString());
        for (int k = 0; k < kept; k++) {
            assertEquals(before.get(k).get("flops").asDouble(), cps.get(k).get("flops").asDouble());
            assertEquals(before.get(k).get("samples").asLong(), cps.get(k).get("samples").asLong());
            assertTrue(cps.get(k).get("samples").asLong() <= step);
            assertArrayEquals(doubles(before.get(k).get("returns").get("test-id")), doubles(cps.get(k).get("returns").get("test-id")));
        }
        for (int k = 1; k < cps.size(); k++)
            assertTrue(cps.get(k).get("flops").asDouble() > cps.get(k - 1).get("flops").asDouble(), cps.toString());
        assertTrue(cps.get(cps.size() - 1).get("samples").asLong() > step, "evaluations after the resume point");
        assertEquals(prev, result.get("samples").asLong(), "the result's samples end where metrics.csv does");

        // a Slurm requeue (SLURM_RESTART_COUNT >= 1, no flag) resumes the same way
        ProcessBuilder pb = child("trial", "--sweep", requeued.toString(), "--index", "0")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("requeued.log").toFile());
        pb.environment().put("SLURM_RESTART_COUNT", "1");
        Process q = pb.start();
        assertTrue(q.waitFor(60, TimeUnit.SECONDS), "requeued trial finishes");
        String log = Files.readString(tmp.resolve("requeued.log"));
        assertEquals(0, q.exitValue(), log);
        assertTrue(log.contains("trial 0: resuming from checkpoint at global step " + step + " (" + kept + " curve points kept)"), log);
        assertTrue(Files.isRegularFile(requeued.resolve("trials/0/result.json")));
    }

    private static ProcessBuilder child(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.flatworld.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dst);
                else Files.copy(p, dst);
            }
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).asDouble();
        return d;
    }
}
