package org.flatworld.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A closed-form trial for testing the sweep machinery without training (runner {@code synthetic}).
 * Task j of a level has a difficulty C_j = 1e9 · A^1.5 · (64 / width)^0.3 · e^(0.3·g_j + 0.15·n_seed),
 * with A the product of the knob values, g_j and n_seed standard normal draws from seeded streams;
 * its normalized score at training compute c is 1 / (1 + (C_j / c)^1.5). Nothing here is measured:
 * it exists so that resume, merging, fitting and reporting can be tested in seconds.
 * {@code train.sleepMs} (optional) makes each checkpoint take that long.
 */
public final class SyntheticTrialRunner implements TrialRunner {
    /** Knobs the synthetic runner accepts as axes. */
    public static final List<String> KNOBS = List.of("objects", "zones", "conjuncts", "options", "players", "worldSize",
            "colours", "shapes", "obstacles");

    @Override
    public void validate(SweepConfig config) {
        for (String axis : config.axes().keySet())
            if (!KNOBS.contains(axis))
                throw new IllegalArgumentException("unknown complexity axis '" + axis + "'; allowed: " + String.join(", ", KNOBS));
        for (var e : config.axes().entrySet())
            for (double v : e.getValue())
                if (!(v >= 1)) throw new IllegalArgumentException("axes." + e.getKey() + " level " + v + " is invalid; allowed: ≥ 1");
        if (config.train() != null && !config.train().isObject())
            throw new IllegalArgumentException("train must be an object for the synthetic runner, got " + config.train());
        if (config.train() != null) {
            var it = config.train().fieldNames();
            while (it.hasNext()) {
                String k = it.next();
                if (!k.equals("sleepMs")) throw new IllegalArgumentException("train." + k + ": unknown key; allowed: sleepMs");
            }
        }
    }

    @Override
    public TrialResult run(SweepConfig config, TrialSpec spec, Path workDir, int threads) {
        long start = System.nanoTime();
        long sleepMs = config.train() != null && config.train().has("sleepMs") ? config.train().get("sleepMs").asLong() : 0;
        double area = 1;
        for (double v : spec.knobs().values()) area *= v;
        int width = spec.model().hidden().get(0);
        long params = 0;
        int in = 32;
        for (int h : spec.model().hidden()) { params += (long) in * h + h; in = h; }
        params += (in + 1) * 6L;
        long levelKey = spec.knobs().hashCode();
        Map<String, TrialResult.TestSet> tests = new LinkedHashMap<>();
        Map<String, double[]> difficulty = new LinkedHashMap<>();
        double seedNoise = new SplittableRandom(spec.seed() * 7919 + levelKey).nextDouble(-1, 1) * 1.7;
        for (String split : config.eval().splits()) {
            int n = config.eval().tasks();
            long[] ids = new long[n];
            double[] random = new double[n], oracle = new double[n], diff = new double[n];
            SplittableRandom rng = new SplittableRandom(config.eval().seed() * 31 + levelKey * 17 + split.hashCode());
            double shift = split.equals("test-id") ? 1 : 1.5;
            for (int j = 0; j < n; j++) {
                ids[j] = rng.nextLong();
                random[j] = 2 + rng.nextInt(5);
                oracle[j] = random[j] + 10 + 20 * rng.nextDouble();
                double g = rng.nextDouble(-1.7, 1.7);
                diff[j] = 1e9 * Math.pow(area, 1.5) * shift * Math.pow(64.0 / width, 0.3) * Math.exp(0.3 * g + 0.15 * seedNoise);
            }
            tests.put(split, new TrialResult.TestSet(ids, random, oracle));
            difficulty.put(split, diff);
        }
        double[] schedule = config.budget().schedule();
        List<TrialResult.Checkpoint> cps = new java.util.ArrayList<>();
        for (double c : schedule) {
            if (sleepMs > 0) {
                try { Thread.sleep(sleepMs); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            }
            Map<String, double[]> returns = new LinkedHashMap<>();
            for (String split : config.eval().splits()) {
                TrialResult.TestSet t = tests.get(split);
                double[] d = difficulty.get(split), r = new double[d.length];
                for (int j = 0; j < d.length; j++) {
                    double s = 1 / (1 + Math.pow(d[j] / c, 1.5));
                    r[j] = t.random()[j] + 0.95 * s * (t.oracle()[j] - t.random()[j]);
                }
                returns.put(split, r);
            }
            cps.add(new TrialResult.Checkpoint(c, (long) (c / 1e4), (System.nanoTime() - start) / 1e9, returns));
        }
        double total = config.budget().flops();
        Map<String, Long> flops = new LinkedHashMap<>();
        flops.put("sim", (long) (0.4 * total));
        flops.put("act", (long) (0.1 * total));
        flops.put("learn.fwd", (long) (0.2 * total));
        flops.put("learn.bwd", (long) (0.25 * total));
        flops.put("optim", (long) (0.05 * total));
        flops.put("eval", (long) (0.02 * total));
        Map<String, Double> measures = new LinkedHashMap<>();
        for (var e : spec.knobs().entrySet()) measures.put(e.getKey(), e.getValue());
        measures.put("aggregate", area);
        return new TrialResult(spec, params, measures, tests, cps, flops, (long) (total / 1e4),
                (System.nanoTime() - start) / 1e9, "synthetic");
    }
}
