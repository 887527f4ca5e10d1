package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The JSON of {@code flatworld flops} and {@code flatworld bench gemm|mlp|lstm}. */
class FlopsBenchCommandTest {

    @Test
    void flopsJsonTotalsAreTheSumsOfItsOps() throws Exception {
        JsonNode j = CliRun.of("flops", "--model", "mlp", "--obs", "64", "--hidden", "256,256", "--actions", "5", "--batch", "4096", "--json").json();
        long b = 4096, a = 5;
        assertEquals(64L * 256 + 256 + 256L * 256 + 256 + a * 256 + a + 256 + 1, j.get("params").asLong());
        long fwd = 0, bwd = 0;
        for (JsonNode op : j.get("ops")) {
            if (op.get("op").asText().equals("gemm"))
                assertEquals(2L * op.get("m").asLong() * op.get("n").asLong() * op.get("k").asLong(), op.get("flops").asLong());
            if (op.get("phase").asText().equals("forward")) fwd += op.get("flops").asLong();
            else bwd += op.get("flops").asLong();
        }
        assertEquals(fwd, j.get("forward").asLong());
        assertEquals(bwd, j.get("backward").asLong());
        // the first op is the first torso layer x·Wᵀ
        JsonNode first = j.get("ops").get(0);
        assertEquals("gemm", first.get("op").asText());
        assertEquals(b, first.get("m").asLong());
        assertEquals(256, first.get("n").asLong());
        assertEquals(64, first.get("k").asLong());
        assertEquals(2 * b * 256 + b * (a + 1) + b * a, j.get("transcendentals").asLong());
    }

    @Test
    void flopsLstmAndBadArguments() throws Exception {
        JsonNode j = CliRun.of("flops", "--model", "lstm", "--obs", "10", "--hidden", "32,16", "--actions", "3", "--batch", "8", "--seq", "4", "--json").json();
        assertTrue(j.get("backward").asLong() > j.get("forward").asLong());
        CliRun.of("flops", "--model", "cnn", "--obs", "4", "--hidden", "8", "--actions", "2").assertUserError();
        CliRun.of("flops", "--model", "mlp", "--obs", "0", "--hidden", "8", "--actions", "2").assertUserError();
        CliRun.of("flops", "--model", "mlp", "--obs", "4", "--hidden", "8", "--actions", "2", "--seq", "3").assertUserError();
    }

    @Test
    void benchGemmMlpLstmPrintOneJsonObject() throws Exception {
        JsonNode g = CliRun.of("bench", "gemm", "--m", "33", "--k", "7", "--n", "13", "--threads", "2", "--repeats", "1",
                "--min-time", "0.01", "--json").json();
        assertEquals("gemm", g.get("what").asText());
        assertEquals("GFLOP/s", g.get("unit").asText());
        assertEquals(2, g.get("threads").asInt());
        assertTrue(g.get("median").asDouble() > 0, g.toString());
        JsonNode m = CliRun.of("bench", "mlp", "--obs", "4", "--hidden", "8", "--batch", "16", "--kernels", "scalar",
                "--repeats", "1", "--min-time", "0.01", "--json").json();
        assertEquals("mlp", m.get("what").asText());
        assertEquals("scalar", m.get("backend").asText());
        assertTrue(m.get("median").asDouble() > 0);
        JsonNode l = CliRun.of("bench", "lstm", "--obs", "4", "--hidden", "8", "--batch", "4", "--seq", "2",
                "--repeats", "1", "--min-time", "0.01", "--json").json();
        assertEquals("lstm", l.get("what").asText());
        CliRun.of("bench", "gemm", "--m", "-1", "--k", "2", "--n", "2").assertUserError();
        CliRun.of("bench", "gemm", "--m", "2", "--k", "2", "--n", "2", "--kernels", "gpu").assertUserError();
    }
}
