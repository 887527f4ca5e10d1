package org.flatworld.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep machinery end to end on the synthetic runner: run, merge, outputs, idempotence, refusal of another config. */
class SweepRunTest {
    @TempDir
    Path tmp;

    @Test
    void runsMergesAndWritesEveryOutput() throws Exception {
        SweepConfig c = SweepTestConfigs.synthetic();
        SweepFolder f = SweepFolder.create(tmp.resolve("s"), c);
        new LocalExecutor(2, false, null).execute(f, f.pending());
        assertTrue(f.pending().isEmpty());
        SweepReport.Merged m = SweepReport.write(f);
        for (String out : List.of("trials.csv", "curves.csv", "fit.json", "report.html", "config.json"))
            assertTrue(Files.size(f.dir().resolve(out)) > 0, out);
        List<String> trials = Files.readAllLines(f.dir().resolve("trials.csv"));
        assertEquals(1 + f.size(), trials.size());
        List<String> curves = Files.readAllLines(f.dir().resolve("curves.csv"));
        assertEquals(1 + f.size() * 8 * 2, curves.size(), "every checkpoint of every split");
        try (var s = Files.list(f.dir().resolve("plots"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.contains("curves_objects.png") && names.contains("curves_objects.svg"), names.toString());
            assertTrue(names.contains("cstar_objects.png") && names.contains("cstar_objects.svg"), names.toString());
            assertTrue(names.contains("frontier_objects.png") && names.contains("frontier_objects.svg"), names.toString());
        }
        JsonNode fit = SweepConfig.mapper().readTree(f.dir().resolve("fit.json").toFile());
        JsonNode axis = fit.get("axes").get("objects");
        assertNotNull(axis.get("fit").get("chosen").asText());
        // the synthetic law is C* ∝ objects^1.5: the power law must find an exponent near it
        double b = axis.get("fit").get("forms").get("power").get("params").get("exponent").asDouble();
        assertEquals(1.5, b, 0.35, "power exponent " + b);
        assertEquals(m.rows().size(), f.size());
        String html = Files.readString(f.dir().resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,"));
        assertTrue(html.contains("synthetic runner"));
    }

    @Test
    void aSweepWhereNothingCrossesStillReportsEverythingAsCensored() throws Exception {
        SweepConfig c = SweepConfig.parse(SweepTestConfigs.syntheticJson()
                .replace("\"flops\": 1e14", "\"flops\": 1e6").replace("\"firstFraction\": 0.00001", "\"firstFraction\": 0.01")
                .replace("\"objects\": [1, 2, 3, 4]", "\"objects\": [2]").replace("\"seeds\": [0, 1]", "\"seeds\": [0]"), "t");
        SweepFolder f = SweepFolder.create(tmp.resolve("none"), c);
        new LocalExecutor(1, false, null).execute(f, f.pending());
        SweepReport.Merged m = SweepReport.write(f);
        assertTrue(m.rows().stream().allMatch(r -> r.crossing().censored()));
        assertEquals(0, m.fits().get("objects").fit().points());
        assertTrue(Files.size(f.dir().resolve("plots/cstar_objects.png")) > 0);
        assertTrue(Files.size(f.dir().resolve("plots/frontier_objects.svg")) > 0);
        assertTrue(Files.readString(f.dir().resolve("trials.csv")).contains(",true,"), "censored flag in trials.csv");
    }

    @Test
    void rerunSkipsFinishedTrialsAndReplacesPartialOnes() throws Exception {
        SweepConfig c = SweepTestConfigs.synthetic();
        SweepFolder f = SweepFolder.create(tmp.resolve("s"), c);
        TrialRunner r = TrialRunner.forName(c.runner());
        assertTrue(TrialExecution.runOne(f, 3, r));
        byte[] first = Files.readAllBytes(f.trialDir(3).resolve("result.json"));
        assertFalse(TrialExecution.runOne(f, 3, r), "finished trial is left alone");
        Files.createDirectories(f.trialDir(5));
        Files.writeString(f.trialDir(5).resolve("junk.bin"), "partial");
        assertEquals(f.size() - 1, f.pending().size());
        assertTrue(TrialExecution.runOne(f, 5, r));
        assertFalse(Files.exists(f.trialDir(5).resolve("junk.bin")), "partial folder wiped");
        assertTrue(f.isDone(5));
        // another run of trial 3 in a fresh folder gives the same result apart from timings
        SweepFolder g = SweepFolder.create(tmp.resolve("t"), c);
        TrialExecution.runOne(g, 3, r);
        assertEquals(stripTimes(new String(first)), stripTimes(Files.readString(g.trialDir(3).resolve("result.json"))));
        assertThrows(IllegalArgumentException.class, () -> f.trial(f.size()));
    }

    private static String stripTimes(String json) { return json.replaceAll("\"wallSeconds\" : [0-9.eE-]+", ""); }

    @Test
    void aFolderMadeWithAnotherConfigIsRefusedAndUntouched() throws Exception {
        SweepConfig c = SweepTestConfigs.synthetic();
        Path dir = tmp.resolve("s");
        SweepFolder.create(dir, c);
        String before = Files.readString(dir.resolve("config.json"));
        SweepConfig other = SweepConfig.parse(SweepTestConfigs.syntheticJson().replace("\"seeds\": [0, 1]", "\"seeds\": [0, 2]"), "o");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepFolder.create(dir, other));
        assertTrue(e.getMessage().contains("seeds"), e.getMessage());
        assertEquals(before, Files.readString(dir.resolve("config.json")));
        Files.createDirectories(tmp.resolve("x"));
        Files.writeString(tmp.resolve("x/notes.txt"), "mine");
        assertThrows(IllegalArgumentException.class, () -> SweepFolder.create(tmp.resolve("x"), c), "non-sweep folder refused");
        assertEquals("mine", Files.readString(tmp.resolve("x/notes.txt")));
    }
}
