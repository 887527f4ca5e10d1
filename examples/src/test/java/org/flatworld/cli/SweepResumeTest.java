package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed with SIGKILL (the CLI in a child JVM) at several points and resumed ends with every trial
 * exactly once and the same trials.csv as an uninterrupted run, timings aside.
 */
class SweepResumeTest {
    @TempDir
    Path tmp;

    private Process start(Path cfg, Path out, boolean resume) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.flatworld.cli.Main",
                "sweep", "--config", cfg.toString(), "--out", out.toString(), "--workers", "2"));
        if (resume) cmd.add("--resume");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    }

    private static int finished(Path out) {
        File[] dirs = out.resolve("trials").toFile().listFiles();
        int n = 0;
        if (dirs != null) for (File d : dirs) if (new File(d, "result.json").isFile()) n++;
        return n;
    }

    /** Starts (or resumes) the sweep and SIGKILLs it once at least {@code atLeast} trials have finished. */
    private void runAndKill(Path cfg, Path out, boolean resume, int atLeast) throws Exception {
        Process p = start(cfg, out, resume);
        Awaitility.await(atLeast + " finished trials (or the sweep's exit)").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20)).until(() -> !p.isAlive() || finished(out) >= atLeast);
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void killedAtSeveralPointsAndResumedEqualsAnUninterruptedRun() throws Exception {
        Path cfg = tmp.resolve("slow.json");
        // 16 trials of 8 checkpoints × 25 ms
        Files.writeString(cfg, CliRun.syntheticJson().replace("\"bootstrap\": 200", "\"bootstrap\": 100, \"train\": {\"sleepMs\": 25}"));
        Path out = tmp.resolve("killed");
        runAndKill(cfg, out, false, 0);   // killed while starting or during the first trials
        runAndKill(cfg, out, true, 3);
        runAndKill(cfg, out, true, 9);
        Process p = start(cfg, out, true);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "resumed sweep finishes");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("child.log")));
        assertEquals(16, finished(out));

        Path clean = tmp.resolve("clean");
        CliRun r = CliRun.of("sweep", "--config", cfg.toString(), "--out", clean.toString(), "--workers", "2");
        assertEquals(0, r.code(), r.err());

        List<String> a = withoutTimings(out.resolve("trials.csv")), b = withoutTimings(clean.resolve("trials.csv"));
        assertEquals(b, a);
        Set<String> indices = new HashSet<>();
        for (String row : a.subList(1, a.size())) assertTrue(indices.add(row.split(",")[0]), "trial listed twice: " + row);
        assertEquals(16, indices.size());
        assertEquals(withoutTimings(clean.resolve("curves.csv")).size(), withoutTimings(out.resolve("curves.csv")).size());
    }

    /** CSV rows without the wall-time column(s). */
    private static List<String> withoutTimings(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(",", -1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < f.length; i++) if (!header[i].equals("wall_s")) b.append(f[i]).append(',');
            out.add(b.toString());
        }
        return out;
    }
}
