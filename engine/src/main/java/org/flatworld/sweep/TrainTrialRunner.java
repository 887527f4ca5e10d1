package org.flatworld.sweep;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flatworld.env.Policy;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.task.Complexity;
import org.flatworld.task.Split;
import org.flatworld.task.Task;
import org.flatworld.task.TaskRollouts;
import org.flatworld.task.TaskSampler;
import org.flatworld.task.TaskVecEnv;
import org.flatworld.train.Checkpoints;
import org.flatworld.train.TrainConfig;
import org.flatworld.train.TrainResult;
import org.flatworld.train.Trainer;
import org.flatworld.train.TrainingListener;
import org.flatworld.train.TrainingProgress;

/**
 * Trials that train an agent on a Flatworld task family (runner {@code train}): the trial's
 * {@link Complexity} is the config's {@code base} with the trial's knobs set; training runs with the
 * config's {@code train} settings (a training preset name, or an object of {@link TrainConfig} keys
 * with an optional {@code "preset"}) and the trial's model, algorithm and seed, until the FLOP budget.
 * Whenever training compute passes the next log-spaced checkpoint, the current policy is evaluated on
 * fixed test sets ({@code eval.tasks} tasks per split from {@link TaskSampler} seeded with
 * {@code eval.seed}, {@code eval.episodes} sampled episodes each, the same seed at every checkpoint);
 * those FLOPs go to the {@code eval} category, which training compute excludes.
 * The random-policy and oracle returns of a test set are computed once per process and level. Training
 * episodes draw from a pool of {@value #TRAIN_POOL} train-split tasks sampled with seed
 * {@value #TRAIN_POOL_SEED} + the trial seed (test tasks are disjoint from them by the split rule).
 * After each evaluation the curve so far goes to {@value #CURVE_PARTIAL} and a training checkpoint to
 * {@code run/}, so that a requeued trial can {@link #resume} from there.
 */
final class TrainTrialRunner implements TrialRunner {
    private static final Map<String, TrialResult.TestSet> REFERENCE = new ConcurrentHashMap<>();
    private static final Map<String, List<Task>> TASKS = new ConcurrentHashMap<>();
    /** Train-split tasks each trial trains on (episodes draw from this pool). */
    static final int TRAIN_POOL = 512;
    static final long TRAIN_POOL_SEED = 1_000_003L;
    /** The evaluations so far, rewritten atomically after each one (a resumed trial keeps them). */
    static final String CURVE_PARTIAL = "curve.partial.json";
    private static final TypeReference<List<TrialResult.Checkpoint>> CURVE_TYPE = new TypeReference<>() {};
    /** A training checkpoint is also saved when this long has passed since the last one (never changes results). */
    private static final long SAVE_INTERVAL_NANOS = 10L * 60 * 1_000_000_000L;

    /** Backend override from the CLI's --backend; "auto" leaves the training settings alone. */
    static volatile String backend = "auto";

    static TrialRunner create() { return new TrainTrialRunner(); }

    @Override
    public void validate(SweepConfig config) {
        Complexity base = base(config);
        for (var e : config.axes().entrySet())
            for (double v : e.getValue()) {
                try {
                    base.with(e.getKey(), JsonNodeFactory.instance.numberNode(v));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("axes." + e.getKey() + " = " + v + ": " + ex.getMessage());
                }
            }
        if ("product".equals(config.axesMode()))
            for (TrialSpec s : TrialSpec.grid(config)) complexity(config, s);
        for (String split : config.eval().splits()) {
            Split s = Split.fromLabel(split);
            if (s == Split.TRAIN) throw new IllegalArgumentException("eval.splits: 'train' is not a test split");
            if (!base.hasSplit(s))
                throw new IllegalArgumentException("eval.splits: '" + split + "' is not declared in the complexity's oodSplits "
                        + base.oodSplits());
        }
        TrialSpec first = TrialSpec.grid(config).get(0);
        for (SweepConfig.Model m : config.models())
            for (String alg : config.algorithms())
                trainConfig(config, new TrialSpec(0, first.axis(), first.level(), first.knobs(), m, 0, alg), base, 1);
    }

    /** The base complexity: a preset name or an object of knobs (with an optional "preset"). */
    static Complexity base(SweepConfig config) {
        JsonNode b = config.base();
        if (b == null) return Complexity.preset("small");
        if (b.isTextual()) {
            if (!Complexity.PRESETS.contains(b.asText()))
                throw new IllegalArgumentException("base = '" + b.asText() + "' is not a complexity preset; allowed: " + Complexity.PRESETS);
            return Complexity.preset(b.asText());
        }
        try {
            return Complexity.fromJson(b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base: " + e.getMessage());
        }
    }

    static Complexity complexity(SweepConfig config, TrialSpec spec) {
        Complexity c = base(config);
        for (var k : spec.knobs().entrySet()) {
            try {
                c = c.with(k.getKey(), JsonNodeFactory.instance.numberNode(k.getValue()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("axes." + k.getKey() + " = " + k.getValue() + ": " + e.getMessage());
            }
        }
        return c;
    }

    static TrainConfig trainConfig(SweepConfig config, TrialSpec spec, Complexity c, int threads) {
        ObjectNode tree;
        JsonNode t = config.train();
        try {
            if (t == null) tree = TrainConfig.defaults().toTree();
            else if (t.isTextual()) tree = TrainConfig.preset(t.asText()).toTree();
            else if (t.isObject()) {
                tree = t.has("preset") ? TrainConfig.preset(t.get("preset").asText()).toTree() : TrainConfig.defaults().toTree();
                ObjectNode user = ((ObjectNode) t).deepCopy();
                user.remove("preset");
                user.fieldNames().forEachRemaining(k -> {
                    if (!tree.has(k)) throw new IllegalArgumentException("unknown key '" + k + "'");
                });
                tree.setAll(user);
            } else throw new IllegalArgumentException("must be a training preset name or an object");
            ObjectNode env = tree.putObject("env");
            env.put("type", "task");
            env.put("name", "custom");
            ObjectNode kw = c.toJson().deepCopy();
            env.set("kwargs", kw);
            tree.put("algo", spec.algorithm());
            tree.put("model", spec.model().type());
            var hidden = tree.putArray("hidden");
            for (int h : spec.model().hidden()) hidden.add(h);
            tree.put("seed", spec.seed());
            tree.put("threads", threads);
            if (!"auto".equals(backend)) tree.put("backend", backend);
            tree.put("totalFlops", config.budget().flops());
            tree.put("totalAgentSteps", 0);
            return TrainConfig.fromJson(tree.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("train: " + e.getMessage());
        }
    }

    @Override
    public TrialResult run(SweepConfig config, TrialSpec spec, Path workDir, int threads) {
        return train(config, spec, workDir, threads, false);
    }

    @Override
    public String resumable(SweepConfig config, TrialSpec spec, Path workDir, int threads) {
        Complexity c = complexity(config, spec);
        Checkpoints.Saved saved = Checkpoints.inspect(workDir.resolve("run"), trainConfig(config, spec, c, threads));
        if (saved == null) return null;
        return "global step " + saved.globalStep() + " (" + keptCurve(workDir, saved).size() + " curve points kept)";
    }

    @Override
    public TrialResult resume(SweepConfig config, TrialSpec spec, Path workDir, int threads) {
        return train(config, spec, workDir, threads, true);
    }

    /** The evaluations {@value #CURVE_PARTIAL} recorded up to the checkpoint (later ones are redone); empty when unreadable. */
    private static List<TrialResult.Checkpoint> keptCurve(Path workDir, Checkpoints.Saved saved) {
        Path file = workDir.resolve(CURVE_PARTIAL);
        List<TrialResult.Checkpoint> kept = new ArrayList<>();
        if (!Files.isRegularFile(file)) return kept;
        try {
            for (TrialResult.Checkpoint cp : SweepConfig.mapper().readValue(file.toFile(), CURVE_TYPE))
                if (cp.flops() <= saved.trainingFlops()) kept.add(cp);
        } catch (IOException e) {
            kept.clear(); // written atomically, so only a foreign file gets here: evaluate again
        }
        return kept;
    }

    private TrialResult train(SweepConfig config, TrialSpec spec, Path workDir, int threads, boolean resume) {
        long start = System.nanoTime();
        Complexity c = complexity(config, spec);
        TrainConfig tc = trainConfig(config, spec, c, threads);
        SweepConfig.Eval ev = config.eval();
        Map<String, TrialResult.TestSet> tests = new LinkedHashMap<>();
        Map<String, List<Task>> tasks = new LinkedHashMap<>();
        for (String split : ev.splits()) {
            String key = c + "|" + split + "|" + ev.tasks() + "|" + ev.episodes() + "|" + ev.seed();
            List<Task> ts = TASKS.computeIfAbsent(key, k -> new TaskSampler(c, ev.seed(), Split.fromLabel(split)).sample(ev.tasks()));
            tasks.put(split, ts);
            tests.put(split, REFERENCE.computeIfAbsent(key, k -> {
                long[] ids = new long[ts.size()];
                for (int i = 0; i < ids.length; i++) ids[i] = ts.get(i).id();
                double[] random = TaskRollouts.meanReturns(c, ts, null, ev.episodes(), ev.seed() + 1, FlopLedger.NONE, threads);
                double[] oracle = TaskRollouts.oracleReturns(c, ts, ev.episodes(), ev.seed() + 1, FlopLedger.NONE, threads);
                return new TrialResult.TestSet(ids, random, oracle);
            }));
        }
        double[] schedule = config.budget().schedule();
        List<TrialResult.Checkpoint> cps = new ArrayList<>();
        if (resume) {
            Checkpoints.Saved saved = Checkpoints.inspect(workDir.resolve("run"), tc);
            if (saved == null) throw new IllegalStateException("no loadable checkpoint in " + workDir.resolve("run"));
            cps.addAll(keptCurve(workDir, saved));
        }
        int[] next = {0};
        if (!cps.isEmpty()) while (next[0] < schedule.length && cps.getLast().flops() >= schedule[next[0]]) next[0]++;
        // wall time of a resumed trial counts from its last kept evaluation (the lost stretch after it is not counted)
        double wall0 = cps.isEmpty() ? 0 : cps.getLast().wallSeconds();
        Path partial = workDir.resolve(CURVE_PARTIAL);
        TrainingListener listener = new TrainingListener() {
            private boolean save;
            private long lastSave = System.nanoTime();

            @Override
            public boolean afterUpdate(TrainingProgress p, Policy policy) {
                if (next[0] < schedule.length && p.trainingFlops() >= schedule[next[0]]) {
                    while (next[0] < schedule.length && p.trainingFlops() >= schedule[next[0]]) next[0]++;
                    cps.add(evaluate(c, tasks, policy, ev, p.ledger().counter(FlopCategory.EVAL), threads, p.trainingFlops(),
                            p.globalStep(), wall0 + (System.nanoTime() - start) / 1e9));
                    // the curve so far, then (wantsCheckpoint) the training checkpoint it belongs to
                    try {
                        AtomicFiles.write(partial, SweepConfig.mapper().writeValueAsBytes(cps));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + partial + ": " + e.getMessage(), e);
                    }
                    save = true;
                }
                return false;
            }

            @Override
            public boolean wantsCheckpoint() {
                boolean now = save || System.nanoTime() - lastSave > SAVE_INTERVAL_NANOS;
                save = false;
                if (now) lastSave = System.nanoTime();
                return now;
            }
        };
        // the training distribution: a fixed pool of train-split tasks, drawn per trial seed
        List<Task> pool = new TaskSampler(c, TRAIN_POOL_SEED + spec.seed(), Split.TRAIN).sample(TRAIN_POOL);
        TrainResult r;
        try (TaskVecEnv env = TaskVecEnv.create(c, pool, tc.numEnvs(), threads)) {
            r = Trainer.train(tc, env, workDir.resolve("run"), listener, resume);
        }
        if (next[0] < schedule.length && (cps.isEmpty() || cps.get(cps.size() - 1).flops() < r.progress().trainingFlops())) {
            // the budget ended between checkpoints: evaluate the final policy once
            cps.add(evaluate(c, tasks, r.policy(), ev, r.ledger().counter(FlopCategory.EVAL), threads,
                    r.progress().trainingFlops(), r.progress().globalStep(), wall0 + (System.nanoTime() - start) / 1e9));
        }
        Map<String, Double> measures = new LinkedHashMap<>();
        for (var e : spec.knobs().entrySet()) measures.put(e.getKey(), e.getValue());
        Complexity.Sizes s = c.sizes();
        measures.put("log10States", s.log10States());
        measures.put("log10Goals", s.log10Goals());
        measures.put("numActions", (double) s.numActions());
        measures.put("log10LogPolicies", s.log10LogPolicies());
        measures.put("aggregate", s.log10LogPolicies());
        return new TrialResult(spec, r.paramCount(), measures, tests, cps, r.ledger().asMap(), r.progress().globalStep(),
                wall0 + (System.nanoTime() - start) / 1e9, r.backend());
    }

    private static TrialResult.Checkpoint evaluate(Complexity c, Map<String, List<Task>> tasks, Policy policy, SweepConfig.Eval ev,
                                                   FlopLedger.Counter counter, int threads, long flops, long samples, double wall) {
        Map<String, double[]> returns = new LinkedHashMap<>();
        for (var e : tasks.entrySet())
            returns.put(e.getKey(), TaskRollouts.meanReturns(c, e.getValue(), policy, ev.episodes(), ev.seed() + 2, counter, threads));
        return new TrialResult.Checkpoint(flops, samples, wall, returns);
    }
}
