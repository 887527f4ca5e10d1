package org.flatworld.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;

/**
 * metrics.csv: one row per log point, appended and flushed line by line. Column names are fixed
 * (CleanRL's {@code charts/…}, {@code losses/…}); a value that does not apply to the algorithm is
 * left empty. Everything but {@code wall_s}, {@code charts/SPS} and the {@code time_*} columns is
 * deterministic for a given config and seed.
 */
final class MetricsLog implements AutoCloseable {
    static final String HEADER = "global_step,updates,samples,episodes,flops,flops_sim,flops_act,flops_learn,flops_learn_fwd,"
            + "flops_learn_bwd,flops_optim,flops_eval,wall_s,time_rollout_s,time_learn_s,episodic_return,charts/episodic_return,"
            + "charts/SPS,charts/learning_rate,losses/total,losses/policy,losses/value,losses/entropy,losses/kl,"
            + "losses/temperature,losses/eta,losses/alpha,losses/clipfrac,losses/grad_norm";

    private final BufferedWriter w;

    MetricsLog(Path file, boolean append) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean exists = append && Files.exists(file);
            w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    exists ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            if (!exists) {
                w.write(HEADER);
                w.newLine();
                w.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keeps the header and the complete rows of {@code file} up to {@code globalStep} (a resumed run
     * appends from its checkpoint; rows a killed run logged after it, or a torn last line, go).
     */
    static void dropRowsAfter(Path file, long globalStep) {
        if (!Files.exists(file)) return;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int columns = HEADER.split(",", -1).length;
            StringBuilder sb = new StringBuilder(HEADER).append('\n');
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",", -1);
                if (f.length != columns) continue;
                try {
                    if (Long.parseLong(f[0]) > globalStep) continue;
                } catch (NumberFormatException e) {
                    continue;
                }
                sb.append(lines.get(i)).append('\n');
            }
            Files2.writeAtomically(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    void row(TrainingProgress p, Trainer.Diagnostics d, FlopLedger l, long rolloutNanos, long learnNanos) {
        long learn = l.flops(FlopCategory.LEARN_FWD) + l.flops(FlopCategory.LEARN_BWD) + l.flops(FlopCategory.OPTIM);
        double sps = p.wallSeconds() > 0 ? p.globalStep() / p.wallSeconds() : 0;
        StringBuilder sb = new StringBuilder(256);
        sb.append(p.globalStep()).append(',').append(p.updates()).append(',').append(p.samples()).append(',').append(p.episodes())
                .append(',').append(p.trainingFlops()).append(',').append(l.flops(FlopCategory.SIM))
                .append(',').append(l.flops(FlopCategory.ACT)).append(',').append(learn)
                .append(',').append(l.flops(FlopCategory.LEARN_FWD)).append(',').append(l.flops(FlopCategory.LEARN_BWD))
                .append(',').append(l.flops(FlopCategory.OPTIM)).append(',').append(l.flops(FlopCategory.EVAL));
        num(sb, p.wallSeconds());
        num(sb, rolloutNanos * 1e-9);
        num(sb, learnNanos * 1e-9);
        num(sb, p.episodicReturn());
        num(sb, p.episodicReturn());
        num(sb, sps);
        num(sb, d.lr());
        num(sb, d.total());
        num(sb, d.policy());
        num(sb, d.value());
        num(sb, d.entropy());
        num(sb, d.kl());
        num(sb, d.temperature());
        num(sb, d.eta());
        num(sb, d.alpha());
        num(sb, d.clipFraction());
        num(sb, d.gradNorm());
        try {
            w.write(sb.toString());
            w.newLine();
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to metrics.csv: " + e.getMessage(), e);
        }
    }

    private static void num(StringBuilder sb, double v) {
        sb.append(',');
        if (!Double.isNaN(v)) sb.append(String.format(Locale.ROOT, "%.6g", v));
    }

    @Override
    public void close() {
        try {
            w.close();
        } catch (IOException ignored) {
            // already flushed line by line
        }
    }
}
