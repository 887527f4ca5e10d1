package org.flatworld.sweep.slurm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flatworld.cli.Main;
import org.flatworld.sweep.SweepConfig;

/** The CLI run in-process with stdout and stderr captured, and the sweep source the Slurm tests use. */
record CliRun(int code, String out, String err) {
    static synchronized CliRun of(List<String> args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args.toArray(String[]::new));
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** stderr lines that are not JVM warnings. */
    List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING")).toList();
    }

    /**
     * {@code --preset smoke} once the preset exists; until then the sweep tests' synthetic config
     * (closed-form trials, seconds) copied to {@code dir}.
     */
    static List<String> smokeSource(Path dir) throws IOException {
        try {
            SweepConfig.preset("smoke");
            return List.of("--preset", "smoke");
        } catch (IllegalStateException | IllegalArgumentException e) {
            try (InputStream in = Main.class.getResourceAsStream("synthetic.json")) {
                if (in == null) throw new IllegalStateException("neither preset smoke nor the synthetic test config exists");
                Path f = dir.resolve("synthetic.json");
                Files.write(f, in.readAllBytes());
                return List.of("--config", f.toString());
            }
        }
    }

    /** The class path the trials on the nodes use: the test's own (Surefire's real class path, not its booter jar). */
    static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
