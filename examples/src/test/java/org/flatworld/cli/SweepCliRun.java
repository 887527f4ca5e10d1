package org.flatworld.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process with stdout and stderr captured (tests of the sweep commands). */
record SweepCliRun(int code, String out, String err) {
    static synchronized SweepCliRun of(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new SweepCliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The synthetic test sweep config (a closed-form runner: seconds, no training). */
    static String syntheticJson() {
        try (InputStream in = SweepCliRun.class.getResourceAsStream("synthetic.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** stderr lines that are not JVM warnings or the kernel provider's one-line backend log. */
    long errLines() {
        return err.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING") && !l.startsWith("kernels:")).count();
    }
}
