package org.flatworld.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Sweep configs for tests. */
final class SweepTestConfigs {
    private SweepTestConfigs() {}

    static String syntheticJson() {
        try (InputStream in = SweepTestConfigs.class.getResourceAsStream("synthetic.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SweepConfig synthetic() { return SweepConfig.parse(syntheticJson(), "synthetic.json"); }
}
