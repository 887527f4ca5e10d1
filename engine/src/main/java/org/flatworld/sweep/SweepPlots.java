package org.flatworld.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flatworld.eval.GeneralizationMetrics;
import org.flatworld.scaling.LawFitter;
import org.flatworld.scaling.LawForm;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.graphics2d.svg.SVGGraphics2D;

/**
 * The sweep's plots, each as PNG and SVG (JFreeChart + JFreeSVG): learning curves per level, C* versus
 * complexity on log axes with the fitted laws and the chosen law's 95 % bootstrap band, and C* per model
 * size with the frontier.
 */
public final class SweepPlots {
    static { System.setProperty("java.awt.headless", "true"); }

    /** A written plot: file stem under plots/, title, the PNG bytes (for inlining) and a caption. */
    public record Plot(String stem, String title, byte[] png, String caption) {}

    private static final int W = 760, H = 470;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22)};

    private SweepPlots() {}

    static Map<String, Plot> write(SweepReport.Merged m, Path dir) throws IOException {
        Map<String, Plot> out = new LinkedHashMap<>();
        SweepConfig c = m.folder().config();
        List<String> axes = new ArrayList<>();
        for (SweepReport.TrialRow r : m.rows()) if (!axes.contains(r.spec().axis())) axes.add(r.spec().axis());
        for (String axis : axes) {
            Plot p = curves(m, axis);
            save(p, chartOf(p), dir, out);
        }
        for (var e : m.fits().entrySet()) {
            String key = e.getKey().replace('/', '_');
            JFreeChart ch = cstar(e.getValue(), c);
            Plot p = new Plot("cstar_" + key, "C* vs " + e.getValue().measure() + " (" + e.getValue().algorithm() + ")", null,
                    "Compute to reach " + c.threshold().describe() + " (frontier over model sizes, one point per seed; "
                            + "open triangles: censored, the target was not reached within the budget — a lower bound; "
                            + "open inverted triangles: already at target at the first checkpoint — an upper bound; neither enters the fits). "
                            + "Lines: fitted laws; band: 95 % bootstrap interval of the chosen law.");
            save(p, ch, dir, out);
            if (!e.getKey().startsWith("joint")) {
                Plot f = new Plot("frontier_" + key, "C* per model size, " + e.getValue().axis() + " (" + e.getValue().algorithm() + ")",
                        null, "C* per model size (geometric mean over the seeds that crossed) and the frontier C*_min (dashed).");
                save(f, frontier(m, e.getValue(), c), dir, out);
            }
        }
        return out;
    }

    private static final Map<Plot, JFreeChart> CHARTS = new java.util.IdentityHashMap<>();

    private static JFreeChart chartOf(Plot p) { return CHARTS.remove(p); }

    private static void save(Plot p, JFreeChart chart, Path dir, Map<String, Plot> out) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, W, H);
        SVGGraphics2D g = new SVGGraphics2D(W, H);
        chart.draw(g, new Rectangle(0, 0, W, H));
        AtomicFiles.write(dir.resolve(p.stem() + ".png"), png.toByteArray());
        AtomicFiles.write(dir.resolve(p.stem() + ".svg"), g.getSVGDocument());
        out.put(p.stem(), new Plot(p.stem(), p.title(), png.toByteArray(), p.caption()));
    }

    /** Learning curves: the threshold metric against training FLOPs, per (level, model), mean over seeds. */
    private static Plot curves(SweepReport.Merged m, String axis) {
        SweepConfig c = m.folder().config();
        String metric = c.threshold().metric(), split = c.threshold().split();
        TreeMap<Double, Map<String, double[][]>> acc = new TreeMap<>(); // level → model → (checkpoint, {flops, metric, n})
        for (SweepReport.TrialRow r : m.rows()) {
            if (!r.spec().axis().equals(axis)) continue;
            String key = r.spec().model().name() + (c.algorithms().size() > 1 ? " " + r.spec().algorithm() : "");
            double[][] a = acc.computeIfAbsent(r.spec().level(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(key, k -> new double[r.curve().size()][3]);
            for (int k = 0; k < Math.min(a.length, r.curve().size()); k++) {
                GeneralizationMetrics g = r.curve().get(k).get(split);
                double v = g.get(metric);
                if (Double.isNaN(v)) continue;
                a[k][0] += Math.log(r.result().checkpoints().get(k).flops());
                a[k][1] += v;
                a[k][2]++;
            }
        }
        XYSeriesCollection ds = new XYSeriesCollection();
        for (var lv : acc.entrySet())
            for (var md : lv.getValue().entrySet()) {
                XYSeries s = new XYSeries(axis + "=" + SweepReport.num(lv.getKey()) + ", " + md.getKey(), false, true);
                for (double[] p : md.getValue()) if (p[2] > 0) s.add(Math.exp(p[0] / p[2]), p[1] / p[2]);
                ds.addSeries(s);
            }
        LogAxis x = logAxis("training FLOPs");
        NumberAxis y = new NumberAxis(metric + " on " + split);
        y.setRange(0, 1.05);
        XYLineAndShapeRenderer rend = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < ds.getSeriesCount(); i++) {
            rend.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            rend.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            rend.setSeriesStroke(i, i / PALETTE.length % 2 == 0 ? new BasicStroke(1.6f) : dashed());
        }
        XYPlot plot = new XYPlot(ds, x, y, rend);
        ValueMarker target = new ValueMarker(c.threshold().target(), Color.DARK_GRAY, dashed());
        plot.addRangeMarker(target);
        style(plot);
        JFreeChart chart = new JFreeChart("Learning curves by " + axis, new Font("SansSerif", Font.BOLD, 15), plot, true);
        Plot p = new Plot("curves_" + axis, "Learning curves by " + axis, null,
                metric + " on " + split + " against training FLOPs (eval excluded), per level and model size, mean over seeds; "
                        + "dashed line: the target " + c.threshold().target() + ".");
        CHARTS.put(p, chart);
        return p;
    }

    private static JFreeChart cstar(SweepReport.AxisFit af, SweepConfig c) {
        XYPlot plot = new XYPlot();
        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
        XYSeries crossed = new XYSeries("C* (per seed)", false, true), cens = new XYSeries("censored (lower bound)", false, true);
        XYSeries early = new XYSeries("at target at 1st checkpoint (upper bound)", false, true);
        double ymin = Double.POSITIVE_INFINITY, ymax = 0;
        for (SweepReport.FrontierPoint p : af.points()) {
            (p.censored() ? cens : p.early() ? early : crossed).add(p.complexity(), p.compute());
            xmin = Math.min(xmin, p.complexity());
            xmax = Math.max(xmax, p.complexity());
            ymin = Math.min(ymin, p.compute());
            ymax = Math.max(ymax, p.compute());
        }
        XYSeriesCollection pts = new XYSeriesCollection();
        pts.addSeries(crossed);
        pts.addSeries(cens);
        pts.addSeries(early);
        XYLineAndShapeRenderer pr = new XYLineAndShapeRenderer(false, true);
        pr.setSeriesPaint(0, Color.BLACK);
        pr.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        pr.setSeriesPaint(1, new Color(0xd62728));
        pr.setSeriesShape(1, triangle());
        pr.setSeriesShapesFilled(1, false);
        pr.setSeriesPaint(2, new Color(0x2ca02c));
        pr.setSeriesShape(2, invertedTriangle());
        pr.setSeriesShapesFilled(2, false);
        plot.setDataset(0, pts);
        plot.setRenderer(0, pr);
        LawFitter.LawFit fit = af.fit();
        boolean positive = xmin > 0;
        if (fit != null && fit.chosen() != null && xmax > xmin) {
            double lo = xmin, hi = xmax;
            XYSeriesCollection lines = new XYSeriesCollection();
            YIntervalSeriesCollection band = new YIntervalSeriesCollection();
            XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
            int i = 0;
            for (var e : fit.forms().entrySet()) {
                LawForm form = LawForm.fromLabel(e.getKey());
                LawFitter.FormFit ff = e.getValue();
                boolean chosen = e.getKey().equals(fit.chosen());
                XYSeries s = new XYSeries(e.getKey() + (chosen ? " (chosen)" : "") + heldout(ff), false, true);
                YIntervalSeries b = chosen ? new YIntervalSeries("95 % band (" + e.getKey() + ")") : null;
                for (int k = 0; k <= 60; k++) {
                    double x = positive ? lo * Math.pow(hi / lo, k / 60.0) : lo + (hi - lo) * k / 60.0;
                    double y = Math.exp(ff.predictLog(form, x));
                    s.add(x, y);
                    if (b != null) {
                        double[] bl = ff.bandLog(form, x, 0.95);
                        if (bl != null) b.add(x, y, Math.exp(bl[0]), Math.exp(bl[1]));
                    }
                }
                lines.addSeries(s);
                lr.setSeriesPaint(i, PALETTE[(i + 1) % PALETTE.length]);
                lr.setSeriesStroke(i, chosen ? new BasicStroke(2.2f) : dashed());
                if (b != null && b.getItemCount() > 0) band.addSeries(b);
                i++;
            }
            plot.setDataset(1, lines);
            plot.setRenderer(1, lr);
            if (band.getSeriesCount() > 0) {
                DeviationRenderer dr = new DeviationRenderer(true, false);
                dr.setSeriesPaint(0, new Color(0x1f77b4));
                dr.setSeriesFillPaint(0, new Color(0x1f77b4));
                dr.setAlpha(0.18f);
                plot.setDataset(2, band);
                plot.setRenderer(2, dr);
            }
        }
        ValueAxis x = positive ? complexityAxis(af.measure()) : new NumberAxis(af.measure());
        ValueAxis y = logAxis("C* (training FLOPs)");
        // JFreeChart refuses zero-length auto ranges: fix the range around a single value before attaching
        if (!(xmax > xmin * 1.001) && Double.isFinite(xmin)) widen(x, xmin, positive);
        if (!(ymax > ymin * 1.001) && ymax > 0 && (fit == null || fit.chosen() == null || !(xmax > xmin)))
            widen(y, ymin, true);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        style(plot);
        return new JFreeChart("C* vs " + af.measure() + " — " + c.threshold().describe(), new Font("SansSerif", Font.BOLD, 14), plot, true);
    }

    private static String heldout(LawFitter.FormFit f) {
        return f.heldoutError() == null ? "" : String.format(java.util.Locale.ROOT, ", held-out err %.2f dec", f.heldoutError());
    }

    private static JFreeChart frontier(SweepReport.Merged m, SweepReport.AxisFit af, SweepConfig c) {
        XYSeriesCollection ds = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (SweepConfig.Model model : c.models()) {
            TreeMap<Double, double[]> acc = new TreeMap<>();
            for (SweepReport.TrialRow row : m.rows()) {
                if (!row.spec().axis().equals(af.axis()) || !row.spec().algorithm().equals(af.algorithm())
                        || !row.spec().model().name().equals(model.name()) || !row.crossing().exact()) continue;
                double[] a = acc.computeIfAbsent(row.spec().level(), k -> new double[2]);
                a[0] += Math.log(row.crossing().compute());
                a[1]++;
            }
            XYSeries s = new XYSeries(model.name() + " (" + model.describe() + ")", false, true);
            for (var e : acc.entrySet()) s.add(e.getKey().doubleValue(), Math.exp(e.getValue()[0] / e.getValue()[1]));
            ds.addSeries(s);
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
            i++;
        }
        XYSeries f = new XYSeries("frontier C*_min", false, true);
        for (SweepReport.LevelSummary l : af.levels()) if (l.compute() != null) f.add(l.complexity(), l.compute().doubleValue());
        ds.addSeries(f);
        r.setSeriesPaint(i, Color.BLACK);
        r.setSeriesStroke(i, dashed());
        r.setSeriesShapesVisible(i, false);
        boolean positive = af.points().stream().allMatch(p -> p.complexity() > 0);
        double xlo = Double.POSITIVE_INFINITY, xhi = Double.NEGATIVE_INFINITY, ylo = Double.POSITIVE_INFINITY, yhi = 0;
        for (int k = 0; k < ds.getSeriesCount(); k++)
            for (int q = 0; q < ds.getItemCount(k); q++) {
                xlo = Math.min(xlo, ds.getXValue(k, q));
                xhi = Math.max(xhi, ds.getXValue(k, q));
                ylo = Math.min(ylo, ds.getYValue(k, q));
                yhi = Math.max(yhi, ds.getYValue(k, q));
            }
        if (xhi < xlo) { // nothing crossed anywhere: an empty frame over the levels
            xlo = af.points().stream().mapToDouble(SweepReport.FrontierPoint::complexity).min().orElse(1);
            xhi = af.points().stream().mapToDouble(SweepReport.FrontierPoint::complexity).max().orElse(1);
            ylo = yhi = af.points().stream().mapToDouble(SweepReport.FrontierPoint::compute).max().orElse(1);
        }
        ValueAxis xa = positive ? complexityAxis(af.axis()) : new NumberAxis(af.axis());
        ValueAxis ya = logAxis("C* (training FLOPs)");
        if (!(xhi > xlo * 1.001)) widen(xa, xlo, positive);
        if (!(yhi > ylo * 1.001)) widen(ya, ylo, true);
        XYPlot plot = new XYPlot(ds, xa, ya, r);
        style(plot);
        return new JFreeChart("C* per model size by " + af.axis(), new Font("SansSerif", Font.BOLD, 15), plot, true);
    }

    /** Gives an axis a visible range around a single value (JFreeChart refuses zero-length ranges). */
    private static void widen(ValueAxis axis, double v, boolean log) {
        if (log && v > 0) axis.setRange(v / 4, v * 4);
        else axis.setRange(v - 1, v + 1);
    }

    private static LogAxis logAxis(String label) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setSmallestValue(1e-300);
        return a;
    }

    /** A log axis for complexity levels: ticks at powers of two, plain numbers. */
    private static LogAxis complexityAxis(String label) {
        LogAxis a = logAxis(label);
        a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(Math.log10(2)));
        a.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));
        return a;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    private static Shape invertedTriangle() {
        Path2D.Double t = new Path2D.Double();
        t.moveTo(0, 5);
        t.lineTo(4.5, -4);
        t.lineTo(-4.5, -4);
        t.closePath();
        return t;
    }

    private static Shape triangle() {
        Path2D.Double t = new Path2D.Double();
        t.moveTo(0, -5);
        t.lineTo(4.5, 4);
        t.lineTo(-4.5, 4);
        t.closePath();
        return t;
    }
}
