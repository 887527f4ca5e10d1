package org.flatworld.sweep;

import java.nio.file.Path;

/** Trials that train real agents on Flatworld tasks (runner {@code train}). */
final class TrainTrialRunner implements TrialRunner {
    static TrialRunner create() { return new TrainTrialRunner(); }

    @Override
    public void validate(SweepConfig config) {
        throw new UnsupportedOperationException("runner 'train' is not available yet in this build");
    }

    @Override
    public TrialResult run(SweepConfig config, TrialSpec spec, Path workDir, int threads) {
        throw new UnsupportedOperationException("runner 'train' is not available yet in this build");
    }
}
