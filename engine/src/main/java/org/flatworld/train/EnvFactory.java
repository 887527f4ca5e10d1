package org.flatworld.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flatworld.env.VecEnv;
import org.flatworld.mpe.MpeEnvs;
import org.flatworld.task.Complexity;
import org.flatworld.task.Observations;
import org.flatworld.task.Split;
import org.flatworld.task.Task;
import org.flatworld.task.TaskSampler;
import org.flatworld.task.TaskVecEnv;

/**
 * Builds the batched environment an {@link EnvSpec} names, and says which observation layout it
 * writes (stored in checkpoints so that a policy is never run on observations it was not trained on).
 *
 * <p>{@code task}: {@code name} is the {@link Complexity} preset, {@code kwargs} override its knobs,
 * plus two keys of the trainer's own: {@code pool} (training tasks drawn from the {@code train} split,
 * default 1024) and {@code taskSeed} (the sampler's seed, default 0).
 */
public final class EnvFactory {
    /** Training tasks per run unless env.kwargs.pool says otherwise. */
    public static final int DEFAULT_POOL = 1024;

    private EnvFactory() {}

    /** The environment of a config: its {@link EnvSpec}, with the time feature appended when {@code timeFeature > 0}. */
    public static VecEnv create(TrainConfig cfg) {
        return create(cfg, cfg.threads());
    }

    /** As {@link #create(TrainConfig)} with {@code threads} stepping threads instead of the config's. */
    public static VecEnv create(TrainConfig cfg, int threads) {
        VecEnv env = create(cfg.env(), cfg.numEnvs(), threads);
        return cfg.timeFeature() > 0 ? new TimeFeatureEnv(env, cfg.timeFeature()) : env;
    }

    public static VecEnv create(EnvSpec spec, int numEnvs, int threads) {
        return switch (spec.type()) {
            case "cue" -> CueEnv.fromKwargs(numEnvs, spec.kwargs());
            case "mpe" -> MpeEnvs.create(spec.name(), spec.kwargs(), numEnvs, threads);
            case "task" -> {
                Complexity c = complexity(spec);
                List<Task> pool = new TaskSampler(c, taskSeed(spec), Split.TRAIN).sample(poolSize(spec));
                yield TaskVecEnv.create(c, pool, numEnvs, threads);
            }
            default -> throw new IllegalArgumentException("env.type must be one of mpe, task, cue, got '" + spec.type() + "'");
        };
    }

    /** The task family of a {@code task} spec: preset {@code name} with the kwargs (pool and taskSeed aside) overriding it. */
    public static Complexity complexity(EnvSpec spec) {
        Map<String, Object> kw = new TreeMap<>(spec.kwargs());
        kw.remove("pool");
        kw.remove("taskSeed");
        ObjectNode node = TrainConfig.JSON.valueToTree(kw);
        node.put("preset", spec.name() == null ? "small" : spec.name());
        return Complexity.fromJson(node);
    }

    static int poolSize(EnvSpec spec) {
        Object v = spec.kwargs().get("pool");
        if (v == null) return DEFAULT_POOL;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() >= 1 && n.intValue() <= 1 << 20)
            return n.intValue();
        throw new IllegalArgumentException("env.kwargs.pool must be an integer in [1, 1048576], got " + v);
    }

    static long taskSeed(EnvSpec spec) {
        Object v = spec.kwargs().get("taskSeed");
        if (v == null) return 0;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw new IllegalArgumentException("env.kwargs.taskSeed must be an integer, got " + v);
    }

    /** Observation layout identifier of an environment kind (bumped when its observation layout changes). */
    public static String obsLayoutVersion(EnvSpec spec) {
        return switch (spec.type()) {
            case "cue" -> "cue-1";
            case "mpe" -> "mpe-" + spec.name() + "-1";
            default -> "task-" + Observations.VERSION;
        };
    }
}
