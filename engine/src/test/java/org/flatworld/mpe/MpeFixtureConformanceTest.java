package org.flatworld.mpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The double-precision reference against every recorded MPE2 episode: observations (float32)
 * within 1e−6 and rewards (float64) within 1e−9 on every step.
 */
class MpeFixtureConformanceTest {
    static Path fixtures() {
        String shared = System.getProperty("flatworld.shared");
        return shared == null ? null : Path.of(shared, "fixtures", "mpe");
    }

    static Stream<String> files() throws IOException {
        Path dir = fixtures();
        if (dir == null || !Files.isDirectory(dir)) return Stream.of("(fixtures absent)");
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")).sorted().toList().stream();
        }
    }

    static List<MpeRecording.Episode> load(String file) throws IOException {
        Path dir = fixtures();
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "skipped: ../shared/fixtures/mpe is absent (flatworld.shared=" + dir + ")");
        try (BufferedReader in = Files.newBufferedReader(dir.resolve(file))) {
            return MpeRecording.read(in);
        }
    }

    static void assertObs(JsonNode want, double[] got, double tol, String where) {
        assertEquals(want.size(), got.length, where + ": observation width");
        for (int k = 0; k < got.length; k++) {
            double w = want.get(k).asDouble(), g = (float) got[k];
            assertTrue(Math.abs(w - g) <= tol, where + " entry " + k + ": recorded " + w + ", reference " + g);
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void referenceReproducesRecordedEpisodes(String file) throws IOException {
        List<MpeRecording.Episode> episodes = load(file);
        assertFalse(episodes.isEmpty(), file + " has no episodes");
        for (int k = 0; k < episodes.size(); k++) {
            MpeRecording.Episode ep = episodes.get(k);
            MpeReference ref = MpeRecording.start(ep);
            MpeLayout l = ref.layout();
            for (int a = 0; a < l.numAgents(); a++)
                assertObs(ep.header().path("initial_obs").path(l.entityName(a)), ref.observation(a), 1e-6, file + " ep " + k + " initial " + l.entityName(a));
            for (MpeRecording.Step st : ep.steps()) {
                MpeRecording.apply(ref, ep, st);
                String where = file + " ep " + k + " t " + st.t();
                double[] r = ref.rewards();
                for (int a = 0; a < l.numAgents(); a++) {
                    String name = l.entityName(a);
                    assertObs(st.json().path("obs").path(name), ref.observation(a), 1e-6, where + " " + name);
                    double w = st.json().path("rewards").path(name).asDouble();
                    assertEquals(w, r[a], 1e-9, where + " reward of " + name);
                    assertEquals(st.json().path("truncations").path(name).asBoolean(), ref.truncated(), where + " truncation");
                }
            }
        }
    }
}
