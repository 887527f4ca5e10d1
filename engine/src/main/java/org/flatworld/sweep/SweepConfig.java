package org.flatworld.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.flatworld.eval.GeneralizationMetrics;

/**
 * A scaling sweep (SPEC §9): complexity axes × model sizes × seeds × algorithms, each trial trained to
 * a FLOP budget and evaluated at log-spaced checkpoints. Read from JSON; unknown keys and
 * out-of-range values are rejected with a message naming the key, the value and the allowed range.
 *
 * @param name           label shown in the report
 * @param runner         trial function: {@code train} (V-MPO/PPO on Flatworld tasks) or {@code synthetic}
 *                       (a closed-form learning curve, for testing the sweep machinery)
 * @param base           the complexity every level starts from: a preset name or an object of knobs
 *                       (interpreted by the runner)
 * @param axes           complexity knob → its levels (numbers)
 * @param axesMode       {@code separate}: each axis varied alone from {@code base}; {@code product}: the full grid
 * @param models         model sizes
 * @param seeds          training seeds
 * @param algorithms     {@code vmpo} and/or {@code ppo}
 * @param train          training settings for the runner (preset name or object), may be null
 * @param budget         FLOP budget and checkpoints
 * @param eval           test sets
 * @param threshold      the sufficient-generalization criterion whose crossing defines C*
 * @param bootstrap      bootstrap resamples for fit intervals
 * @param threadsPerTrial threads each trial uses
 */
@JsonPropertyOrder({"name", "runner", "base", "axes", "axesMode", "models", "seeds", "algorithms", "train", "budget",
        "eval", "threshold", "bootstrap", "threadsPerTrial"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepConfig(String name, String runner, JsonNode base, LinkedHashMap<String, List<Double>> axes,
                          String axesMode, List<Model> models, List<Long> seeds, List<String> algorithms,
                          JsonNode train, Budget budget, Eval eval, Threshold threshold, Integer bootstrap,
                          Integer threadsPerTrial) {

    /** A model size: {@code type} mlp or lstm, {@code hidden} layer widths. */
    @JsonPropertyOrder({"name", "type", "hidden"})
    public record Model(String name, String type, List<Integer> hidden) {
        /** Parameter-free size label, e.g. "mlp 64x64". */
        public String describe() { return type + " " + String.join("x", hidden.stream().map(String::valueOf).toList()); }
    }

    /**
     * @param flops         training FLOPs per trial (the last checkpoint)
     * @param checkpoints   evaluations per trial, log-spaced from {@code firstFraction·flops} to {@code flops}
     * @param firstFraction where the first checkpoint sits, as a fraction of the budget, in (0, 1)
     */
    @JsonPropertyOrder({"flops", "checkpoints", "firstFraction"})
    public record Budget(double flops, int checkpoints, double firstFraction) {
        /** The checkpoint FLOP counts, strictly increasing, last = {@code flops}. */
        public double[] schedule() {
            double[] c = new double[checkpoints];
            for (int k = 0; k < checkpoints; k++)
                c[k] = flops * Math.pow(firstFraction, (checkpoints - 1 - k) / (double) (checkpoints - 1));
            c[checkpoints - 1] = flops;
            return c;
        }
    }

    /** @param splits test splits evaluated at each checkpoint; @param tasks tasks per split; @param episodes per task */
    @JsonPropertyOrder({"splits", "tasks", "episodes", "seed"})
    public record Eval(List<String> splits, int tasks, int episodes, long seed) {}

    /** C* is the first compute at which {@code metric} on {@code split} is ≥ {@code target}. */
    @JsonPropertyOrder({"metric", "target", "split"})
    public record Threshold(String metric, double target, String split) {
        public String describe() { return metric + " ≥ " + target + " on " + split; }
    }

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The mapper used for sweep files. */
    public static ObjectMapper mapper() { return STRICT; }

    public int bootstrapOrDefault() { return bootstrap == null ? 1000 : bootstrap; }

    public int threadsOrDefault() { return threadsPerTrial == null ? 1 : threadsPerTrial; }

    /** Parses and validates a config; every problem is an IllegalArgumentException naming key and value. */
    public static SweepConfig parse(String json, String source) {
        SweepConfig c;
        try {
            c = STRICT.readValue(json, SweepConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(source + ": unknown key '" + e.getPropertyName() + "' at "
                    + path(e) + "; allowed: " + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not a valid sweep config: " + e.getOriginalMessage()
                    + " at " + path(e));
        }
        if (c == null) throw new IllegalArgumentException(source + ": empty sweep config");
        c.validate();
        return c;
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (var r : m.getPath()) b.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
            return b.length() > 0 && b.charAt(0) == '.' ? b.substring(1) : b.toString();
        }
        return e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr();
    }

    public static SweepConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
        return parse(Files.readString(file), file.toString());
    }

    /** Names of the built-in presets. */
    public static final List<String> PRESETS = List.of("smoke", "quick", "paper");

    /** A built-in preset: smoke (seconds, tests), quick (≤ 10 min on 2 cores), paper (cluster). */
    public static SweepConfig preset(String name) {
        if (!PRESETS.contains(name))
            throw new IllegalArgumentException("unknown sweep preset '" + name + "'; allowed: " + String.join(", ", PRESETS));
        try (InputStream in = SweepConfig.class.getResourceAsStream("presets/" + name + ".json")) {
            if (in == null) throw new IllegalStateException("preset resource missing: " + name);
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "preset " + name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Canonical JSON (what config.json holds). */
    public String toJson() {
        try {
            return STRICT.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks ranges and consistency. */
    public void validate() {
        need(runner != null && (runner.equals("train") || runner.equals("synthetic")),
                "runner", runner, "train or synthetic");
        need(axes != null && !axes.isEmpty(), "axes", axes, "at least one complexity axis with levels");
        for (var e : axes.entrySet()) {
            need(e.getValue() != null && !e.getValue().isEmpty(), "axes." + e.getKey(), e.getValue(), "a non-empty list of levels");
            for (Double v : e.getValue())
                need(v != null && Double.isFinite(v), "axes." + e.getKey(), e.getValue(), "finite numbers");
            need(e.getValue().stream().distinct().count() == e.getValue().size(), "axes." + e.getKey(), e.getValue(),
                    "distinct levels");
        }
        need(axesMode == null || axesMode.equals("separate") || axesMode.equals("product"), "axesMode", axesMode,
                "separate or product");
        need(models != null && !models.isEmpty(), "models", models, "at least one model");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            need(m != null && m.name() != null && !m.name().isBlank() && m.name().matches("[A-Za-z0-9_.-]+"),
                    "models[" + i + "].name", m == null ? null : m.name(), "a non-empty name of letters, digits, _ . -");
            need(names.add(m.name()), "models[" + i + "].name", m.name(), "unique names");
            need("mlp".equals(m.type()) || "lstm".equals(m.type()), "models[" + i + "].type", m.type(), "mlp or lstm");
            need(m.hidden() != null && !m.hidden().isEmpty() && m.hidden().stream().allMatch(h -> h != null && h >= 1 && h <= 65536),
                    "models[" + i + "].hidden", m.hidden(), "a non-empty list of widths in [1, 65536]");
        }
        need(seeds != null && !seeds.isEmpty(), "seeds", seeds, "at least one seed");
        need(seeds.stream().distinct().count() == seeds.size(), "seeds", seeds, "distinct seeds");
        need(algorithms != null && !algorithms.isEmpty() && algorithms.stream().allMatch(a -> "vmpo".equals(a) || "ppo".equals(a)),
                "algorithms", algorithms, "a non-empty list of vmpo, ppo");
        need(algorithms.stream().distinct().count() == algorithms.size(), "algorithms", algorithms, "distinct algorithms");
        need(budget != null, "budget", null, "an object with flops, checkpoints, firstFraction");
        need(budget.flops() > 0 && Double.isFinite(budget.flops()) && budget.flops() <= 1e25, "budget.flops", budget.flops(), "(0, 1e25]");
        need(budget.checkpoints() >= 2 && budget.checkpoints() <= 1000, "budget.checkpoints", budget.checkpoints(), "[2, 1000]");
        need(budget.firstFraction() > 0 && budget.firstFraction() < 1, "budget.firstFraction", budget.firstFraction(), "(0, 1)");
        need(budget.flops() * budget.firstFraction() >= 1, "budget.firstFraction", budget.firstFraction(),
                "a first checkpoint of at least 1 FLOP (flops · firstFraction ≥ 1)");
        need(eval != null, "eval", null, "an object with splits, tasks, episodes, seed");
        need(eval.splits() != null && !eval.splits().isEmpty(), "eval.splits", eval.splits(), "at least one split");
        need(eval.tasks() >= 1 && eval.tasks() <= 100_000, "eval.tasks", eval.tasks(), "[1, 100000]");
        need(eval.episodes() >= 1 && eval.episodes() <= 10_000, "eval.episodes", eval.episodes(), "[1, 10000]");
        need(threshold != null, "threshold", null, "an object with metric, target, split");
        try {
            GeneralizationMetrics.checkName(threshold.metric());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("threshold.metric: " + e.getMessage());
        }
        need(threshold.target() > 0 && threshold.target() <= 1, "threshold.target", threshold.target(), "(0, 1]");
        need(threshold.split() != null && eval.splits().contains(threshold.split()), "threshold.split", threshold.split(),
                "one of eval.splits " + eval.splits());
        need(bootstrap == null || (bootstrap >= 0 && bootstrap <= 100_000), "bootstrap", bootstrap, "[0, 100000]");
        need(threadsPerTrial == null || (threadsPerTrial >= 1 && threadsPerTrial <= 1024), "threadsPerTrial",
                threadsPerTrial, "[1, 1024]");
    }

    private static void need(boolean ok, String key, Object value, String allowed) {
        if (!ok) throw new IllegalArgumentException("sweep config: " + key + " = " + value + " is invalid; allowed: " + allowed);
    }
}
