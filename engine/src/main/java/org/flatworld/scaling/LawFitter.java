package org.flatworld.scaling;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.commons.math3.util.Pair;

/**
 * Fits the {@link LawForm}s to (complexity, compute) points: least squares on ln C
 * (Levenberg–Marquardt from commons-math3, started from an ordinary regression or, for the
 * changepoint, from a profile grid over the changepoint), 95 % percentile-bootstrap intervals, and
 * model comparison by leave-the-largest-level-out extrapolation error (in decades of compute).
 *
 * <p>Bootstrap: when some complexity level has several points (seeds), points are resampled with
 * replacement within each level (a bootstrap over seeds); otherwise pairs are resampled over all
 * points. The same code path serves the sweep and {@code flatworld fit}.
 */
public final class LawFitter {
    /** A measured point; {@code group} is the seed (or −1 when unknown). */
    public record Point(double complexity, double compute, int group) {}

    /** One fitted form; {@code heldoutError} is null when too few levels remain to fit without the largest. */
    @JsonPropertyOrder({"params", "ci", "heldout_error", "rmse_log10", "n"})
    public record FormFit(Map<String, Double> params, Map<String, double[]> ci,
                          @JsonProperty("heldout_error") Double heldoutError,
                          @JsonProperty("rmse_log10") double rmseLog10, int n,
                          @JsonIgnore double[] theta, @JsonIgnore double[][] bootstrapThetas) {
        /** ln C predicted at x. */
        public double predictLog(LawForm form, double x) { return form.predictLog(theta, x); }

        /** Pointwise percentile-bootstrap interval [lo, hi] of ln C at x, or null without resamples. */
        public double[] bandLog(LawForm form, double x, double level) {
            if (bootstrapThetas == null || bootstrapThetas.length < 10) return null;
            double[] v = new double[bootstrapThetas.length];
            for (int i = 0; i < v.length; i++) v[i] = form.predictLog(bootstrapThetas[i], x);
            Percentile pct = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
            double a = (1 - level) / 2 * 100;
            return new double[] {pct.evaluate(v, a), pct.evaluate(v, 100 - a)};
        }
    }

    /** Every form that could be fitted, and the chosen one (null when none could). */
    @JsonPropertyOrder({"chosen", "forms", "points", "levels", "bootstrap", "bootstrap_mode"})
    public record LawFit(String chosen, Map<String, FormFit> forms, int points, int levels, int bootstrap,
                         @JsonProperty("bootstrap_mode") String bootstrapMode) {}

    private static final int GRID = 64;
    private final int bootstrap;
    private final long seed;

    /** @param bootstrap resamples for the intervals (0 = none); @param seed the resampling seed */
    public LawFitter(int bootstrap, long seed) {
        if (bootstrap < 0 || bootstrap > 1_000_000)
            throw new IllegalArgumentException("bootstrap must be in [0, 1000000], got " + bootstrap);
        this.bootstrap = bootstrap;
        this.seed = seed;
    }

    /** Fits every form that the points allow (positive x for power and saturating, enough levels). */
    public LawFit fit(List<Point> points) {
        for (Point p : points) {
            if (!(p.compute() > 0) || !Double.isFinite(p.compute()))
                throw new IllegalArgumentException("compute must be finite and > 0, got " + p.compute());
            if (!Double.isFinite(p.complexity()))
                throw new IllegalArgumentException("complexity must be finite, got " + p.complexity());
        }
        TreeMap<Double, List<Point>> byLevel = levels(points);
        boolean stratified = false;
        for (List<Point> l : byLevel.values()) stratified |= l.size() > 1;
        Map<String, FormFit> forms = new LinkedHashMap<>();
        String chosen = null;
        double best = Double.POSITIVE_INFINITY;
        int bestParams = Integer.MAX_VALUE;
        for (LawForm form : LawForm.values()) {
            if (byLevel.size() < form.numParams()) continue;
            if (form.needsPositiveX() && byLevel.firstKey() <= 0) continue;
            double[] theta = fitTheta(form, points);
            if (theta == null) continue;
            Map<String, Double> params = new LinkedHashMap<>();
            double[] rep = form.report(theta);
            for (int i = 0; i < rep.length; i++) params.put(form.paramNames().get(i), rep[i]);
            List<double[]> boot = new ArrayList<>();
            Map<String, double[]> ci = intervals(form, byLevel, points, stratified, boot);
            Double held = heldout(form, byLevel);
            double sse = 0;
            for (Point p : points) {
                double r = Math.log(p.compute()) - form.predictLog(theta, p.complexity());
                sse += r * r;
            }
            double rmse = Math.sqrt(sse / points.size()) / Math.log(10);
            forms.put(form.label(), new FormFit(params, ci, held, rmse, points.size(), theta, boot.toArray(new double[0][])));
            double score = held == null ? Double.POSITIVE_INFINITY : held;
            // smallest held-out error wins; ties (within 1e-9 decades) go to the form with fewer parameters
            if (chosen == null || score < best - 1e-9 || (Math.abs(score - best) <= 1e-9 && form.numParams() < bestParams)) {
                chosen = form.label();
                best = score;
                bestParams = form.numParams();
            }
        }
        if (chosen != null && best == Double.POSITIVE_INFINITY) {
            // no held-out error anywhere: fall back on in-sample error with the simplest form first
            double bestRmse = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, FormFit> e : forms.entrySet())
                if (e.getValue().rmseLog10() < bestRmse - 1e-9) { bestRmse = e.getValue().rmseLog10(); chosen = e.getKey(); }
        }
        return new LawFit(chosen, forms, points.size(), byLevel.size(), bootstrap,
                stratified ? "within-level (over seeds)" : "pairs");
    }

    private static TreeMap<Double, List<Point>> levels(List<Point> points) {
        TreeMap<Double, List<Point>> m = new TreeMap<>();
        for (Point p : points) m.computeIfAbsent(p.complexity(), k -> new ArrayList<>()).add(p);
        return m;
    }

    /** Leave-the-largest-level-out: |predicted − observed mean| of log10 C at the largest level. */
    private Double heldout(LawForm form, TreeMap<Double, List<Point>> byLevel) {
        if (byLevel.size() - 1 < form.numParams()) return null;
        List<Point> train = new ArrayList<>();
        for (List<Point> l : byLevel.headMap(byLevel.lastKey(), false).values()) train.addAll(l);
        double[] theta = fitTheta(form, train);
        if (theta == null) return null;
        double x = byLevel.lastKey();
        double obs = 0;
        List<Point> last = byLevel.lastEntry().getValue();
        for (Point p : last) obs += Math.log(p.compute());
        obs /= last.size();
        return Math.abs(form.predictLog(theta, x) - obs) / Math.log(10);
    }

    private Map<String, double[]> intervals(LawForm form, TreeMap<Double, List<Point>> byLevel, List<Point> points,
                                            boolean stratified, List<double[]> thetas) {
        Map<String, double[]> ci = new LinkedHashMap<>();
        if (bootstrap == 0) return ci;
        int k = form.numParams();
        double[][] samples = new double[k][bootstrap];
        int got = 0;
        SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (form.ordinal() + 1)));
        List<List<Point>> levelLists = new ArrayList<>(byLevel.values());
        List<Point> resample = new ArrayList<>(points.size());
        double[] levelMean = new double[levelLists.size()];
        for (int li = 0; li < levelLists.size(); li++) {
            for (Point p : levelLists.get(li)) levelMean[li] += Math.log(p.compute());
            levelMean[li] /= levelLists.get(li).size();
        }
        for (int attempt = 0; got < bootstrap && attempt < 4 * bootstrap; attempt++) {
            resample.clear();
            if (stratified) {
                for (int li = 0; li < levelLists.size(); li++) {
                    List<Point> l = levelLists.get(li);
                    int m = l.size();
                    // within-level deviations rescaled by √(m/(m−1)) so that a few seeds do not shrink the
                    // spread (Davison & Hinkley 1997, §3.2): ln C = level mean + scale · (ln C_j − level mean)
                    double scale = m > 1 ? Math.sqrt(m / (m - 1.0)) : 1.0;
                    for (int i = 0; i < m; i++) {
                        Point p = l.get(rng.nextInt(m));
                        double y = levelMean[li] + scale * (Math.log(p.compute()) - levelMean[li]);
                        resample.add(new Point(p.complexity(), Math.exp(y), p.group()));
                    }
                }
            } else {
                for (int i = 0; i < points.size(); i++) resample.add(points.get(rng.nextInt(points.size())));
                if (levels(resample).size() < k) continue;
            }
            double[] theta = fitTheta(form, resample);
            if (theta == null) continue;
            thetas.add(theta);
            double[] rep = form.report(theta);
            for (int j = 0; j < k; j++) samples[j][got] = rep[j];
            got++;
        }
        if (got < 10) return ci;
        Percentile pct = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        for (int j = 0; j < k; j++) {
            double[] s = Arrays.copyOf(samples[j], got);
            ci.put(form.paramNames().get(j), new double[] {pct.evaluate(s, 2.5), pct.evaluate(s, 97.5)});
        }
        return ci;
    }

    /** Least-squares θ of {@code form} on ln C, or null when the points do not determine it. */
    static double[] fitTheta(LawForm form, List<Point> points) {
        int n = points.size();
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = points.get(i).complexity();
            y[i] = Math.log(points.get(i).compute());
        }
        double[] start = start(form, x, y);
        if (start == null) return null;
        if (form != LawForm.SATURATING) return start; // linear in θ: the regression is the least-squares optimum
        double uMax = Double.NEGATIVE_INFINITY;
        for (double v : x) uMax = Math.max(uMax, Math.log(v));
        try {
            LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                    .start(start).target(y).maxEvaluations(200).maxIterations(200)
                    .model(theta -> model(form, x, theta.toArray()))
                    .build());
            double[] t = opt.getPoint().toArray();
            if (!Double.isFinite(t[0]) || !Double.isFinite(t[1]) || !Double.isFinite(t[2])) return start;
            t[2] = Math.min(t[2], uMax); // beyond the data the changepoint is not identified
            return sse(form, x, y, t) <= sse(form, x, y, start) ? t : start;
        } catch (RuntimeException e) { // no convergence: keep the grid optimum
            return start;
        }
    }

    private static Pair<RealVector, RealMatrix> model(LawForm form, double[] x, double[] theta) {
        double[] v = new double[x.length];
        double[][] jac = new double[x.length][theta.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = form.predictLog(theta, x[i]);
            form.gradient(theta, x[i], jac[i]);
        }
        return new Pair<>(new ArrayRealVector(v, false), new Array2DRowRealMatrix(jac, false));
    }

    private static double sse(LawForm form, double[] x, double[] y, double[] theta) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - form.predictLog(theta, x[i]);
            s += r * r;
        }
        return s;
    }

    /** Ordinary regression for the linear forms; profile grid over the changepoint for the saturating one. */
    private static double[] start(LawForm form, double[] x, double[] y) {
        switch (form) {
            case POWER, EXPONENTIAL -> {
                SimpleRegression r = new SimpleRegression();
                for (int i = 0; i < x.length; i++) r.addData(form == LawForm.POWER ? Math.log(x[i]) : x[i], y[i]);
                double a = r.getIntercept(), b = r.getSlope();
                return Double.isFinite(a) && Double.isFinite(b) ? new double[] {a, b} : null;
            }
            default -> {
                double uMin = Double.POSITIVE_INFINITY, uMax = Double.NEGATIVE_INFINITY;
                for (double v : x) { uMin = Math.min(uMin, Math.log(v)); uMax = Math.max(uMax, Math.log(v)); }
                if (!(uMax > uMin)) return null;
                double[] best = null;
                double bestSse = Double.POSITIVE_INFINITY;
                for (int g = 1; g <= GRID; g++) { // changepoint strictly above the smallest level
                    double u0 = uMin + (uMax - uMin) * g / GRID;
                    SimpleRegression r = new SimpleRegression();
                    for (int i = 0; i < x.length; i++) r.addData(Math.min(Math.log(x[i]), u0), y[i]);
                    double a = r.getIntercept(), b = r.getSlope();
                    if (!Double.isFinite(a) || !Double.isFinite(b)) continue;
                    double[] t = {a, b, u0};
                    double s = sse(form, x, y, t);
                    if (s < bestSse - 1e-12) { bestSse = s; best = t; }
                }
                return best;
            }
        }
    }
}
