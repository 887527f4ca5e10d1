package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code flatworld bench train}: one JSON object naming what ran, and {@code --one-pass}'s settings and FLOPs. */
class BenchTrainCommandTest {

    @Test
    void onePassRunsOneEpochWithTheTargetCopiedOncePerRolloutAndHalvesTheLearnerFlops() throws Exception {
        String[] common = {"bench", "train", "--preset", "smoke", "--steps", "1500", "--repeats", "1", "--min-time", "0",
                "--kernels", "cpu", "--json"};
        JsonNode preset = CliRun.of(common).json();
        String[] one = java.util.Arrays.copyOf(common, common.length + 1);
        one[common.length] = "--one-pass";
        JsonNode onePass = CliRun.of(one).json();
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
        CliRun.of("bench", "train", "--steps", "0").assertUserError("--steps");
    }
}
