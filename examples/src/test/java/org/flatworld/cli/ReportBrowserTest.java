package org.flatworld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html opens in headless Chromium without page errors and every inlined plot decodes. Chromium is
 * installed with apt when missing and running as root; the test skips, saying so, only where it cannot be.
 */
class ReportBrowserTest {
    @TempDir
    Path tmp;

    static String chromium() throws Exception {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p.toString();
            }
        }
        return null;
    }

    static String findOrInstallChromium() throws Exception {
        String c = chromium();
        if (c != null) return c;
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: Chromium is not installed and the test is not running as root to install it");
        Process p = new ProcessBuilder("bash", "-c", "apt-get install -y --no-install-recommends chromium "
                + "|| (apt-get update && apt-get install -y --no-install-recommends chromium)")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean done = p.waitFor(6, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        c = chromium();
        Assumptions.assumeTrue(c != null, "skipped: Chromium could not be installed with apt-get (no network or no package)");
        return c;
    }

    /** Opens {@code html} in headless Chromium; returns the DOM after load, asserting no page errors. */
    static String open(Path html, Path work) throws Exception {
        String chromium = findOrInstallChromium();
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path shot = work.resolve("report.png");
        List<String> flags = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000");
        List<String> dump = new ArrayList<>(List.of(chromium));
        dump.addAll(flags);
        dump.add("--dump-dom");
        dump.add(html.toUri().toString());
        Process p = new ProcessBuilder(dump).redirectOutput(work.resolve("dom.html").toFile())
                .redirectError(work.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium --dump-dom finished");
        String log = Files.readString(work.resolve("chromium.log"));
        assertEquals(0, p.exitValue(), log);
        for (String line : log.lines().toList())
            assertTrue(!line.contains("CONSOLE") && !line.contains("Uncaught"), "page error: " + line);
        List<String> screenshot = new ArrayList<>(List.of(chromium));
        screenshot.addAll(flags);
        screenshot.add("--window-size=1200,2000");
        screenshot.add("--screenshot=" + shot);
        screenshot.add(html.toUri().toString());
        Process q = new ProcessBuilder(screenshot).redirectErrorStream(true).redirectOutput(work.resolve("shot.log").toFile()).start();
        assertTrue(q.waitFor(120, TimeUnit.SECONDS), "chromium --screenshot finished");
        assertTrue(Files.size(shot) > 20_000, "a screenshot with content: " + Files.size(shot) + " bytes");
        return Files.readString(work.resolve("dom.html"));
    }

    /** Asserts the DOM says every image decoded, and that there were at least {@code min}. */
    static void assertImagesLoaded(String dom, int min) {
        Matcher all = Pattern.compile("data-images=\"(\\d+)\"").matcher(dom);
        Matcher ok = Pattern.compile("data-images-loaded=\"(\\d+)\"").matcher(dom);
        assertTrue(all.find() && ok.find(), "the page's load handler ran");
        int n = Integer.parseInt(all.group(1));
        assertTrue(n >= min, n + " images, expected ≥ " + min);
        assertEquals(n, Integer.parseInt(ok.group(1)), "every image decoded");
    }

    @Test
    void syntheticReportOpensAndShowsItsPlots() throws Exception {
        Path out = tmp.resolve("sweep");
        Path cfg = tmp.resolve("c.json");
        Files.writeString(cfg, CliRun.syntheticJson().replace("\"seeds\": [0, 1]", "\"seeds\": [0]"));
        CliRun r = CliRun.of("sweep", "--config", cfg.toString(), "--out", out.toString(), "--workers", "2");
        assertEquals(0, r.code(), r.err());
        String dom = open(out.resolve("report.html"), tmp);
        assertImagesLoaded(dom, 3);
        assertTrue(dom.contains("Fitted laws"));
    }
}
