package org.flatworld.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {
    @TempDir
    Path dir;

    @Test
    void headlessTrainingWritesARun() {
        Path out = dir.resolve("run");
        HeadlessTraining.main(new String[] {"smoke", out.toString(), "4000"});
        for (String f : new String[] {"config.json", "metrics.csv", "policy.safetensors", "summary.json"})
            assertTrue(Files.exists(out.resolve(f)), f);
    }

    @Test
    void embeddingProgramTrainsItsOwnEnvironment() {
        double[] r = EmbeddingExample.run(30_000);
        assertTrue(r[0] > 0.15 && r[0] < 0.35, "always-0 earns about 1/4 per step, got " + r[0]);
        assertTrue(r[1] > 0.9, "the trained policy should read the cue, got " + r[1]);
    }
}
