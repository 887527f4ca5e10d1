package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TasksRenderCommandTest {
    @Test
    void tasksPrintsJsonLines() throws Exception {
        CliRun r = CliRun.of("tasks", "--preset", "small", "--split", "ood-colour", "--count", "3", "--set", "horizon=48");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length);
        for (String line : lines) {
            JsonNode n = new ObjectMapper().readTree(line);
            assertEquals(16, n.get("id").asText().length());
            assertEquals("ood-colour", n.get("split").asText());
            assertTrue(n.get("goal").get("player0").asText().contains("yellow"), "held-out colour 3 = yellow in the goal");
            assertEquals(4, n.get("world").get("objects").size());
        }
        assertArrayEquals(lines, CliRun.of("tasks", "--preset", "small", "--split", "ood-colour", "--count", "3",
                "--set", "horizon=48").out().strip().split("\n"), "deterministic");
    }

    @Test
    void sizesPrintOneJsonObject() throws Exception {
        CliRun r = CliRun.of("tasks", "--preset", "trivial", "--sizes");
        assertEquals(0, r.code(), r.err());
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertEquals(5, n.get("numActions").asInt());
        assertEquals(org.flatworld.task.Observations.dim(org.flatworld.task.Complexity.trivial()), n.get("obsDim").asInt());
        assertTrue(n.get("log10LogPolicies").asDouble() > n.get("log10States").asDouble());
    }

    @Test
    void userErrorsExitTwoWithOneLine() {
        CliRun r = CliRun.of("tasks", "--preset", "small", "--set", "objects=-1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("objects") && r.err().strip().split("\n").length == 1, r.err());
        assertEquals(2, CliRun.of("tasks", "--preset", "nope").code());
        assertEquals(2, CliRun.of("tasks", "--preset", "trivial", "--split", "ood-combo").code());
        assertEquals(2, CliRun.of("render", "--preset", "trivial", "--task", "train:0", "--out", "x.png").code());
    }

    @Test
    void renderWritesSvgGifAndHtml(@TempDir Path dir) throws Exception {
        CliRun listed = CliRun.of("tasks", "--preset", "trivial", "--count", "2");
        String id = new ObjectMapper().readTree(listed.out().strip().split("\n")[1]).get("id").asText();
        for (String ext : new String[] {"svg", "gif", "html"}) {
            Path f = dir.resolve("ep." + ext);
            CliRun r = CliRun.of("render", "--preset", "trivial", "--task", ext.equals("gif") ? id : "train:1", "--out", f.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains(id), "the same task either way: " + r.err());
            byte[] b = Files.readAllBytes(f);
            String head = new String(b, 0, Math.min(b.length, 200), StandardCharsets.ISO_8859_1);
            switch (ext) {
                case "svg" -> assertTrue(head.contains("<svg"), head);
                case "gif" -> assertTrue(head.startsWith("GIF89a"), head);
                default -> assertTrue(head.startsWith("<!DOCTYPE html>") && new String(b, StandardCharsets.UTF_8).contains("<svg"));
            }
        }
    }
}
