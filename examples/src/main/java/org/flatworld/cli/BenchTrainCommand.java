package org.flatworld.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flatworld.kernels.Kernels;
import org.flatworld.train.TrainConfig;
import org.flatworld.train.TrainResult;
import org.flatworld.train.Trainer;
import org.flatworld.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flatworld bench train}: end-to-end training throughput in agent-steps/s (rollout, targets,
 * gradient steps, no files), with the FLOP breakdown of one run beside it. {@code --one-pass} runs
 * the preset with each sample in one gradient step (the V-MPO paper's learner) instead of the
 * preset's epochs.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "End-to-end training throughput (agent-steps/s) of a preset, default: spread (V-MPO, MLP 2x64, simple_spread N=3).")
public final class BenchTrainCommand implements Callable<Integer> {
    @Mixin
    BenchCommand.Common common;

    @Option(names = "--preset", defaultValue = "spread", description = "Training preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--set", description = "Override a config key (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--one-pass", description = "Use each sample in one gradient step, as the V-MPO paper's learner does: "
            + "epochs=1 and targetPeriod=minibatches (θ′ ← θ once per rollout, so the acting forward's values serve the "
            + "targets); applied before --set. Learning: docs/PERFORMANCE.md.")
    boolean onePass;

    @Option(names = "--steps", defaultValue = "200000", description = "Agent-steps per timed run (default: ${DEFAULT-VALUE}).")
    long steps;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || steps > 10_000_000_000L) throw new UserError("--steps must be in [1, 1e10], got " + steps);
        TrainConfig cfg = TrainConfig.preset(preset);
        if (onePass) cfg = cfg.withSet("epochs", "1").withSet("targetPeriod", Integer.toString(cfg.minibatches()));
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new UserError("--set needs key=value, got '" + s + "'");
            cfg = cfg.withSet(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        cfg = cfg.withSet("totalAgentSteps", Long.toString(steps)).withSet("totalFlops", "0")
                .withSet("threads", Integer.toString(common.threads));
        String backend = common.kernels != null ? common.kernels : Main.backend();
        cfg = cfg.withSet("backend", backend);
        try (Kernels k = common.open()) {
            TrainConfig run = cfg;
            TrainResult[] last = new TrainResult[1];
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long[] callerCpu = new long[1];
            BenchCommand.Timing t = BenchCommand.measure(() -> {
                long c0 = mx.getCurrentThreadCpuTime();
                last[0] = Trainer.train(run, null, TrainingListener.NONE);
                callerCpu[0] = mx.getCurrentThreadCpuTime() - c0;
            }, common.repeats, common.minTime);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("what", "train");
            o.put("preset", preset);
            o.put("algo", cfg.algo());
            o.put("config", onePass ? "one-pass" : "preset");
            o.put("epochs", cfg.epochs());
            o.put("minibatches", cfg.minibatches());
            o.put("target_period", cfg.targetPeriod());
            o.put("agent_steps_per_run", last[0].progress().globalStep());
            o.put("params", last[0].paramCount());
            o.put("trainer", last[0].backend()); // kernels per thread, and the trainer's shards and threads
            o.put("cpu_s_per_run", last[0].cpuSeconds());
            // the calling thread alone (no JIT or GC threads): with --threads 1 it runs all of the training
            o.put("caller_cpu_s_per_run", callerCpu[0] * 1e-9);
            o.put("flops_by_category", last[0].ledger().asMap());
            o.put("flops_per_agent_step", (double) last[0].ledger().trainingTotal() / last[0].progress().globalStep());
            BenchCommand.print(o, k, common, t, last[0].progress().globalStep(), "agent-steps/s");
        }
        return 0;
    }
}
