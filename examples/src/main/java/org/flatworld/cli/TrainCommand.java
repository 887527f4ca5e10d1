package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.flatworld.train.Checkpoints;
import org.flatworld.train.TrainConfig;
import org.flatworld.train.TrainResult;
import org.flatworld.train.Trainer;
import org.flatworld.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flatworld train}: trains one agent (CONTRACT.md) and writes DIR/config.json,
 * DIR/metrics.csv, DIR/policy.safetensors (+ trainer_state.safetensors) and DIR/summary.json.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains one agent with V-MPO or PPO; writes config.json, metrics.csv, policy.safetensors and summary.json to --out.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--preset", description = "Built-in config: smoke, spread, spread-ppo, trivial, trivial-ent, trivial-entity, trivial-ppo, memory.")
    String preset;

    @Option(names = "--config", description = "JSON config file (keys override the defaults; unknown keys are refused).")
    Path config;

    @Option(names = "--set", description = "Override one key, e.g. --set lr=3e-4 --set env.kwargs.N=6 --set hidden=128,128 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", required = true, description = "Run folder.")
    Path out;

    @Option(names = "--seed", description = "Master seed (overrides the config's).")
    Long seed;

    @Option(names = "--threads", description = "Threads (overrides the config's; results do not depend on it).")
    Integer threads;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--json", description = "Print summary.json's content as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        TrainConfig cfg = resolve();
        if (!resume && Files.exists(out.resolve(Checkpoints.POLICY)))
            throw new UserError("--out " + out + " already holds a trained run; use --resume or another folder");
        boolean tty = System.console() != null && !json;
        TrainingListener listener = TrainingListener.NONE;
        ProgressBar bar = null;
        if (tty) {
            long total = cfg.totalAgentSteps() > 0 ? cfg.totalAgentSteps() : -1;
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(total).setUnit(" steps", 1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
            ProgressBar b = bar;
            listener = (p, policy) -> {
                b.stepTo(p.globalStep());
                if (Double.isFinite(p.episodicReturn())) b.setExtraMessage(String.format(Locale.ROOT, "return %.2f", p.episodicReturn()));
                return false;
            };
        }
        TrainResult r;
        try {
            r = Trainer.train(cfg, out, listener, resume);
        } finally {
            if (bar != null) bar.close();
        }
        if (json) {
            System.out.println(new ObjectMapper().readTree(Files.readString(out.resolve("summary.json"))).toString());
        } else {
            System.out.printf(Locale.ROOT, "trained %d agent-steps (%d updates) in %.1f s: episodic return %.3f, %.3g training FLOPs; wrote %s%n",
                    r.progress().globalStep(), r.progress().updates(), r.wallSeconds(), r.progress().episodicReturn(),
                    (double) r.progress().trainingFlops(), out);
        }
        return 0;
    }

    private TrainConfig resolve() throws IOException {
        if (preset != null && config != null) throw new UserError("give either --preset or --config, not both");
        TrainConfig cfg;
        if (preset != null) cfg = TrainConfig.preset(preset);
        else if (config != null) {
            if (!Files.isRegularFile(config)) throw new UserError("--config " + config + ": no such file");
            cfg = TrainConfig.fromJson(Files.readString(config));
        } else if (resume && Files.isRegularFile(out.resolve("config.json"))) {
            cfg = TrainConfig.fromJson(Files.readString(out.resolve("config.json")));
        } else {
            throw new UserError("train needs --preset or --config (or --resume with an existing --out)");
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new UserError("--set needs key=value, got '" + s + "'");
            cfg = cfg.withSet(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        if (seed != null) cfg = cfg.withSet("seed", Long.toString(seed));
        if (threads != null) cfg = cfg.withSet("threads", Integer.toString(threads));
        if (!Main.backend().equals("auto")) cfg = cfg.withSet("backend", Main.backend());
        return cfg;
    }
}
