package org.flatworld.sweep;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The function a sweep applies to each trial: train to the budget, evaluating at the checkpoints.
 * Implementations must be deterministic (same config and spec → same result, timings aside)
 * whatever else runs in parallel.
 */
public interface TrialRunner {
    /** Rejects configs this runner cannot run (unknown knobs, base or training settings) with IllegalArgumentException. */
    void validate(SweepConfig config);

    /**
     * Runs one trial. {@code workDir} is an empty folder the runner may use for checkpoints and logs.
     * Must not write {@code result.json}: the caller does, last.
     */
    TrialResult run(SweepConfig config, TrialSpec spec, Path workDir, int threads) throws IOException;

    /**
     * Where a killed run of this trial left a checkpoint in {@code workDir} that {@link #resume} can continue
     * from: a one-line description ("global step N (K curve points kept)"), or {@code null} when there is
     * none (the default: such runners always rerun from scratch).
     */
    default String resumable(SweepConfig config, TrialSpec spec, Path workDir, int threads) { return null; }

    /**
     * Continues the partial trial in {@code workDir} from the checkpoint {@link #resumable} found. The result
     * need not equal an uninterrupted run's. Must not write {@code result.json}.
     */
    default TrialResult resume(SweepConfig config, TrialSpec spec, Path workDir, int threads) throws IOException {
        throw new UnsupportedOperationException("this runner cannot resume a trial");
    }

    /**
     * The compute backend trials train on (auto, cpu, cuda, scalar, panama), as the global {@code --backend}
     * chooses; {@code auto} keeps whatever the sweep's training settings say. Set once per process.
     */
    static void useBackend(String backend) { TrainTrialRunner.backend = backend; }

    /** The runner named in a config. */
    static TrialRunner forName(String name) {
        return switch (name) {
            case "synthetic" -> new SyntheticTrialRunner();
            case "train" -> TrainTrialRunner.create();
            default -> throw new IllegalArgumentException("unknown runner '" + name + "'; allowed: train, synthetic");
        };
    }
}
