package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code flatworld bench train}: one JSON object naming what ran, and {@code --one-pass}'s settings and FLOPs. */
class BenchTrainCommandTest {

    /** Runs the CLI in-process; returns {exit code, stdout}. */
    private static Object[] run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Object[] {code, buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(old);
        }
    }

    private static JsonNode json(String... args) throws Exception {
        Object[] r = run(args);
        assertEquals(0, r[0], "exit code of " + String.join(" ", args));
        String out = ((String) r[1]).strip();
        assertTrue(out.startsWith("{") && out.endsWith("}") && out.indexOf('\n') < 0, "one JSON object: " + out);
        return new ObjectMapper().readTree(out);
    }

    @Test
    void onePassRunsOneEpochWithTheTargetCopiedOncePerRolloutAndHalvesTheLearnerFlops() throws Exception {
        String[] common = {"bench", "train", "--preset", "smoke", "--steps", "1500", "--repeats", "1", "--min-time", "0",
                "--kernels", "cpu", "--json"};
        JsonNode preset = json(common);
        String[] one = java.util.Arrays.copyOf(common, common.length + 1);
        one[common.length] = "--one-pass";
        JsonNode onePass = json(one);
        assertEquals("preset", preset.get("config").asText());
        assertEquals(2, preset.get("epochs").asInt());
        assertEquals("one-pass", onePass.get("config").asText());
        assertEquals(1, onePass.get("epochs").asInt());
        assertEquals(onePass.get("minibatches").asInt(), onePass.get("target_period").asInt());
        assertEquals(preset.get("agent_steps_per_run").asLong(), onePass.get("agent_steps_per_run").asLong());
        // one backward per sample instead of two
        long bwd2 = preset.get("flops_by_category").get("learn.bwd").asLong(), bwd1 = onePass.get("flops_by_category").get("learn.bwd").asLong();
        assertTrue(bwd1 > 0 && bwd1 < bwd2, "learn.bwd " + bwd1 + " vs " + bwd2);
        assertTrue(onePass.get("caller_cpu_s_per_run").asDouble() > 0, "caller CPU time reported");
        assertEquals(2, run("bench", "train", "--steps", "0")[0]);
    }
}
