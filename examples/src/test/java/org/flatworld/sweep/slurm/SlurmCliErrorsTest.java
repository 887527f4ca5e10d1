package org.flatworld.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-line errors of {@code sweep --engine slurm} that need no cluster. */
class SlurmCliErrorsTest {
    @TempDir
    Path tmp;

    /** A JVM whose PATH has no Slurm: one line, exit 2, and a sweep folder that --resume can pick up. */
    @Test
    void noSbatchOnPath() throws Exception {
        Path out = tmp.resolve("sweep");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", CliRun.testClasspath(), "org.flatworld.cli.Main", "sweep"));
        cmd.addAll(CliRun.syntheticSource(tmp));
        cmd.addAll(List.of("--engine", "slurm", "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        Path emptyBin = Files.createDirectories(tmp.resolve("empty bin"));
        pb.environment().put("PATH", emptyBin + File.pathSeparator + emptyBin);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "CLI did not finish");
        List<String> err = Files.readAllLines(tmp.resolve("stderr"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("WARNING") && !l.startsWith("sweep ")).toList();
        assertEquals(2, p.exitValue(), err.toString());
        assertEquals(List.of("flatworld: sbatch not found on PATH: run on a machine with the Slurm client tools "
                + "(a cluster login node), or use --engine local"), err);
        assertEquals("", Files.readString(tmp.resolve("stdout")));
        assertTrue(Files.isRegularFile(out.resolve("config.json")), "the sweep folder exists for --resume");
        assertFalse(Files.exists(out.resolve("slurm/submissions.json")), "nothing recorded as submitted");
    }

    @Test
    void badSlurmOptionsAreOneLine() throws Exception {
        List<String> args = new ArrayList<>(List.of("sweep"));
        args.addAll(CliRun.syntheticSource(tmp));
        args.addAll(List.of("--engine", "slurm", "--out", tmp.resolve("s").toString(), "--time", "an hour"));
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code());
        assertEquals(List.of("flatworld: --time must be Slurm time syntax (minutes, HH:MM:SS or D-HH:MM:SS), got 'an hour'"),
                r.errLines().stream().filter(l -> !l.startsWith("sweep ")).toList());
        CliRun local = CliRun.of(List.of("sweep", "--config", args.get(2), "--out", tmp.resolve("l").toString(),
                "--partition", "gpu"));
        assertEquals(2, local.code());
        assertEquals(List.of("flatworld: --partition applies to --engine slurm only (this sweep runs with --engine local)"),
                local.errLines());
        CliRun status = CliRun.of(List.of("sweep", "--status", tmp.resolve("nowhere").toString()));
        assertEquals(2, status.code());
        assertTrue(status.errLines().get(0).contains("is not a sweep folder"), status.err());
    }
}
