package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flatworld train: files on success; one line, exit 2 and nothing written on bad input. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void smokeRunWritesTheContractFiles() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, Main.run("train", "--preset", "smoke", "--set", "totalAgentSteps=3000", "--out", out.toString(), "--seed", "3"));
        for (String f : new String[] {"config.json", "metrics.csv", "policy.safetensors", "summary.json"})
            assertTrue(Files.exists(out.resolve(f)), f);
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"seed\" : 3"));
        String head = Files.readAllLines(out.resolve("metrics.csv")).get(0);
        for (String c : new String[] {"global_step", "flops", "flops_sim", "flops_act", "flops_learn", "samples", "wall_s",
                "episodic_return", "losses/policy", "losses/kl"})
            assertTrue(("," + head + ",").contains("," + c + ","), c);
        // a second train into the same folder is refused; --resume of a finished run is a no-op success
        assertEquals(2, Main.run("train", "--preset", "smoke", "--out", out.toString()));
    }

    @Test
    void badInputIsOneLineExitTwoAndWritesNothing() throws Exception {
        Path out = dir.resolve("bad");
        String[][] cases = {
            {"train", "--preset", "nope", "--out", out.toString()},
            {"train", "--preset", "smoke", "--set", "lr=-1", "--out", out.toString()},
            {"train", "--preset", "smoke", "--set", "bogus=1", "--out", out.toString()},
            {"train", "--preset", "smoke", "--set", "env.kwargs.cues=1", "--out", out.toString()},
            {"train", "--out", out.toString()},
        };
        for (String[] args : cases) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream old = System.err;
            System.setErr(new PrintStream(err, true));
            int code;
            try {
                code = Main.commandLine().setErr(new java.io.PrintWriter(err, true)).execute(args);
            } finally {
                System.setErr(old);
            }
            assertEquals(2, code, String.join(" ", args));
            String msg = err.toString().strip();
            assertTrue(msg.startsWith("flatworld: ") && !msg.contains("\tat "), msg);
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", args));
        }
    }

    @Test
    void hostileCheckpointIsRefusedOnResume() throws Exception {
        Path out = dir.resolve("hostile");
        assertEquals(0, Main.run("train", "--preset", "smoke", "--set", "totalAgentSteps=2000", "--out", out.toString()));
        byte[] raw = Files.readAllBytes(out.resolve("policy.safetensors"));
        Files.write(out.resolve("policy.safetensors"), java.util.Arrays.copyOf(raw, raw.length / 2));
        byte[] before = Files.readAllBytes(out.resolve("metrics.csv"));
        assertEquals(2, Main.run("train", "--resume", "--set", "totalAgentSteps=2000", "--out", out.toString()));
        assertEquals(new String(before), new String(Files.readAllBytes(out.resolve("metrics.csv"))), "nothing written");
    }
}
