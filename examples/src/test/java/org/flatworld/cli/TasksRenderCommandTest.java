package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TasksRenderCommandTest {
    private static String[] capture(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void tasksPrintsJsonLines() throws Exception {
        String[] r = capture("tasks", "--preset", "small", "--split", "ood-colour", "--count", "3", "--set", "horizon=48");
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(3, lines.length);
        for (String line : lines) {
            JsonNode n = new ObjectMapper().readTree(line);
            assertEquals(16, n.get("id").asText().length());
            assertEquals("ood-colour", n.get("split").asText());
            assertTrue(n.get("goal").get("player0").asText().contains("yellow"), "held-out colour 3 = yellow in the goal");
            assertEquals(4, n.get("world").get("objects").size());
        }
        assertArrayEquals(lines, capture("tasks", "--preset", "small", "--split", "ood-colour", "--count", "3",
                "--set", "horizon=48")[1].strip().split("\n"), "deterministic");
    }

    @Test
    void sizesPrintOneJsonObject() throws Exception {
        String[] r = capture("tasks", "--preset", "trivial", "--sizes");
        assertEquals("0", r[0], r[2]);
        JsonNode n = new ObjectMapper().readTree(r[1]);
        assertEquals(5, n.get("numActions").asInt());
        assertEquals(org.flatworld.task.Observations.dim(org.flatworld.task.Complexity.trivial()), n.get("obsDim").asInt());
        assertTrue(n.get("log10LogPolicies").asDouble() > n.get("log10States").asDouble());
    }

    @Test
    void userErrorsExitTwoWithOneLine() {
        String[] r = capture("tasks", "--preset", "small", "--set", "objects=-1");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("objects") && r[2].strip().split("\n").length == 1, r[2]);
        assertEquals("2", capture("tasks", "--preset", "nope")[0]);
        assertEquals("2", capture("tasks", "--preset", "trivial", "--split", "ood-combo")[0]);
        assertEquals("2", capture("render", "--preset", "trivial", "--task", "train:0", "--out", "x.png")[0]);
    }

    @Test
    void renderWritesSvgGifAndHtml(@TempDir Path dir) throws Exception {
        String[] listed = capture("tasks", "--preset", "trivial", "--count", "2");
        String id = new ObjectMapper().readTree(listed[1].strip().split("\n")[1]).get("id").asText();
        for (String ext : new String[] {"svg", "gif", "html"}) {
            Path f = dir.resolve("ep." + ext);
            String[] r = capture("render", "--preset", "trivial", "--task", ext.equals("gif") ? id : "train:1", "--out", f.toString());
            assertEquals("0", r[0], r[2]);
            assertTrue(r[2].contains(id), "the same task either way: " + r[2]);
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
