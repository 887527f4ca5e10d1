package org.flatworld.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchScriptTest {
    @TempDir
    Path tmp;

    private static List<String> directives(String script) {
        List<String> d = new ArrayList<>();
        for (String line : script.split("\n")) if (line.startsWith("#SBATCH ")) d.add(line.substring(8));
        return d;
    }

    @Test
    void everyOptionMapsToItsDirective() {
        SlurmOptions opt = new SlurmOptions("gpu", "proj-42", "1-02:00:00", 4, 2, "16G", 8, "fw-paper",
                List.of("--qos=high", "  --constraint=a100  "));
        JavaLauncher java = new JavaLauncher("/opt/jdk/bin/java", JavaLauncher.REQUIRED_JVM_OPTIONS, "/x/cli.jar",
                JavaLauncher.CLI_MAIN, List.of("--backend", "cuda"));
        String s = BatchScript.render(new SlurmFolder(Path.of("/data/sweeps/s1")), opt, java,
                new ArraySpec.Chunk(1001, new int[] {0, 1, 2, 5}), "test");
        List<String> d = directives(s);
        assertTrue(d.contains("--partition=gpu"), d.toString());
        assertTrue(d.contains("--account=proj-42"));
        assertTrue(d.contains("--time=1-02:00:00"));
        assertTrue(d.contains("--cpus-per-task=4"));
        assertTrue(d.contains("--gres=gpu:2"));
        assertTrue(d.contains("--mem=16G"));
        assertTrue(d.contains("--array=0-2,5%8"));
        assertTrue(d.contains("--job-name=fw-paper"));
        assertTrue(d.contains("--qos=high"));
        assertTrue(d.contains("--constraint=a100"));
        assertTrue(d.contains("--requeue"));
        assertTrue(d.contains("--output=\"/data/sweeps/s1/slurm/logs/%A_%a.out\""));
        assertTrue(s.contains("index=$((1001 + SLURM_ARRAY_TASK_ID))"));
        assertTrue(s.contains("'org.flatworld.cli.Main' \\\n  '--backend' \\\n  'cuda' \\\n  trial --sweep \"$sweep\""));
        assertTrue(s.startsWith("#!/bin/bash\n"));
    }

    @Test
    void siteDefaultsLeaveNoLine() {
        String s = BatchScript.render(new SlurmFolder(Path.of("/s")), SlurmOptions.defaults(),
                JavaLauncher.current(null, List.of(), List.of()), new ArraySpec.Chunk(0, new int[] {0, 1}), "");
        String d = String.join("\n", directives(s));
        for (String absent : List.of("--partition", "--account", "--time", "--gres", "--mem="))
            assertFalse(d.contains(absent), absent + " in\n" + d);
        assertTrue(d.contains("--array=0,1\n"), "no %K throttle by default:\n" + d);
    }

    @Test
    void percentInTheSweepPathIsEscapedInTheOutputPattern() {
        String s = BatchScript.render(new SlurmFolder(Path.of("/s/100%")), SlurmOptions.defaults(),
                JavaLauncher.current(null, List.of(), List.of()), new ArraySpec.Chunk(0, new int[] {0}), "");
        assertTrue(directives(s).contains("--output=\"/s/100%%/slurm/logs/%A_%a.out\""), s);
        assertTrue(s.contains("sweep='/s/100%'"));
    }

    @Test
    void pathsSlurmCannotQuoteAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchScript.render(
                new SlurmFolder(Path.of("/s/a\"b")), SlurmOptions.defaults(), JavaLauncher.current(null, List.of(), List.of()),
                new ArraySpec.Chunk(0, new int[] {0}), ""));
        assertTrue(e.getMessage().contains("double quote"), e.getMessage());
    }

    @Test
    void shellQuoting() {
        assertEquals("'plain'", BatchScript.shellQuote("plain"));
        assertEquals("'it'\\''s'", BatchScript.shellQuote("it's"));
        assertEquals("'$HOME `x` \"q\"'", BatchScript.shellQuote("$HOME `x` \"q\""));
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> opt("p q", "1:00", 1, "4G", List.of()));
        assertThrows(IllegalArgumentException.class, () -> opt("p", "an hour", 1, "4G", List.of()));
        assertThrows(IllegalArgumentException.class, () -> opt("p", "1:00", 0, "4G", List.of()));
        assertThrows(IllegalArgumentException.class, () -> opt("p", "1:00", 1, "4 GB", List.of()));
        assertThrows(IllegalArgumentException.class, () -> opt("p", "1:00", 1, "4G", List.of("qos=high")));
        assertThrows(IllegalArgumentException.class, () -> opt("p", "1:00", 1, "4G", List.of("--a\n#SBATCH --b")));
        for (String t : List.of("30", "30:00", "2:30:00", "1-0", "1-02:30", "1-02:30:00", "UNLIMITED"))
            assertEquals(t, opt("p", t, 1, "4G", List.of()).time());
    }

    @Test
    void classpathIsMadeAbsoluteBecauseTasksStartInTheSweepFolder() {
        assertEquals("/home/u/fw/examples/target/flatworld-cli.jar:/home/u/fw/examples/target/lib/*:/abs/x.jar:/home/u/fw/*",
                JavaLauncher.absoluteClasspath("examples/target/flatworld-cli.jar:examples/target/lib/*::/abs/x.jar:*",
                        Path.of("/home/u/fw")));
        assertTrue(JavaLauncher.current(null, List.of(), List.of()).java().startsWith("/"));
    }

    private static SlurmOptions opt(String partition, String time, int cpus, String mem, List<String> extra) {
        return new SlurmOptions(partition, null, time, cpus, 0, mem, 0, "fw", extra);
    }

    /** Runs the script with bash (no Slurm): the "java" sees every argument intact, awkward paths included. */
    @Test
    void scriptPassesAwkwardPathsIntactWhenBashRunsIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "skipped: no /bin/bash");
        Path root = Files.createDirectories(tmp.resolve("it's a \"dir\" with $pace & `ticks`"));
        Path sweep = Files.createDirectories(root.resolve("sweep dir"));
        Path java = root.resolve("my java");
        Files.writeString(java, "#!/bin/bash\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$ARGS_OUT\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        SlurmFolder folder = new SlurmFolder(root.resolve("sweep dir"));
        Files.createDirectories(folder.logs());
        JavaLauncher launcher = new JavaLauncher(java.toString(), List.of("-Dx=a b", "--add-modules", "jdk.incubator.vector"),
                root + "/lib/*:" + root + "/cli.jar", JavaLauncher.CLI_MAIN, List.of("--backend", "cpu"));
        // the directive check forbids " in #SBATCH paths, so render under a quote-free alias and run from the real folder
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), sweep);
        String script = BatchScript.render(new SlurmFolder(alias), SlurmOptions.defaults(), launcher,
                new ArraySpec.Chunk(10, new int[] {0, 3}), "test");
        Path file = tmp.resolve("job.sh");
        Files.writeString(file, script);
        Path argsOut = tmp.resolve("args.txt");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", file.toString()).redirectErrorStream(true);
        pb.environment().put("SLURM_ARRAY_TASK_ID", "3");
        pb.environment().put("SLURM_ARRAY_JOB_ID", "77");
        pb.environment().put("SLURM_JOB_ID", "80");
        pb.environment().put("ARGS_OUT", argsOut.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> expected = new ArrayList<>(launcher.argv().subList(1, launcher.argv().size()));
        expected.addAll(List.of("trial", "--sweep", alias.toString(), "--index", "13"));
        assertEquals(expected, Files.readAllLines(argsOut));
        String log = Files.readString(new SlurmFolder(alias).trialLog(13));
        assertTrue(log.contains("trial 13: job 77_3 (id 80)"), log);
        assertTrue(log.contains("trial 13: exit status 0"), log);
    }

    @Test
    void missingJavaFailsTheTaskWithALoggedReason() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "skipped: no /bin/bash");
        SlurmFolder folder = new SlurmFolder(tmp.resolve("s"));
        Files.createDirectories(folder.logs());
        String script = BatchScript.render(folder, SlurmOptions.defaults(),
                new JavaLauncher("/nonexistent/java", List.of(), "cp", "Main", List.of()),
                new ArraySpec.Chunk(0, new int[] {0}), "");
        Path file = tmp.resolve("job.sh");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", file.toString()).redirectErrorStream(true);
        pb.environment().put("SLURM_ARRAY_TASK_ID", "0");
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(Files.readString(folder.trialLog(0)).contains("java not found: /nonexistent/java (pass --java PATH)"));
    }
}
