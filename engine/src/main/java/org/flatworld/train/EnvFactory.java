package org.flatworld.train;

import org.flatworld.env.VecEnv;
import org.flatworld.mpe.MpeEnvs;

/**
 * Builds the batched environment an {@link EnvSpec} names, and says which observation layout it
 * writes (stored in checkpoints so that a policy is never run on observations it was not trained on).
 */
public final class EnvFactory {
    private EnvFactory() {}

    public static VecEnv create(EnvSpec spec, int numEnvs, int threads) {
        return switch (spec.type()) {
            case "cue" -> CueEnv.fromKwargs(numEnvs, spec.kwargs());
            case "mpe" -> MpeEnvs.create(spec.name(), spec.kwargs(), numEnvs, threads);
            case "task" -> throw new UnsupportedOperationException(
                    "env type 'task' is not available in this build yet");
            default -> throw new IllegalArgumentException("env.type must be one of mpe, task, cue, got '" + spec.type() + "'");
        };
    }

    /** Observation layout identifier of an environment kind (bumped when its observation layout changes). */
    public static String obsLayoutVersion(EnvSpec spec) {
        return switch (spec.type()) {
            case "cue" -> "cue-1";
            case "mpe" -> "mpe-" + spec.name() + "-1";
            default -> "task-1";
        };
    }
}
