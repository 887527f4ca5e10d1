package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flatworld.scaling.LawFitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flatworld fit}: the sweep's law fits applied to any (complexity, compute[, seed]) points. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fits power, exponential and saturating laws of compute vs complexity to CSV points.")
public class FitCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "CSV with columns complexity,compute[,seed] (a header line is allowed).")
    Path in;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "20240229", description = "Resampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(in)) throw new UserError("--in " + in + " does not exist");
        List<LawFitter.Point> pts = new ArrayList<>();
        List<String> lines = Files.readAllLines(in);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s*,\\s*");
            if (pts.isEmpty() && i == firstContent(lines) && !isNumber(f[0])) continue; // header
            if (f.length < 2 || f.length > 3)
                throw new UserError(in + " line " + (i + 1) + ": expected complexity,compute[,seed], got '" + line + "'");
            try {
                double x = Double.parseDouble(f[0]), c = Double.parseDouble(f[1]);
                int s = f.length == 3 ? Integer.parseInt(f[2]) : -1;
                if (!(c > 0) || !Double.isFinite(c))
                    throw new UserError(in + " line " + (i + 1) + ": compute must be finite and > 0, got " + f[1]);
                if (!Double.isFinite(x)) throw new UserError(in + " line " + (i + 1) + ": complexity must be finite, got " + f[0]);
                pts.add(new LawFitter.Point(x, c, s));
            } catch (NumberFormatException e) {
                throw new UserError(in + " line " + (i + 1) + ": not a number in '" + line + "'");
            }
        }
        if (pts.size() < 2) throw new UserError(in + ": need at least 2 points, got " + pts.size());
        LawFitter.LawFit fit = new LawFitter(bootstrap, seed).fit(pts);
        if (fit.levels() < 2) throw new UserError(in + ": need at least 2 distinct complexity values, got " + fit.levels());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(fit));
        } else {
            System.out.printf(Locale.ROOT, "%d points, %d levels; chosen: %s%n", fit.points(), fit.levels(), fit.chosen());
            for (var e : fit.forms().entrySet()) {
                System.out.printf(Locale.ROOT, "%-12s held-out error %s dec, rmse %.3f dec%n", e.getKey(),
                        e.getValue().heldoutError() == null ? "-" : String.format(Locale.ROOT, "%.3f", e.getValue().heldoutError()),
                        e.getValue().rmseLog10());
                for (var p : e.getValue().params().entrySet()) {
                    double[] ci = e.getValue().ci().get(p.getKey());
                    System.out.printf(Locale.ROOT, "    %-9s %.5g%s%n", p.getKey(), p.getValue(),
                            ci == null ? "" : String.format(Locale.ROOT, "  [%.5g, %.5g]", ci[0], ci[1]));
                }
            }
        }
        return 0;
    }

    private static int firstContent(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("#")) return i;
        }
        return -1;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
