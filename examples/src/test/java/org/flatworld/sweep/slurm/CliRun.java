package org.flatworld.sweep.slurm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flatworld.cli.Main;

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
     * The sweep tests' synthetic config (closed-form trials: seconds, no training), cut to one model and
     * one seed (4 trials, one per level) and written to {@code dir}.
     */
    static List<String> syntheticSource(Path dir) throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("synthetic.json")) {
            if (in == null) throw new IllegalStateException("the synthetic test config org/flatworld/cli/synthetic.json is missing");
            ObjectMapper json = new ObjectMapper();
            ObjectNode c = (ObjectNode) json.readTree(in);
            c.set("seeds", json.createArrayNode().add(0));
            c.set("models", json.createArrayNode().add(c.get("models").get(0)));
            Path f = dir.resolve("synthetic.json");
            json.writeValue(f.toFile(), c);
            return List.of("--config", f.toString());
        }
    }

    /** The class path the trials on the nodes use: the test's own (Surefire's real class path, not its booter jar). */
    static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
