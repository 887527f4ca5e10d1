package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep/trial/report/fit commands: bad input gives one line and exit 2 with nothing overwritten; fit's JSON contract. */
class SweepCommandTest {
    @TempDir
    Path tmp;

    private Path config(String from, String to) throws Exception {
        String json = CliRun.syntheticJson();
        assertTrue(json.contains(from), from);
        Path f = Files.createTempFile(tmp, "sweep", ".json");
        Files.writeString(f, json.replace(from, to));
        return f;
    }

    private void assertUserError(CliRun r, String mentions) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines(), "one line: " + r.err());
        assertTrue(r.err().contains(mentions), "'" + mentions + "' in: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void badSweepInputIsOneLineExitTwoAndWritesNothing() throws Exception {
        Path out = tmp.resolve("out");
        assertUserError(CliRun.of("sweep", "--config", config("\"objects\": [1, 2, 3, 4]", "\"wormholes\": [1, 2]").toString(),
                "--out", out.toString()), "wormholes");
        assertUserError(CliRun.of("sweep", "--config", config("\"objects\": [1, 2, 3, 4]", "\"objects\": []").toString(),
                "--out", out.toString()), "axes.objects");
        assertUserError(CliRun.of("sweep", "--config", config("\"models\": [", "\"unused\": 1, \"models\": [").toString(),
                "--out", out.toString()), "unused");
        assertUserError(CliRun.of("sweep", "--config", config("\"seeds\": [0, 1]", "\"seeds\": []").toString(),
                "--out", out.toString()), "seeds");
        assertUserError(CliRun.of("sweep", "--config", config("\"firstFraction\": 0.00001", "\"firstFraction\": 2").toString(),
                "--out", out.toString()), "budget.firstFraction");
        assertUserError(CliRun.of("sweep", "--config", config("\"flops\": 1e14", "\"flops\": 10").toString(),
                "--out", out.toString()), "budget");
        assertUserError(CliRun.of("sweep", "--preset", "enormous", "--out", out.toString()), "enormous");
        assertUserError(CliRun.of("sweep", "--config", tmp.resolve("missing.json").toString(), "--out", out.toString()), "missing.json");
        assertFalse(Files.exists(out), "nothing written for bad input");
        assertUserError(CliRun.of("trial", "--sweep", out.toString(), "--index", "0"), "not a sweep folder");
        assertUserError(CliRun.of("report", "--sweep", out.toString()), "not a sweep folder");
    }

    @Test
    void aFolderFromAnotherConfigIsRefusedAndUntouched() throws Exception {
        Path out = tmp.resolve("out");
        Path cfg = config("\"seeds\": [0, 1]", "\"seeds\": [0]");
        // create the sweep folder and run one trial through the trial command
        CliRun first = CliRun.of("sweep", "--config", cfg.toString(), "--out", out.toString(), "--workers", "2");
        assertEquals(0, first.code(), first.err());
        String before = Files.readString(out.resolve("config.json"));
        String trialsBefore = Files.readString(out.resolve("trials.csv"));
        assertUserError(CliRun.of("sweep", "--config", config("\"seeds\": [0, 1]", "\"seeds\": [0, 5]").toString(),
                "--out", out.toString(), "--resume"), "another config");
        assertUserError(CliRun.of("sweep", "--config", cfg.toString(), "--out", out.toString()), "--resume");
        assertEquals(before, Files.readString(out.resolve("config.json")));
        assertEquals(trialsBefore, Files.readString(out.resolve("trials.csv")));
        assertUserError(CliRun.of("trial", "--sweep", out.toString(), "--index", "99"), "out of range");
        // trial on a finished index is a no-op; report merges again to the same trials.csv
        CliRun t = CliRun.of("trial", "--sweep", out.toString(), "--index", "1");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("already finished"));
        CliRun rep = CliRun.of("report", "--sweep", out.toString(), "--json");
        assertEquals(0, rep.code(), rep.err());
        JsonNode j = new ObjectMapper().readTree(rep.out());
        assertEquals(8, j.get("finished").asInt());
        assertEquals(trialsBefore.replaceAll(",[0-9.]+\n", "\n"), Files.readString(out.resolve("trials.csv")).replaceAll(",[0-9.]+\n", "\n"));
    }

    @Test
    void fitJsonRecoversAPlantedLawFromCsvPoints() throws Exception {
        Path pts = tmp.resolve("points.csv");
        StringBuilder b = new StringBuilder("complexity,compute,seed\n");
        Random rng = new Random(3);
        for (int x = 1; x <= 8; x++)
            for (int s = 0; s < 4; s++)
                b.append(String.format(Locale.ROOT, "%d,%.6e,%d%n", x, 5e8 * Math.exp(0.6 * x + 0.1 * rng.nextGaussian()), s));
        Files.writeString(pts, b.toString());
        CliRun r = CliRun.of("fit", "--in", pts.toString(), "--json", "--bootstrap", "300");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("exponential", j.get("chosen").asText());
        JsonNode e = j.get("forms").get("exponential");
        double rate = e.get("params").get("rate").asDouble();
        JsonNode ci = e.get("ci").get("rate");
        assertTrue(ci.get(0).asDouble() <= 0.6 && 0.6 <= ci.get(1).asDouble(), "0.6 in " + ci);
        assertEquals(0.6, rate, 0.05);
        assertTrue(e.get("heldout_error").isNumber());
        assertTrue(j.get("forms").has("power") && j.get("forms").has("saturating"));

        Files.writeString(pts, "complexity,compute\n1,100\n2,-5\n");
        assertUserError(CliRun.of("fit", "--in", pts.toString(), "--json"), "line 3");
        assertUserError(CliRun.of("fit", "--in", tmp.resolve("nope.csv").toString()), "nope.csv");
    }
}
