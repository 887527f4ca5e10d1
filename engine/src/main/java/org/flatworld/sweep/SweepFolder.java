package org.flatworld.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A sweep's folder (docs/SWEEPS.md): {@code config.json} written when the sweep is created, one
 * {@code trials/I/} folder per trial whose {@code result.json}, written last and atomically, marks the
 * trial finished; the merged outputs ({@code trials.csv}, {@code curves.csv}, {@code fit.json},
 * {@code plots/}, {@code report.html}) beside them.
 */
public final class SweepFolder {
    public static final String CONFIG = "config.json";
    public static final String RESULT = "result.json";

    private final Path dir;
    private final SweepConfig config;
    private final List<TrialSpec> trials;

    private SweepFolder(Path dir, SweepConfig config) {
        this.dir = dir;
        this.config = config;
        this.trials = TrialSpec.grid(config);
    }

    /**
     * Creates the sweep folder for {@code config}, or reopens it when it already holds the same config.
     * A folder made with another config, or a non-empty folder that is not a sweep, is refused
     * (IllegalArgumentException) and left untouched.
     */
    public static SweepFolder create(Path dir, SweepConfig config) throws IOException {
        Path cfg = dir.resolve(CONFIG);
        if (Files.isRegularFile(cfg)) {
            SweepConfig old = readConfig(dir);
            if (!old.toJson().equals(config.toJson()))
                throw new IllegalArgumentException(dir + " holds a sweep made with another config (" + firstDifference(old, config)
                        + "); use another --out, or the same config to resume");
            return new SweepFolder(dir, old);
        }
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent())
                    throw new IllegalArgumentException(dir + " exists, is not empty and holds no sweep (" + CONFIG + "); use another --out");
            }
        } else if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists and is not a folder");
        }
        Files.createDirectories(dir.resolve("trials"));
        AtomicFiles.write(cfg, config.toJson());
        return new SweepFolder(dir, config);
    }

    /** Opens an existing sweep folder. */
    public static SweepFolder open(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(CONFIG)))
            throw new IllegalArgumentException(dir + " is not a sweep folder (no " + CONFIG + ")");
        return new SweepFolder(dir, readConfig(dir));
    }

    private static SweepConfig readConfig(Path dir) throws IOException {
        return SweepConfig.parse(Files.readString(dir.resolve(CONFIG)), dir.resolve(CONFIG).toString());
    }

    private static String firstDifference(SweepConfig a, SweepConfig b) {
        JsonNode x = SweepConfig.mapper().valueToTree(a), y = SweepConfig.mapper().valueToTree(b);
        for (Iterator<Map.Entry<String, JsonNode>> it = y.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().equals(x.get(e.getKey()))) return "key '" + e.getKey() + "' differs";
        }
        for (Iterator<String> it = x.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!y.has(k)) return "key '" + k + "' differs";
        }
        return "configs differ";
    }

    public Path dir() { return dir; }

    public SweepConfig config() { return config; }

    public List<TrialSpec> trials() { return trials; }

    public int size() { return trials.size(); }

    public TrialSpec trial(int index) {
        if (index < 0 || index >= trials.size())
            throw new IllegalArgumentException("trial index " + index + " is out of range; allowed: [0, " + (trials.size() - 1) + "]");
        return trials.get(index);
    }

    public Path trialDir(int index) { return dir.resolve("trials").resolve(Integer.toString(index)); }

    public boolean isDone(int index) { return Files.isRegularFile(trialDir(index).resolve(RESULT)); }

    /** Indices of trials without a result, ascending. */
    public List<Integer> pending() {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) if (!isDone(i)) p.add(i);
        return p;
    }

    public TrialResult readResult(int index) throws IOException {
        return SweepConfig.mapper().readValue(trialDir(index).resolve(RESULT).toFile(), TrialResult.class);
    }

    void writeResult(int index, TrialResult r) throws IOException {
        AtomicFiles.write(trialDir(index).resolve(RESULT), SweepConfig.mapper().writeValueAsBytes(r));
    }
}
