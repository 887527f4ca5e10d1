package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flatworld mpe replay} against a fixture, its error lines, and {@code bench env --json}. */
class MpeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path fixture(String name) {
        String shared = System.getProperty("flatworld.shared");
        Path p = shared == null ? null : Path.of(shared, "fixtures", "mpe", name);
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p), "skipped: fixture " + name + " absent (../shared not present)");
        return p;
    }

    @Test
    void replayPrintsTheRecordedObservationsAndRewards() throws Exception {
        Path f = fixture("simple_world_comm_discrete.jsonl");
        CliRun r = CliRun.of("mpe", "replay", "--scenario", "simple_world_comm", "--in", f.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        List<JsonNode> steps = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            JsonNode n = JSON.readTree(l);
            if (n.path("type").asText().equals("step")) steps.add(n);
        }
        assertEquals(steps.size(), lines.length, "one line per recorded step");
        int episode = -1;
        for (int i = 0; i < lines.length; i++) {
            JsonNode got = JSON.readTree(lines[i]), want = steps.get(i);
            assertEquals(want.get("t").asInt(), got.get("t").asInt());
            if (got.get("t").asInt() == 1) episode++;
            assertEquals(episode, got.get("episode").asInt());
            for (var it = want.get("rewards").fields(); it.hasNext(); ) {
                var e = it.next();
                assertEquals(e.getValue().asDouble(), got.get("rewards").get(e.getKey()).asDouble(), 1e-9, "reward line " + i);
                JsonNode wo = want.get("obs").get(e.getKey()), go = got.get("obs").get(e.getKey());
                assertEquals(wo.size(), go.size());
                for (int j = 0; j < wo.size(); j++) assertEquals(wo.get(j).asDouble(), go.get(j).asDouble(), 1e-6, "obs line " + i);
            }
        }
    }

    /** Writes the first episode of a fixture with one line replaced; returns the file. */
    private static Path edited(Path dir, String fixture, int lineNo, String from, String to) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(fixture(fixture)).subList(0, 26));
        String l = lines.get(lineNo - 1);
        assertTrue(l.contains(from), "test setup: line " + lineNo + " must contain " + from);
        lines.set(lineNo - 1, l.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        Path p = dir.resolve("bad.jsonl");
        Files.write(p, lines);
        return p;
    }

    @Test
    void badInputGivesOneLineWithTheLineNumber(@TempDir Path dir) throws Exception {
        Path ok = fixture("simple_spread_N3_discrete.jsonl");
        CliRun.of("mpe", "replay", "--scenario", "simple_sprad", "--in", ok.toString()).assertUserError("unknown MPE scenario", "simple_sprad");
        CliRun.of("mpe", "replay", "--scenario", "simple_tag", "--in", ok.toString()).assertUserError("line 1", "simple_spread");
        CliRun.of("mpe", "replay", "--scenario", "simple_spread", "--in",
                edited(dir, "simple_spread_N3_discrete.jsonl", 5, "{", "{{").toString()).assertUserError("line 5", "malformed JSON");
        CliRun.of("mpe", "replay", "--scenario", "simple_spread", "--in",
                edited(dir, "simple_spread_N3_discrete.jsonl", 7, "\"agent_2\": ", "\"agent_2\": 9, \"agent_3\": ").toString()).assertUserError("line 7", "actions for 4 agents");
        String line4 = Files.readAllLines(ok).get(3);
        int a0 = JSON.readTree(line4).get("actions").get("agent_0").asInt();
        CliRun.of("mpe", "replay", "--scenario", "simple_spread", "--in",
                edited(dir, "simple_spread_N3_discrete.jsonl", 4, "\"agent_0\": " + a0, "\"agent_0\": 7").toString()).assertUserError("line 4", "[0, 5)", "7");
        CliRun.of("mpe", "replay", "--scenario", "simple_spread", "--in", dir.resolve("missing.jsonl").toString()).assertUserError("no such file");
    }

    @Test
    void benchEnvPrintsOneJsonObject() throws Exception {
        CliRun r = CliRun.of("bench", "env", "--scenario", "simple_spread", "--envs", "64", "--threads", "2",
                "--repeats", "1", "--min-time", "0.01", "--warmup", "20", "--json");
        JsonNode j = r.json();
        String out = r.out().strip();
        assertEquals("env", j.get("what").asText());
        assertEquals("env-steps/s", j.get("unit").asText());
        assertEquals(2, j.get("threads").asInt());
        assertTrue(j.get("median").asDouble() > 0);
        assertEquals(234, j.get("flops_per_env_step").asLong());
        // peers in the same run: the scalar kernels, the bandwidth streams and the memory bound they give
        JsonNode bytes = j.get("bytes_per_env_step");
        assertEquals(bytes.get("read").asDouble() + bytes.get("written").asDouble(), bytes.get("compulsory").asDouble(), 1e-9);
        assertTrue(bytes.get("total").asDouble() >= bytes.get("compulsory").asDouble(), bytes.toString());
        assertTrue(j.get("scalar").get("median").asDouble() > 0, out);
        double copy = j.get("bandwidth").get("copy_GBs").asDouble();
        assertTrue(copy > 0, out);
        assertEquals(copy * 1e9 / bytes.get("total").asDouble(), j.get("memory_bound").asDouble(), 1e-6 * j.get("memory_bound").asDouble());
        CliRun.of("bench", "env", "--scenario", "simple_spread", "--envs", "0", "--json").assertUserError("--envs");
    }
}
