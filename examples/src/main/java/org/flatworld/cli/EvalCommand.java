package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flatworld.eval.Evaluator;
import org.flatworld.eval.GeneralizationMetrics;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.task.Complexity;
import org.flatworld.train.Checkpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flatworld eval}: the metrics object of a trained policy on a test split (CONTRACT.md). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates a trained policy on a split: normalized scores against random and oracle, XLand-style metrics.")
public class EvalCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "A run folder written by flatworld train.")
    Path run;

    @Option(names = "--split", defaultValue = "test-id", description = "test-id or an OOD split of the run's config (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--tasks", defaultValue = "100", description = "Test tasks (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--episodes", defaultValue = "4", description = "Episodes per task and policy (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the test tasks and episodes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1", description = "Threads (results do not depend on it; default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print the metrics object as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || threads > 1024) throw new UserError("--threads must be in [1, 1024], got " + threads);
        if (split.equals("train")) throw new UserError("--split must be a test split (test-id or an OOD split), got 'train'");
        Checkpoints.LoadedPolicy loaded = Checkpoints.loadPolicy(run);
        Complexity c = Evaluator.complexityOf(loaded.config());
        FlopLedger ledger = new FlopLedger();
        GeneralizationMetrics m = Evaluator.evaluate(c, loaded.policy(), split, tasks, episodes, seed, threads, ledger);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(m));
        } else {
            System.out.printf(Locale.ROOT, "%s: %d tasks (%d excluded)  mean %.3f  above 0.5/0.8/0.9: %.3f %.3f %.3f%n",
                    m.split(), m.tasks(), m.excluded(), m.mean(), m.above().get("0.5"), m.above().get("0.8"), m.above().get("0.9"));
            System.out.printf(Locale.ROOT, "lowest10 %.3f  lowest20 %.3f  p10 %.3f  p20 %.3f  p50 %.3f  participation %.3f%n",
                    m.lowest10(), m.lowest20(), m.p10(), m.p20(), m.p50(), m.participation());
        }
        System.err.printf(Locale.ROOT, "eval: %.4g FLOPs (eval category)%n", (double) ledger.flops(FlopCategory.EVAL));
        return 0;
    }
}
