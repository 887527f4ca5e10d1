package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process with stdout and stderr captured; the assertions every command test makes about them. */
record CliRun(int code, String out, String err) {
    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Asserts exit code 0 and exactly one JSON object on stdout (CONTRACT: {@code --json}), and returns it. */
    JsonNode json() {
        assertEquals(0, code, "exit code; stderr: " + err);
        String o = out.strip();
        assertTrue(o.startsWith("{") && o.endsWith("}") && o.indexOf('\n') < 0, "one JSON object on stdout: " + o);
        try {
            return new ObjectMapper().readTree(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Asserts a user error: exit code 2, nothing on stdout, one stderr line that mentions every part. */
    void assertUserError(String... parts) {
        assertEquals(2, code, "exit code; stderr: " + err);
        assertEquals("", out, "nothing on stdout");
        String e = err.strip();
        assertEquals(1, e.lines().count(), "one line: " + e);
        for (String p : parts) assertTrue(e.contains(p), "'" + e + "' must mention " + p);
    }

    /** The synthetic test sweep config (a closed-form runner: seconds, no training). */
    static String syntheticJson() {
        try (InputStream in = CliRun.class.getResourceAsStream("synthetic.json")) {
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
