package org.flatworld.sweep;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.flatworld.eval.GeneralizationMetrics;
import org.flatworld.eval.Normalization;
import org.flatworld.eval.ReferenceTable;
import org.flatworld.scaling.ComputeThreshold;
import org.flatworld.scaling.LawFitter;

/**
 * Merges a sweep folder's finished trials into {@code trials.csv}, {@code curves.csv}, {@code fit.json},
 * {@code plots/} and {@code report.html} (CONTRACT.md). Normalization uses one reference table built
 * from every finished trial (R_ref = best of oracle and every agent checkpoint on that task), so the
 * outputs depend only on which trials finished, never on their order.
 */
public final class SweepReport {
    /** A trial's row: its spec, result, metrics per checkpoint on the threshold split, and C*. */
    public record TrialRow(TrialSpec spec, TrialResult result, List<Map<String, GeneralizationMetrics>> curve,
                           ComputeThreshold.Crossing crossing) {}

    /**
     * One point of a frontier: C*_min over model sizes for a (level, seed); {@code censored} when no model
     * crossed (compute is a lower bound), {@code early} when the best model was already at target at the
     * first checkpoint (compute is an upper bound). Only exact points enter the fits.
     */
    @JsonPropertyOrder({"complexity", "seed", "compute", "censored", "early", "model"})
    public record FrontierPoint(double complexity, long seed, double compute, boolean censored, boolean early, String model) {
        public boolean exact() { return !censored && !early; }
    }

    /** fit.json's entry for one axis (or the joint fit). */
    @JsonPropertyOrder({"axis", "algorithm", "measure", "points", "levels", "fit"})
    public record AxisFit(String axis, String algorithm, String measure, List<FrontierPoint> points,
                          List<LevelSummary> levels, LawFitter.LawFit fit) {}

    /** Per level: geometric mean of the seeds' exact frontier C* with its min–max across seeds; {@code censored} counts the others. */
    @JsonPropertyOrder({"complexity", "compute", "ci", "censored", "seeds"})
    public record LevelSummary(double complexity, Double compute, double[] ci, int censored, int seeds) {}

    /** Everything merged, for plots and the report. */
    public record Merged(SweepFolder folder, List<TrialRow> rows, Map<String, AxisFit> fits, int total,
                         Map<String, Long> flops) {}

    private SweepReport() {}

    /** Reads finished trials and computes metrics, C* and fits (writes nothing). */
    public static Merged merge(SweepFolder folder) throws IOException {
        SweepConfig c = folder.config();
        List<TrialResult> results = new ArrayList<>();
        for (int i = 0; i < folder.size(); i++) if (folder.isDone(i)) results.add(folder.readResult(i));
        ReferenceTable ref = new ReferenceTable();
        for (TrialResult r : results)
            for (var e : r.tests().entrySet()) {
                ref.offerAll(e.getValue().ids(), e.getValue().oracle());
                for (TrialResult.Checkpoint cp : r.checkpoints()) ref.offerAll(e.getValue().ids(), cp.returns().get(e.getKey()));
            }
        List<TrialRow> rows = new ArrayList<>();
        Map<String, Long> flops = new LinkedHashMap<>();
        for (TrialResult r : results) {
            List<Map<String, GeneralizationMetrics>> curve = new ArrayList<>();
            double[] comp = new double[r.checkpoints().size()], metric = new double[comp.length];
            for (int k = 0; k < comp.length; k++) {
                TrialResult.Checkpoint cp = r.checkpoints().get(k);
                Map<String, GeneralizationMetrics> m = new LinkedHashMap<>();
                for (var e : r.tests().entrySet()) {
                    TrialResult.TestSet t = e.getValue();
                    m.put(e.getKey(), Normalization.metrics(e.getKey(), cp.returns().get(e.getKey()), t.random(), ref.get(t.ids())));
                }
                curve.add(m);
                comp[k] = cp.flops();
                metric[k] = m.get(c.threshold().split()).get(c.threshold().metric());
            }
            ComputeThreshold.Crossing x = ComputeThreshold.first(comp, metric, c.threshold().target());
            rows.add(new TrialRow(r.spec(), r, curve, x));
            for (var e : r.flops().entrySet()) flops.merge(e.getKey(), e.getValue(), Long::sum);
        }
        return new Merged(folder, rows, fits(c, rows), folder.size(), flops);
    }

    /**
     * Frontier points and law fits per axis (× algorithm), plus the joint fit of every trial's frontier against
     * the aggregate complexity measure the runner reports ({@code measures.aggregate}; for the train runner
     * log10 log|Π|), whenever it takes at least two values.
     */
    static Map<String, AxisFit> fits(SweepConfig c, List<TrialRow> rows) {
        Map<String, AxisFit> out = new LinkedHashMap<>();
        boolean multiAlg = c.algorithms().size() > 1;
        LawFitter fitter = new LawFitter(c.bootstrapOrDefault(), 20240229L);
        for (String alg : c.algorithms()) {
            List<String> axes = new ArrayList<>();
            for (TrialRow r : rows) if (!axes.contains(r.spec().axis())) axes.add(r.spec().axis());
            List<FrontierPoint> joint = new ArrayList<>();
            for (String axis : axes) {
                List<FrontierPoint> pts = frontier(rows, alg, r -> r.spec().axis().equals(axis), r -> r.spec().level());
                out.put(multiAlg ? axis + "/" + alg : axis, axisFit(fitter, axis, alg, axis, pts));
            }
            boolean hasAggregate = !rows.isEmpty() && rows.stream().allMatch(r -> r.result().measures().containsKey("aggregate"));
            if (hasAggregate && rows.stream().mapToDouble(r -> r.result().measures().get("aggregate")).distinct().count() >= 2) {
                joint = frontier(rows, alg, r -> true, r -> r.result().measures().get("aggregate"));
                out.put(multiAlg ? "joint/" + alg : "joint", axisFit(fitter, "joint", alg, "aggregate", joint));
            }
        }
        return out;
    }

    private static AxisFit axisFit(LawFitter fitter, String axis, String alg, String measure, List<FrontierPoint> pts) {
        List<LawFitter.Point> fitPts = new ArrayList<>();
        for (FrontierPoint p : pts) if (p.exact()) fitPts.add(new LawFitter.Point(p.complexity(), p.compute(), (int) p.seed()));
        LawFitter.LawFit fit = fitPts.isEmpty() ? new LawFitter.LawFit(null, Map.of(), 0, 0, 0, "none") : fitter.fit(fitPts);
        return new AxisFit(axis, alg, measure, pts, levels(pts), fit);
    }

    static List<LevelSummary> levels(List<FrontierPoint> pts) {
        TreeMap<Double, List<FrontierPoint>> by = new TreeMap<>();
        for (FrontierPoint p : pts) by.computeIfAbsent(p.complexity(), k -> new ArrayList<>()).add(p);
        List<LevelSummary> out = new ArrayList<>();
        for (var e : by.entrySet()) {
            double s = 0, lo = Double.POSITIVE_INFINITY, hi = 0;
            int n = 0, cens = 0;
            for (FrontierPoint p : e.getValue()) {
                if (!p.exact()) { cens++; continue; }
                s += Math.log(p.compute());
                n++;
                lo = Math.min(lo, p.compute());
                hi = Math.max(hi, p.compute());
            }
            out.add(n == 0 ? new LevelSummary(e.getKey(), null, null, cens, e.getValue().size())
                    : new LevelSummary(e.getKey(), Math.exp(s / n), new double[] {lo, hi}, cens, e.getValue().size()));
        }
        return out;
    }

    /** C*_min over model sizes per (complexity, seed) among the rows that pass {@code keep}. */
    static List<FrontierPoint> frontier(List<TrialRow> rows, String alg, java.util.function.Predicate<TrialRow> keep,
                                        java.util.function.ToDoubleFunction<TrialRow> x) {
        Map<String, FrontierPoint> best = new LinkedHashMap<>();
        for (TrialRow r : rows) {
            if (!r.spec().algorithm().equals(alg) || !keep.test(r)) continue;
            double cx = x.applyAsDouble(r);
            String key = cx + "/" + r.spec().seed();
            FrontierPoint p = new FrontierPoint(cx, r.spec().seed(), r.crossing().compute(), r.crossing().censored(),
                    r.crossing().leftCensored(), r.spec().model().name());
            FrontierPoint old = best.get(key);
            if (old == null || better(p, old)) best.put(key, p);
        }
        return new ArrayList<>(best.values());
    }

    private static boolean better(FrontierPoint p, FrontierPoint old) {
        if (p.censored() != old.censored()) return !p.censored();
        return p.censored() ? p.compute() > old.compute() : p.compute() < old.compute();
    }

    /** Writes every output of the sweep into its folder; returns what was merged. */
    public static Merged write(SweepFolder folder) throws IOException {
        Merged m = merge(folder);
        Path dir = folder.dir();
        AtomicFiles.write(dir.resolve("trials.csv"), trialsCsv(m));
        AtomicFiles.write(dir.resolve("curves.csv"), curvesCsv(m));
        AtomicFiles.write(dir.resolve("fit.json"), fitJson(m));
        Map<String, SweepPlots.Plot> plots = SweepPlots.write(m, dir.resolve("plots"));
        AtomicFiles.write(dir.resolve("report.html"), ReportHtml.render(m, plots));
        return m;
    }

    /** fit.json: threshold, per axis the frontier points, level summaries and fitted forms. */
    public static String fitJson(Merged m) throws IOException {
        SweepConfig c = m.folder().config();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("threshold", c.threshold());
        root.put("trials", m.total());
        root.put("finished", m.rows().size());
        root.put("axes", m.fits());
        return SweepConfig.mapper().writeValueAsString(root) + "\n";
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String trialsCsv(Merged m) {
        SweepConfig c = m.folder().config();
        String metric = c.threshold().metric();
        StringBuilder b = new StringBuilder("index,axis,level,model,model_type,hidden,params,seed,algorithm,aggregate,"
                + "threshold_metric,threshold_target,cstar,censored,final_metric,final_mean,final_above_0.8,"
                + "flops_train,flops_sim,flops_act,flops_learn_fwd,flops_learn_bwd,flops_optim,flops_eval,samples,wall_s\n");
        for (TrialRow r : m.rows()) {
            TrialSpec s = r.spec();
            TrialResult res = r.result();
            GeneralizationMetrics last = r.curve().get(r.curve().size() - 1).get(c.threshold().split());
            Map<String, Long> f = res.flops();
            long train = 0;
            for (var e : f.entrySet()) if (!e.getKey().equals("eval")) train += e.getValue();
            Double agg = res.measures().get("aggregate");
            b.append(s.index()).append(',').append(s.axis()).append(',').append(num(s.level())).append(',')
                    .append(s.model().name()).append(',').append(s.model().type()).append(',')
                    .append(String.join("x", s.model().hidden().stream().map(String::valueOf).toList())).append(',')
                    .append(res.params()).append(',').append(s.seed()).append(',').append(s.algorithm()).append(',')
                    .append(agg == null ? "" : num(agg)).append(',').append(metric).append(',').append(num(c.threshold().target()))
                    .append(',').append(num(r.crossing().compute())).append(',').append(r.crossing().censored()).append(',')
                    .append(num(last.get(metric))).append(',').append(num(last.mean())).append(',')
                    .append(num(last.get("above[0.8]"))).append(',').append(train);
            for (String k : new String[] {"sim", "act", "learn.fwd", "learn.bwd", "optim", "eval"})
                b.append(',').append(f.getOrDefault(k, 0L));
            b.append(',').append(res.samples()).append(',').append(String.format(Locale.ROOT, "%.3f", res.wallSeconds())).append('\n');
        }
        return b.toString();
    }

    static String curvesCsv(Merged m) {
        StringBuilder b = new StringBuilder("index,axis,level,model,seed,algorithm,checkpoint,flops,samples,wall_s,split,tasks,"
                + "excluded,mean,above_0.5,above_0.8,above_0.9,lowest10,lowest20,p10,p20,p50,participation\n");
        for (TrialRow r : m.rows()) {
            TrialSpec s = r.spec();
            for (int k = 0; k < r.curve().size(); k++) {
                TrialResult.Checkpoint cp = r.result().checkpoints().get(k);
                for (GeneralizationMetrics g : r.curve().get(k).values()) {
                    b.append(s.index()).append(',').append(s.axis()).append(',').append(num(s.level())).append(',')
                            .append(s.model().name()).append(',').append(s.seed()).append(',').append(s.algorithm()).append(',')
                            .append(k).append(',').append(num(cp.flops())).append(',').append(cp.samples()).append(',')
                            .append(String.format(Locale.ROOT, "%.3f", cp.wallSeconds())).append(',').append(g.split()).append(',')
                            .append(g.tasks()).append(',').append(g.excluded()).append(',').append(num(g.mean()));
                    for (double t : GeneralizationMetrics.THRESHOLDS) b.append(',').append(num(g.above().get(GeneralizationMetrics.key(t))));
                    b.append(',').append(num(g.lowest10())).append(',').append(num(g.lowest20())).append(',').append(num(g.p10()))
                            .append(',').append(num(g.p20())).append(',').append(num(g.p50())).append(',')
                            .append(num(g.participation())).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** Whether every trial of the folder has finished. */
    public static boolean complete(SweepFolder folder) { return folder.pending().isEmpty(); }

    /** Writes outputs only if something finished (an empty sweep has nothing to report). */
    public static boolean writeIfAny(SweepFolder folder) throws IOException {
        if (folder.pending().size() == folder.size()) return false;
        write(folder);
        return true;
    }

    static boolean exists(Path p) { return Files.exists(p); }
}
