package org.flatworld.sweep;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.flatworld.eval.Dominance;
import org.flatworld.eval.GeneralizationMetrics;
import org.flatworld.scaling.LawFitter;

/**
 * The self-contained {@code report.html} of a sweep: plots inlined as PNG data URIs, the fitted laws with
 * their 95 % intervals and held-out errors, the settings, and the FLOP breakdown (simulator vs network).
 */
final class ReportHtml {
    private ReportHtml() {}

    static String render(SweepReport.Merged m, Map<String, SweepPlots.Plot> plots) {
        SweepConfig c = m.folder().config();
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Flatworld sweep: ")
                .append(esc(c.name())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:.6em 0 1.4em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}figure{margin:1em 0 2em}img{max-width:100%;border:1px solid #eee}")
                .append("figcaption{font-size:.9em;color:#555}pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:.85em}")
                .append(".warn{color:#a40}</style></head><body>\n");
        b.append("<h1>Flatworld scaling sweep: ").append(esc(c.name())).append("</h1>\n");
        b.append("<p>").append(m.rows().size()).append(" of ").append(m.total()).append(" trials finished");
        if (m.rows().size() < m.total()) b.append(" <span class=\"warn\">(partial report: rerun with --resume)</span>");
        long censored = m.rows().stream().filter(r -> r.crossing().censored()).count();
        b.append(". Runner: <b>").append(esc(c.runner())).append("</b>")
                .append(". C* = first training compute at which <b>").append(esc(c.threshold().describe()))
                .append("</b> (log-interpolated between checkpoints); ").append(censored)
                .append(" trial(s) never crossed within the budget and are censored (C* &gt; budget); ")
                .append(m.rows().stream().filter(r -> r.crossing().leftCensored()).count())
                .append(" were already at target at the first checkpoint (C* ≤ that compute). Neither kind enters the fits.</p>\n");
        if ("synthetic".equals(c.runner()))
            b.append("<p class=\"warn\">This sweep used the synthetic runner: learning curves come from a closed-form model, "
                    + "not from training. It exercises the pipeline only.</p>\n");

        b.append("<h2>Fitted laws</h2>\n<p>Fits of the frontier C*<sub>min</sub> (minimum over model sizes, per seed) "
                + "versus each complexity measure, least squares on ln C*; intervals are 95 % bootstrap intervals over seeds; "
                + "the chosen form has the smallest error when the largest level is held out and predicted from the others "
                + "(in decades of compute).</p>\n");
        b.append("<table><tr><th class=l>axis</th><th class=l>form</th><th class=l>parameters (95 % CI)</th>"
                + "<th>held-out error (dec)</th><th>rmse (dec)</th><th>points</th></tr>\n");
        for (var e : m.fits().entrySet()) {
            LawFitter.LawFit fit = e.getValue().fit();
            if (fit.forms().isEmpty()) {
                b.append("<tr><td class=l>").append(esc(e.getKey())).append("</td><td class=l colspan=5>no fit: ")
                        .append(fit.points()).append(" exact (uncensored) points</td></tr>\n");
                continue;
            }
            for (var f : fit.forms().entrySet()) {
                boolean chosen = f.getKey().equals(fit.chosen());
                b.append("<tr><td class=l>").append(esc(e.getKey())).append("</td><td class=l>")
                        .append(chosen ? "<b>" + esc(f.getKey()) + "</b> (chosen)" : esc(f.getKey())).append("</td><td class=l>");
                for (var p : f.getValue().params().entrySet()) {
                    double[] ci = f.getValue().ci().get(p.getKey());
                    b.append(esc(p.getKey())).append(" = ").append(g(p.getValue()));
                    if (ci != null) b.append(" [").append(g(ci[0])).append(", ").append(g(ci[1])).append("]");
                    b.append("<br>");
                }
                b.append("</td><td>").append(f.getValue().heldoutError() == null ? "–" : g(f.getValue().heldoutError()))
                        .append("</td><td>").append(g(f.getValue().rmseLog10())).append("</td><td>").append(f.getValue().n())
                        .append("</td></tr>\n");
            }
        }
        b.append("</table>\n<p>Forms: power C* = C0·x<sup>exponent</sup>; exponential C* = C0·e<sup>rate·x</sup>; "
                + "saturating C* = C0·min(x, xsat)<sup>exponent</sup>.</p>\n");

        b.append("<h2>Plots</h2>\n");
        for (SweepPlots.Plot p : plots.values()) {
            b.append("<figure><img alt=\"").append(esc(p.title())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(p.png())).append("\"><figcaption>").append(esc(p.caption()))
                    .append(" (files: plots/").append(esc(p.stem())).append(".png, .svg)</figcaption></figure>\n");
        }

        dominance(b, m, c);

        b.append("<h2>Compute</h2>\n<table><tr><th class=l>category</th><th>FLOPs (all trials)</th><th>share</th></tr>\n");
        long total = 0;
        for (long v : m.flops().values()) total += v;
        Map<String, Long> groups = new LinkedHashMap<>();
        for (var e : m.flops().entrySet()) {
            b.append("<tr><td class=l>").append(esc(e.getKey())).append("</td><td>").append(String.format(Locale.ROOT, "%.4g", (double) e.getValue()))
                    .append("</td><td>").append(pct(e.getValue(), total)).append("</td></tr>\n");
            String grp = e.getKey().equals("sim") ? "simulator (sim)" : e.getKey().equals("eval") ? "evaluation (eval, not training compute)"
                    : "network (act + learn + optim)";
            groups.merge(grp, e.getValue(), Long::sum);
        }
        b.append("</table>\n<table><tr><th class=l>simulator vs network</th><th>FLOPs</th><th>share</th></tr>\n");
        for (var e : groups.entrySet())
            b.append("<tr><td class=l>").append(esc(e.getKey())).append("</td><td>").append(String.format(Locale.ROOT, "%.4g", (double) e.getValue()))
                    .append("</td><td>").append(pct(e.getValue(), total)).append("</td></tr>\n");
        b.append("</table>\n");

        b.append("<h2>Trials</h2>\n<table><tr><th>#</th><th class=l>axis</th><th>level</th><th class=l>model</th><th>params</th>"
                + "<th>seed</th><th class=l>alg</th><th>C*</th><th>final ").append(esc(c.threshold().metric()))
                .append("</th><th>wall s</th></tr>\n");
        for (SweepReport.TrialRow r : m.rows()) {
            TrialSpec s = r.spec();
            double fin = r.curve().get(r.curve().size() - 1).get(c.threshold().split()).get(c.threshold().metric());
            b.append("<tr><td>").append(s.index()).append("</td><td class=l>").append(esc(s.axis())).append("</td><td>")
                    .append(g(s.level())).append("</td><td class=l>").append(esc(s.model().name())).append("</td><td>")
                    .append(r.result().params()).append("</td><td>").append(s.seed()).append("</td><td class=l>")
                    .append(esc(s.algorithm())).append("</td><td>").append(r.crossing().censored() ? "&gt; " : r.crossing().leftCensored() ? "≤ " : "")
                    .append(g(r.crossing().compute())).append("</td><td>").append(g(fin)).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", r.result().wallSeconds())).append("</td></tr>\n");
        }
        b.append("</table>\n<p>Raw data: <code>trials.csv</code>, <code>curves.csv</code> (metrics at every checkpoint), "
                + "<code>fit.json</code>, <code>trials/I/result.json</code>.</p>\n");
        b.append("<h2>Settings</h2>\n<pre>").append(esc(c.toJson())).append("</pre>\n");
        if (!m.rows().isEmpty())
            b.append("<p>Backend: ").append(esc(m.rows().get(0).result().backend())).append(".</p>\n");
        // records in the DOM how many images decoded (read by the headless-browser test; harmless for people)
        b.append("<script>window.addEventListener('load',function(){var n=0,im=document.images;")
                .append("for(var i=0;i<im.length;i++){if(im[i].complete&&im[i].naturalWidth>0)n++;}")
                .append("document.body.setAttribute('data-images',im.length);document.body.setAttribute('data-images-loaded',n);});")
                .append("</script>\n</body></html>\n");
        return b.toString();
    }

    /** Model sizes compared by dominance over (p10, p20, p50) at the last checkpoint, per level (mean over seeds). */
    private static void dominance(StringBuilder b, SweepReport.Merged m, SweepConfig c) {
        if (c.models().size() < 2 || m.rows().isEmpty()) return;
        String split = c.threshold().split();
        Map<String, double[]> vec = new LinkedHashMap<>(); // "axis level alg" + model → (p10, p20, p50, n)
        for (SweepReport.TrialRow r : m.rows()) {
            GeneralizationMetrics g = r.curve().get(r.curve().size() - 1).get(split);
            if (g.isEmpty()) continue;
            String key = r.spec().axis() + "|" + r.spec().level() + "|" + r.spec().algorithm() + "|" + r.spec().model().name();
            double[] v = vec.computeIfAbsent(key, k -> new double[4]);
            double[] p = Dominance.vector(g);
            for (int i = 0; i < 3; i++) v[i] += p[i];
            v[3]++;
        }
        b.append("<h2>Dominance between model sizes</h2>\n<p>At the last checkpoint on ").append(esc(split))
                .append(", percentile vectors (p10, p20, p50) of normalized scores, mean over seeds; A dominates B when it is ")
                .append("at least as good on every percentile and better on one (XLand).</p>\n")
                .append("<table><tr><th class=l>axis</th><th>level</th><th class=l>A</th><th class=l>B</th><th class=l>A vs B</th>")
                .append("<th class=l>A (p10, p20, p50)</th><th class=l>B (p10, p20, p50)</th></tr>\n");
        java.util.Set<String> levels = new java.util.LinkedHashSet<>();
        for (String k : vec.keySet()) levels.add(k.substring(0, k.lastIndexOf('|')));
        for (String lv : levels) {
            String[] parts = lv.split("\\|");
            for (int i = 0; i < c.models().size(); i++)
                for (int j = i + 1; j < c.models().size(); j++) {
                    double[] a = vec.get(lv + "|" + c.models().get(i).name()), bb = vec.get(lv + "|" + c.models().get(j).name());
                    if (a == null || bb == null) continue;
                    double[] va = {a[0] / a[3], a[1] / a[3], a[2] / a[3]}, vb = {bb[0] / bb[3], bb[1] / bb[3], bb[2] / bb[3]};
                    b.append("<tr><td class=l>").append(esc(parts[0])).append("</td><td>").append(g(Double.parseDouble(parts[1])))
                            .append("</td><td class=l>").append(esc(c.models().get(i).name())).append("</td><td class=l>")
                            .append(esc(c.models().get(j).name())).append("</td><td class=l>")
                            .append(Dominance.compare(va, vb).name().toLowerCase(Locale.ROOT)).append("</td><td class=l>")
                            .append(vecStr(va)).append("</td><td class=l>").append(vecStr(vb)).append("</td></tr>\n");
                }
        }
        b.append("</table>\n");
    }

    private static String vecStr(double[] v) { return "(" + g(v[0]) + ", " + g(v[1]) + ", " + g(v[2]) + ")"; }

    private static String pct(long v, long total) {
        return total == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * v / total);
    }

    static String g(double v) {
        if (Double.isNaN(v)) return "–";
        return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v != 0)
                ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
