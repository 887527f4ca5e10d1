package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep --preset smoke} trains real agents and produces every output; its report opens in headless Chromium. */
class SmokeSweepTest {
    @TempDir
    Path tmp;

    @Test
    void smokePresetProducesEveryOutputAndAReportThatOpens() throws Exception {
        Path out = tmp.resolve("smoke");
        CliRun r = CliRun.of("sweep", "--preset", "smoke", "--out", out.toString(), "--workers", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode summary = new ObjectMapper().readTree(r.out());
        assertEquals(3, summary.get("trials").asInt());
        assertEquals(3, summary.get("finished").asInt());
        for (String f : List.of("config.json", "trials.csv", "curves.csv", "fit.json", "report.html"))
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        for (String p : List.of("curves_objects", "cstar_objects", "frontier_objects"))
            for (String ext : List.of(".png", ".svg")) assertTrue(Files.size(out.resolve("plots").resolve(p + ext)) > 1000, p + ext);
        List<String> trials = Files.readAllLines(out.resolve("trials.csv"));
        assertEquals(4, trials.size());
        List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
        assertTrue(curves.size() >= 1 + 3 * 2, "every checkpoint of every trial: " + curves.size());
        JsonNode fit = new ObjectMapper().readTree(out.resolve("fit.json").toFile());
        assertTrue(fit.get("axes").has("objects"));
        // real training: every trial spent its budget in training FLOPs, with simulator and network FLOPs and eval apart
        for (String row : trials.subList(1, trials.size())) {
            String[] f = row.split(",");
            long train = Long.parseLong(f[17]), sim = Long.parseLong(f[18]), eval = Long.parseLong(f[23]);
            assertTrue(train >= 2e9 && sim > 0 && eval > 0, row);
        }
        // eval --run on a trial's training run: the metrics object of CONTRACT.md
        CliRun ev = CliRun.of("eval", "--run", out.resolve("trials/0/run").toString(), "--tasks", "8", "--episodes", "1", "--json");
        assertEquals(0, ev.code(), ev.err());
        JsonNode m = new ObjectMapper().readTree(ev.out());
        for (String k : List.of("split", "tasks", "excluded", "mean", "above", "lowest10", "lowest20", "p10", "p20", "p50", "participation"))
            assertTrue(m.has(k), k + " in " + ev.out());
        assertEquals(8, m.get("tasks").asInt() + m.get("excluded").asInt());
        assertTrue(m.get("above").has("0.8"));
        CliRun bad = CliRun.of("eval", "--run", tmp.resolve("nothing").toString());
        assertEquals(2, bad.code());
        assertEquals(1, bad.errLines(), bad.err());
        CliRun badSplit = CliRun.of("eval", "--run", out.resolve("trials/0/run").toString(), "--split", "ood-combo");
        assertEquals(2, badSplit.code(), badSplit.err());

        String dom = ReportBrowserTest.open(out.resolve("report.html"), tmp);
        ReportBrowserTest.assertImagesLoaded(dom, 3);
        assertTrue(dom.contains("Fitted laws") && dom.contains("simulator"));
    }
}
