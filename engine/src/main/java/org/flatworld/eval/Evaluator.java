package org.flatworld.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.flatworld.env.Policy;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.task.Complexity;
import org.flatworld.task.Split;
import org.flatworld.task.Task;
import org.flatworld.task.TaskRollouts;
import org.flatworld.task.TaskSampler;
import org.flatworld.train.EnvSpec;
import org.flatworld.train.TrainConfig;

/**
 * Evaluates one policy on a test split (SPEC §6): {@code tasks} tasks from {@link TaskSampler} seeded
 * with {@code seed}, the mean return of the policy, of the uniform-random policy and of the scripted
 * oracle over {@code episodes} episodes each, normalized with R_ref = max(oracle, this agent). All
 * rollouts are charged to the ledger's {@code eval} category. For a sweep, where R_ref also ranges over
 * every other agent, the sweep merge normalizes instead ({@code SweepReport}).
 */
public final class Evaluator {
    private Evaluator() {}

    /** Per-task returns of a split: ids, agent, random, oracle. */
    public record SplitReturns(long[] ids, double[] agent, double[] random, double[] oracle) {}

    public static SplitReturns returns(Complexity c, Policy policy, String split, int tasks, int episodes, long seed, int threads,
                                       FlopLedger ledger) {
        if (tasks < 1 || tasks > 1_000_000) throw new IllegalArgumentException("tasks must be in [1, 1000000], got " + tasks);
        if (episodes < 1 || episodes > 100_000) throw new IllegalArgumentException("episodes must be in [1, 100000], got " + episodes);
        Split s = Split.fromLabel(split);
        if (!c.hasSplit(s))
            throw new IllegalArgumentException("split '" + split + "' is not declared by this complexity; allowed: train, test-id, "
                    + String.join(", ", c.oodSplits()));
        FlopLedger.Counter eval = ledger == null ? FlopLedger.NONE : ledger.counter(FlopCategory.EVAL);
        List<Task> ts = new TaskSampler(c, seed, s).sample(tasks);
        long[] ids = new long[ts.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = ts.get(i).id();
        double[] agent = TaskRollouts.meanReturns(c, ts, policy, episodes, seed + 2, eval, threads);
        double[] random = TaskRollouts.meanReturns(c, ts, null, episodes, seed + 1, eval, threads);
        double[] oracle = TaskRollouts.oracleReturns(c, ts, episodes, seed + 1, eval, threads);
        return new SplitReturns(ids, agent, random, oracle);
    }

    /** The metrics object of one policy on one split, R_ref = max(oracle, this agent) per task. */
    public static GeneralizationMetrics evaluate(Complexity c, Policy policy, String split, int tasks, int episodes, long seed,
                                                 int threads, FlopLedger ledger) {
        SplitReturns r = returns(c, policy, split, tasks, episodes, seed, threads, ledger);
        ReferenceTable ref = new ReferenceTable();
        ref.offerAll(r.ids(), r.oracle());
        ref.offerAll(r.ids(), r.agent());
        return Normalization.metrics(split, r.agent(), r.random(), ref.get(r.ids()));
    }

    /** The task complexity a run was trained on (its env must be a Flatworld task family). */
    public static Complexity complexityOf(TrainConfig config) {
        EnvSpec env = config.env();
        if (!"task".equals(env.type()))
            throw new IllegalArgumentException("evaluation needs a run trained on Flatworld tasks (env.type task), got env.type "
                    + env.type());
        ObjectNode n = new ObjectMapper().valueToTree(env.kwargs());
        n.remove("split");
        n.remove("pool");     // the trainer's own keys (EnvFactory), not complexity knobs
        n.remove("taskSeed");
        if (!n.has("preset") && Complexity.PRESETS.contains(env.name())) n.put("preset", env.name());
        return Complexity.fromJson(n);
    }
}
