package org.flatworld.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatworld.nn.NetInit;
import org.flatworld.nn.NetShape;
import org.flatworld.task.Observations;

/**
 * Every setting of one training run, in one record (CleanRL's {@code Args}): defaults in
 * {@link #defaults()}, one line of documentation per field below, validated on construction.
 * V-MPO defaults follow Song et al. (2019), discrete-action (Atari/DMLab) settings, as listed in
 * docs/TRAINING.md with their sources; PPO defaults follow CleanRL's {@code ppo.py} (the peer in
 * ../shared/notes/PEERS.md).
 *
 * @param algo            {@code vmpo} or {@code ppo}
 * @param env             the environment ({@link EnvSpec})
 * @param model           {@code mlp}, {@code lstm} or {@code entity} (task envs: a goal-conditioned encoder shared by
 *                        the entity slots, summed over the present ones, in front of the MLP torso; docs/TRAINING.md)
 * @param hidden          torso widths, one per tanh layer (the LSTM model's encoder)
 * @param lstmHidden      LSTM units (lstm model only)
 * @param entityHidden    widths of the per-slot encoder's tanh layers (entity model only)
 * @param init            {@code orthogonal} or {@code scaled}
 * @param numEnvs         parallel environments; each holds the env's agents, all acting with the learner
 * @param unroll          steps per rollout per environment (V-MPO's n of the n-step targets; PPO's num_steps)
 * @param totalAgentSteps budget in agent-steps (env-steps × learning agents); 0 = none
 * @param totalFlops      budget in training FLOPs (ledger total without eval); 0 = none
 * @param seed            master seed (env i draws from seed + i; network init and sampling from derived streams)
 * @param threads         kernel and environment threads (results do not depend on it)
 * @param backend         kernels: auto, cpu, cuda, scalar, panama
 * @param gamma           discount
 * @param timeFeature     0 = off; else append t/timeFeature (elapsed fraction of a time limit of that many
 *                        steps) to every observation (Pardo et al. 2018)
 * @param bootstrapTruncation at a time-limit truncation, bootstrap from V of the last observed state instead of
 *                        treating the episode as terminated (Pardo et al. 2018); terminations always cut
 * @param lr              Adam learning rate for the network
 * @param adamBeta1       Adam β₁
 * @param adamBeta2       Adam β₂
 * @param adamEps         Adam ε
 * @param maxGradNorm     global gradient-norm clip; 0 = off
 * @param annealLr        decay lr linearly to 0 over the agent-step budget
 * @param epochs          passes over each rollout
 * @param minibatches     minibatches per pass (split over environments for the LSTM, over samples for the MLP)
 * @param epsEta          V-MPO ε_η: temperature constraint
 * @param epsAlpha        V-MPO ε_α: KL trust-region bound
 * @param eta0            V-MPO initial temperature η
 * @param alpha0          V-MPO initial KL multiplier α
 * @param dualLr          learning rate of η and α (Adam; projected to ≥ 1e-8 after each step)
 * @param targetPeriod    V-MPO learner steps between copies θ′ ← θ (acting uses θ′)
 * @param topFraction     V-MPO fraction of samples (largest advantages) in the E-step
 * @param vmpoEntCoef     V-MPO: entropy bonus coefficient (not in the paper; 0 = off), annealed with annealEnt
 * @param popArt          V-MPO: normalise value targets with PopArt (van Hasselt et al. 2016)
 * @param popArtBeta      PopArt statistics step size
 * @param clip            PPO ratio clip ε (and value clip when clipValue)
 * @param gaeLambda       PPO GAE λ
 * @param entCoef         PPO entropy bonus coefficient
 * @param annealEnt       PPO: decay entCoef linearly to 0 over the agent-step budget (explore early, sharpen late)
 * @param vfCoef          PPO value loss coefficient
 * @param clipValue       PPO: clip the value loss
 * @param normAdv         PPO: normalise advantages per minibatch
 * @param logEvery        learner updates between metrics.csv rows
 * @param checkpointEvery learner updates between checkpoints (0 = only at the end)
 */
public record TrainConfig(
        String algo, EnvSpec env, String model, int[] hidden, int lstmHidden, int[] entityHidden, String init,
        int numEnvs, int unroll, long totalAgentSteps, double totalFlops, long seed, int threads, String backend,
        double gamma, int timeFeature, boolean bootstrapTruncation, double lr, double adamBeta1, double adamBeta2, double adamEps, double maxGradNorm, boolean annealLr,
        int epochs, int minibatches,
        double epsEta, double epsAlpha, double eta0, double alpha0, double dualLr, int targetPeriod, double topFraction, double vmpoEntCoef,
        boolean popArt, double popArtBeta,
        double clip, double gaeLambda, double entCoef, boolean annealEnt, double vfCoef, boolean clipValue, boolean normAdv,
        int logEvery, int checkpointEvery) {

    /** Bumped when the meaning of a config or of the observation layout changes. */
    public static final int FORMAT_VERSION = 1;

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    public TrainConfig {
        hidden = hidden == null ? null : hidden.clone();
        entityHidden = entityHidden == null ? null : entityHidden.clone();
        validate(algo, env, model, hidden, lstmHidden, entityHidden, init, numEnvs, unroll, totalAgentSteps, totalFlops, threads, timeFeature, backend,
                gamma, lr, adamBeta1, adamBeta2, adamEps, maxGradNorm, epochs, minibatches, epsEta, epsAlpha, eta0, alpha0,
                dualLr, targetPeriod, topFraction, vmpoEntCoef, popArtBeta, clip, gaeLambda, entCoef, vfCoef, logEvery, checkpointEvery);
    }

    /** The defaults: V-MPO, MLP 2×64 on simple_spread N=3 (discrete, local ratio 0.5, 25 steps). */
    public static TrainConfig defaults() {
        Map<String, Object> kw = new LinkedHashMap<>();
        kw.put("N", 3);
        kw.put("local_ratio", 0.5);
        kw.put("max_cycles", 25);
        return new TrainConfig("vmpo", EnvSpec.of("mpe", "simple_spread", kw), "mlp", new int[] {64, 64}, 64, new int[] {64}, "orthogonal",
                64, 32, 10_000_000L, 0, 1, 1, "auto",
                0.99, 0, false, 1e-4, 0.9, 0.999, 1e-8, 0, false,
                1, 1,
                0.01, 0.01, 1.0, 5.0, 1e-4, 100, 0.5, 0,
                false, 3e-4,
                0.2, 0.95, 0.01, false, 0.5, false, true,
                10, 0);
    }

    @Override
    public int[] hidden() { return hidden.clone(); }

    @Override
    public int[] entityHidden() { return entityHidden.clone(); }

    // ---- derived values -------------------------------------------------------------------

    @JsonIgnore
    public boolean isVmpo() { return algo.equals("vmpo"); }

    public NetInit.Scheme initScheme() { return init.equals("scaled") ? NetInit.Scheme.SCALED : NetInit.Scheme.ORTHOGONAL; }

    public NetShape netShape(int obsDim, int numActions) {
        return switch (model) {
            case "lstm" -> NetShape.lstm(obsDim, hidden, lstmHidden, numActions);
            case "entity" -> {
                // the slots of the task observation layout (docs/OBSERVATIONS.md); the goal block and
                // anything appended after it (the time feature) is the context every slot sees
                Observations o = new Observations(EnvFactory.complexity(env));
                if (obsDim < o.goalOffset)
                    throw new IllegalArgumentException("entity model: observations of " + obsDim + " floats are shorter than the layout's "
                            + o.goalOffset + " floats of self and entity slots");
                yield NetShape.entity(obsDim, Observations.SELF, o.slots, o.slotWidth, entityHidden, hidden, numActions);
            }
            default -> NetShape.mlp(obsDim, hidden, numActions);
        };
    }

    // ---- JSON, presets, --set --------------------------------------------------------------

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.valueToTree(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ObjectNode toTree() { return JSON.valueToTree(this); }

    /** A config from JSON: keys given override the defaults; unknown keys are refused (env.kwargs is free-form). */
    public static TrainConfig fromJson(String json) {
        JsonNode user;
        try {
            user = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config is not valid JSON: " + e.getOriginalMessage());
        }
        if (user == null || !user.isObject()) throw new IllegalArgumentException("config must be a JSON object");
        ObjectNode tree = defaults().toTree();
        merge(tree, (ObjectNode) user, "");
        return fromTree(tree);
    }

    static TrainConfig fromTree(ObjectNode tree) {
        try {
            return JSON.treeToValue(tree, TrainConfig.class);
        } catch (JsonProcessingException e) {
            Throwable c = e;
            while (c.getCause() != null) c = c.getCause();
            if (c instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("bad config: " + e.getOriginalMessage());
        }
    }

    private static void merge(ObjectNode base, ObjectNode over, String path) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode b = base.get(e.getKey());
            if (b == null) throw new IllegalArgumentException("unknown config key '" + key + "'; known: " + fieldNames(base));
            if (!key.equals("env.kwargs") && b.isObject() && e.getValue().isObject())
                merge((ObjectNode) b, (ObjectNode) e.getValue(), key);
            else
                base.set(e.getKey(), e.getValue()); // a value, or env.kwargs replaced as a whole (free-form)
        }
    }

    private static String fieldNames(ObjectNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    /**
     * This config with one key changed, as {@code --set key.path=value} does: the value is read as
     * JSON when it parses (numbers, booleans, arrays), as a comma list of numbers ({@code 64,64}),
     * else as a string. Unknown keys and out-of-range values are refused with a one-line message.
     */
    public TrainConfig withSet(String keyPath, String value) {
        if (keyPath == null || keyPath.isBlank()) throw new IllegalArgumentException("--set needs key=value, got an empty key");
        String[] parts = keyPath.split("\\.");
        ObjectNode root = toTree();
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            boolean kw = i == 1 && parts[0].equals("env") && parts[1].equals("kwargs");
            if (child == null || !child.isObject()) {
                throw new IllegalArgumentException("unknown config key '" + keyPath + "'");
            }
            node = (ObjectNode) child;
            if (kw) {
                // free-form: the last part may be new
                String leaf = String.join(".", Arrays.copyOfRange(parts, i + 1, parts.length));
                node.set(leaf, parseValue(value));
                return fromTree(root);
            }
        }
        String leaf = parts[parts.length - 1];
        if (!node.has(leaf)) throw new IllegalArgumentException("unknown config key '" + keyPath + "'; known: " + fieldNames(node));
        JsonNode v = parseValue(value);
        if (node.get(leaf).isArray() && v.isNumber()) v = JSON.createArrayNode().add(v);
        node.set(leaf, v);
        return fromTree(root);
    }

    private static JsonNode parseValue(String value) {
        try {
            JsonNode n = JSON.readTree(value);
            if (n != null && !n.isMissingNode()) return n;
        } catch (JsonProcessingException ignored) {
            // not JSON: try a comma list, else a string
        }
        if (value.contains(",")) {
            ArrayNode arr = JSON.createArrayNode();
            boolean numeric = true;
            for (String p : value.split(",")) {
                try {
                    arr.add(Integer.parseInt(p.strip()));
                } catch (NumberFormatException e) {
                    numeric = false;
                    break;
                }
            }
            if (numeric) return arr;
        }
        return JSON.getNodeFactory().textNode(value);
    }

    /** Names of the built-in presets. */
    public static List<String> presetNames() { return List.copyOf(Presets.NAMES); }

    /** A built-in preset by name (see {@link Presets}). */
    public static TrainConfig preset(String name) { return Presets.get(name); }

    /** Short hash of everything that determines the results (the resolved config without {@code threads}). */
    public String hash() {
        ObjectNode t = toTree();
        t.remove("threads");
        t.remove("backend");
        if (!model.equals("entity")) t.remove("entityHidden"); // added later: hashes of the other models stay as they were
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(t).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) { return o instanceof TrainConfig c && c.toTree().equals(toTree()); }

    @Override
    public int hashCode() { return toTree().hashCode(); }

    @Override
    public String toString() { return "TrainConfig" + toTree(); }

    // ---- validation -----------------------------------------------------------------------

    private static void validate(String algo, EnvSpec env, String model, int[] hidden, int lstmHidden, int[] entityHidden, String init,
                                 int numEnvs, int unroll, long totalAgentSteps, double totalFlops, int threads, int timeFeature, String backend,
                                 double gamma, double lr, double b1, double b2, double eps, double maxGradNorm,
                                 int epochs, int minibatches, double epsEta, double epsAlpha, double eta0, double alpha0,
                                 double dualLr, int targetPeriod, double topFraction, double vmpoEntCoef, double popArtBeta, double clip,
                                 double gaeLambda, double entCoef, double vfCoef, int logEvery, int checkpointEvery) {
        oneOf("algo", algo, "vmpo", "ppo");
        if (env == null) throw new IllegalArgumentException("config key 'env' is missing");
        oneOf("env.type", env.type(), "mpe", "task", "cue");
        oneOf("model", model, "mlp", "lstm", "entity");
        if (model.equals("entity") && !env.type().equals("task"))
            throw new IllegalArgumentException("config key 'model' = entity needs env.type task (an observation of entity slots), got env.type '"
                    + env.type() + "'");
        if (entityHidden == null || entityHidden.length < 1 || entityHidden.length > 16)
            throw new IllegalArgumentException("config key 'entityHidden' must list 1 to 16 widths, got "
                    + (entityHidden == null ? "null" : Arrays.toString(entityHidden)));
        for (int h : entityHidden) range("entityHidden", h, 1, 65_536);
        if (hidden == null || hidden.length < 1 || hidden.length > 16)
            throw new IllegalArgumentException("config key 'hidden' must list 1 to 16 widths, got " + (hidden == null ? "null" : Arrays.toString(hidden)));
        for (int h : hidden) range("hidden", h, 1, 65_536);
        range("lstmHidden", lstmHidden, 1, 65_536);
        oneOf("init", init, "orthogonal", "scaled");
        range("numEnvs", numEnvs, 1, 1 << 20);
        range("unroll", unroll, 1, 100_000);
        if (totalAgentSteps < 0) throw new IllegalArgumentException("config key 'totalAgentSteps' must be ≥ 0, got " + totalAgentSteps);
        if (!(totalFlops >= 0) || Double.isInfinite(totalFlops))
            throw new IllegalArgumentException("config key 'totalFlops' must be finite and ≥ 0, got " + totalFlops);
        if (totalAgentSteps == 0 && totalFlops == 0)
            throw new IllegalArgumentException("config needs a budget: totalAgentSteps > 0 or totalFlops > 0");
        range("threads", threads, 1, 1024);
        range("timeFeature", timeFeature, 0, 1_000_000);
        oneOf("backend", backend, "auto", "cpu", "cuda", "scalar", "panama");
        open01("gamma", gamma, true);
        positive("lr", lr, 1.0);
        open01("adamBeta1", b1, false);
        open01("adamBeta2", b2, false);
        positive("adamEps", eps, 1.0);
        if (!(maxGradNorm >= 0 && maxGradNorm < 1e9)) throw new IllegalArgumentException("config key 'maxGradNorm' must be in [0, 1e9), got " + maxGradNorm);
        range("epochs", epochs, 1, 1000);
        range("minibatches", minibatches, 1, 1 << 20);
        positive("epsEta", epsEta, 100);
        positive("epsAlpha", epsAlpha, 100);
        positive("eta0", eta0, 1e6);
        positive("alpha0", alpha0, 1e6);
        positive("dualLr", dualLr, 10);
        range("targetPeriod", targetPeriod, 1, 1 << 30);
        if (!(topFraction > 0 && topFraction <= 1)) throw new IllegalArgumentException("config key 'topFraction' must be in (0, 1], got " + topFraction);
        open01("popArtBeta", popArtBeta, true);
        positive("clip", clip, 10);
        if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("config key 'gaeLambda' must be in [0, 1], got " + gaeLambda);
        if (!(vmpoEntCoef >= 0 && vmpoEntCoef <= 10)) throw new IllegalArgumentException("config key 'vmpoEntCoef' must be in [0, 10], got " + vmpoEntCoef);
        if (!(entCoef >= 0 && entCoef <= 10)) throw new IllegalArgumentException("config key 'entCoef' must be in [0, 10], got " + entCoef);
        if (!(vfCoef >= 0 && vfCoef <= 100)) throw new IllegalArgumentException("config key 'vfCoef' must be in [0, 100], got " + vfCoef);
        range("logEvery", logEvery, 1, 1 << 30);
        range("checkpointEvery", checkpointEvery, 0, 1 << 30);
        if (minibatches > (long) numEnvs * unroll)
            throw new IllegalArgumentException("config key 'minibatches' must be ≤ numEnvs·unroll = " + (long) numEnvs * unroll + ", got " + minibatches);
        if (model.equals("lstm") && minibatches > numEnvs)
            throw new IllegalArgumentException("config key 'minibatches' must be ≤ numEnvs = " + numEnvs + " for the lstm model (split over environments), got " + minibatches);
    }

    private static void oneOf(String key, String v, String... allowed) {
        for (String a : allowed) if (a.equals(v)) return;
        throw new IllegalArgumentException("config key '" + key + "' must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }

    private static void range(String key, long v, long lo, long hi) {
        if (v < lo || v > hi) throw new IllegalArgumentException("config key '" + key + "' must be in [" + lo + ", " + hi + "], got " + v);
    }

    private static void positive(String key, double v, double hi) {
        if (!(v > 0 && v <= hi)) throw new IllegalArgumentException("config key '" + key + "' must be in (0, " + hi + "], got " + v);
    }

    private static void open01(String key, double v, boolean inclusiveOne) {
        if (!(v >= 0 && (inclusiveOne ? v <= 1 : v < 1)))
            throw new IllegalArgumentException("config key '" + key + "' must be in [0, 1" + (inclusiveOne ? "]" : ")") + ", got " + v);
    }
}
