package org.flatworld.task;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flatworld.world.ActionSet;
import org.flatworld.world.Physics;

/**
 * Every complexity knob of a Flatworld task distribution (SPEC §5), immutable and validated. JSON
 * round-trips through {@link #toJson()} / {@link #fromJson(JsonNode)}; a config names a
 * {@code preset} (default {@code small}) and overrides keys of it. Layout maxima ({@code max*}) set
 * the observation size; 0 means "the largest count this config can produce" (including its OOD
 * splits), so every split of one config shares one observation layout. Semantics: docs/TASKS.md.
 * Make instances with {@link #preset}, {@link #fromJson} or {@link #with}: they validate (the
 * canonical constructor cannot, record fields being unassigned inside it).
 */
public record Complexity(
        // state space
        double worldSize, int objects, int shapes, int colours, int zones, int obstacles, double viewRadius,
        // action space
        List<String> actions,
        // game space
        List<String> predicates, int conjuncts, int options, boolean negation,
        // other agents
        int players, Map<String, Double> coPlayers,
        // episodes
        int horizon, int goalVisibleSteps, double trivialThreshold,
        // observation layout maxima (0 = auto)
        int maxPlayers, int maxObjects, int maxZones, int maxObstacles, int maxOptions, int maxConjuncts,
        // physics (MPE conventions) and predicate geometry
        double dt, double damping, double contactForce, double contactMargin, double maxSpeed, double accel,
        double playerMass, double objectMass, double playerRadius, double objectRadius, double obstacleRadius,
        double zoneRadius, double reach, double throwSpeed, int tagSteps, double nearDistance, double viewAngle,
        // splits (SPEC §6)
        double testFraction, List<Integer> heldOutColours, List<Integer> heldOutShapes, List<String> heldOutCombos,
        List<String> oodSplits, int oodObjects, double oodWorldScale, int oodOptions, int oodConjuncts,
        double oodMassScale, double oodDamping) {

    public static final List<String> PRESETS = List.of("trivial", "small", "medium", "large");
    public static final List<String> CO_PLAYER_KINDS = List.of("random", "noop", "oracle", "frozen");
    /** Grid cell side used by the state-space size measure. */
    public static final double CELL = 0.05;
    /** Facing directions distinguished by the state-space size measure. */
    public static final int FACING_BINS = 8;
    /** Largest fraction of the arena area that random placement may fill. */
    public static final double MAX_FILL = 0.3;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public Complexity {
        actions = List.copyOf(actions);
        predicates = List.copyOf(predicates);
        coPlayers = new TreeMap<>(coPlayers);
        heldOutColours = List.copyOf(heldOutColours);
        heldOutShapes = List.copyOf(heldOutShapes);
        heldOutCombos = List.copyOf(heldOutCombos);
        oodSplits = List.copyOf(oodSplits);
        coPlayers = java.util.Collections.unmodifiableMap(coPlayers);
        // fields are assigned after this body: full validation runs in parse(), the only way configs are made
    }

    // ---------------------------------------------------------------- derived values

    /** The assembled action set; |A| = {@code actionSet().size()}. */
    @JsonIgnore
    public ActionSet actionSet() { return new ActionSet(actions); }

    @JsonIgnore
    public int numActions() { return actionSet().size(); }

    @JsonIgnore
    public boolean hasAction(String group) { return actions.contains(group); }

    @JsonIgnore
    public boolean hasPredicate(Predicate p) { return predicates.contains(p.label()); }

    @JsonIgnore
    public boolean hasSplit(Split s) { return s == Split.TRAIN || s == Split.TEST_ID || oodSplits.contains(s.label()); }

    /** Physics constants for the world step. */
    @JsonIgnore
    public Physics physics() {
        return new Physics((float) dt, (float) damping, (float) contactForce, (float) contactMargin, (float) maxSpeed,
                (float) accel, (float) playerMass, (float) objectMass, (float) playerRadius, (float) objectRadius,
                (float) obstacleRadius, (float) zoneRadius, (float) reach, (float) throwSpeed, tagSteps,
                (float) nearDistance, (float) viewRadius, (float) viewAngle);
    }

    @JsonIgnore
    public int layoutPlayers() { return Math.max(maxPlayers, players); }

    @JsonIgnore
    public int layoutObjects() {
        return Math.max(maxObjects, Math.max(objects, oodSplits.contains(Split.OOD_WORLD.label()) ? oodObjects : 0));
    }

    @JsonIgnore
    public int layoutZones() { return Math.max(maxZones, zones); }

    @JsonIgnore
    public int layoutObstacles() { return Math.max(maxObstacles, obstacles); }

    @JsonIgnore
    public int layoutOptions() {
        return Math.max(maxOptions, Math.max(options, oodSplits.contains(Split.OOD_GOAL_SIZE.label()) ? oodOptions : 0));
    }

    @JsonIgnore
    public int layoutConjuncts() {
        return Math.max(maxConjuncts, Math.max(conjuncts, oodSplits.contains(Split.OOD_GOAL_SIZE.label()) ? oodConjuncts : 0));
    }

    /** Colours that training tasks may use (all but the held-out ones). */
    @JsonIgnore
    public int[] trainColours() { return remaining(colours, heldOutColours); }

    @JsonIgnore
    public int[] trainShapes() { return remaining(shapes, heldOutShapes); }

    private static int[] remaining(int n, List<Integer> out) {
        int[] r = new int[n - (int) out.stream().distinct().count()];
        int k = 0;
        for (int i = 0; i < n; i++) if (!out.contains(i)) r[k++] = i;
        return r;
    }

    // ---------------------------------------------------------------- size measures

    /**
     * Analytic size measures (log10 unless named otherwise). State: every movable body on a grid of
     * {@link #CELL}-sided cells, players with {@link #FACING_BINS} facings and a held-object index
     * (objects + 1 values), objects with colour × shape, zones with cell × colour, obstacles with a
     * cell; velocities are not counted. Game: ordered DNF formulas of up to options × conjuncts atoms
     * drawn from N atom kinds, one per player. Policy space: log|Π| = |S|·|G|·ln|A| (tabular,
     * deterministic), reported as log10(log|Π|) = log10|S| + log10|G| + log10(ln|A|).
     */
    public record Sizes(double log10States, double log10Actions, double log10Atoms, double log10Goals,
                        double log10Games, double log10LogPolicies, int numActions, int obsDim) {}

    public Sizes sizes() {
        double cells = Math.pow(worldSize / CELL, 2);
        double lc = Math.log10(cells);
        double ls = players * (lc + Math.log10(FACING_BINS) + Math.log10(objects + 1.0))
                + objects * (lc + Math.log10((double) colours * shapes))
                + zones * (lc + Math.log10(colours)) + obstacles * lc;
        int a = numActions();
        double objDesc = colours + shapes + (double) colours * shapes; // colour-only, shape-only, both
        double subj = players + objDesc; // a player or an object descriptor
        double atoms = 0;
        if (hasPredicate(Predicate.NEAR)) atoms += subj * subj;
        if (hasPredicate(Predicate.HOLD)) atoms += players * objDesc;
        if (hasPredicate(Predicate.ON)) atoms += subj * (colours + 1);
        if (hasPredicate(Predicate.SEE)) atoms += players * subj;
        if (negation) atoms *= 2;
        double la = Math.log10(atoms);
        // Σ_{k=1..conjuncts} atoms^k ≈ atoms^conjuncts (upper bound within a factor 2); then Σ over options.
        double clause = conjuncts * la + Math.log10(2);
        double goal = options * clause + Math.log10(2);
        double games = players * goal;
        double lPol = ls + goal + Math.log10(Math.log(a));
        return new Sizes(ls, Math.log10(a), la, goal, games, lPol, a, Observations.dim(this));
    }

    // ---------------------------------------------------------------- JSON

    public ObjectNode toJson() { return JSON.valueToTree(this); }

    @Override
    public String toString() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Known keys, in record order. */
    public static List<String> keys() {
        List<String> k = new ArrayList<>();
        for (var c : Complexity.class.getRecordComponents()) k.add(c.getName());
        return k;
    }

    /**
     * A config: optional {@code "preset"} (default small) plus any keys to override. Unknown keys and
     * invalid values are rejected with an {@link IllegalArgumentException} naming the key.
     */
    public static Complexity fromJson(JsonNode node) {
        if (node == null || !node.isObject()) throw new IllegalArgumentException("complexity config must be a JSON object");
        String preset = node.has("preset") ? node.get("preset").asText() : "small";
        ObjectNode base = presetJson(preset);
        Set<String> known = new LinkedHashSet<>(keys());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("preset")) continue;
            if (!known.contains(f.getKey()))
                throw new IllegalArgumentException("unknown complexity key '" + f.getKey() + "'; allowed keys: " + known);
            base.set(f.getKey(), f.getValue());
        }
        return parse(base);
    }

    public static Complexity fromJson(String json) {
        try {
            return fromJson(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("complexity config is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads a JSON (or YAML, by extension .yaml/.yml) config file. */
    public static Complexity load(Path file) {
        try {
            String name = file.getFileName().toString();
            ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml")
                    ? new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()) : JSON;
            return fromJson(m.readTree(Files.readString(file)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config " + file + " is not valid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the record from a complete node: each component converted to its declared type by Jackson. */
    private static Complexity parse(ObjectNode n) {
        var comps = Complexity.class.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            String key = comps[i].getName();
            types[i] = comps[i].getType();
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) throw new IllegalArgumentException("complexity key '" + key + "' is missing");
            if (types[i].isPrimitive() && !(v.isNumber() || v.isBoolean()))
                throw new IllegalArgumentException("complexity key '" + key + "' = " + v + " must be a "
                        + (types[i] == boolean.class ? "boolean" : "number"));
            if (types[i] == int.class && !v.canConvertToExactIntegral())
                throw new IllegalArgumentException("complexity key '" + key + "' = " + v + " must be an integer");
            try {
                args[i] = JSON.convertValue(v, JSON.constructType(comps[i].getGenericType()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("complexity key '" + key + "' = " + v + " has the wrong type (expected "
                        + comps[i].getGenericType().getTypeName().replace("java.lang.", "").replace("java.util.", "") + ")");
            }
        }
        try {
            Complexity c = Complexity.class.getDeclaredConstructor(types).newInstance(args);
            validate(c);
            return c;
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This config with one knob changed, e.g. {@code with("objects", 6)}; the value is validated. */
    public Complexity with(String knob, Object value) {
        if (!keys().contains(knob))
            throw new IllegalArgumentException("unknown complexity key '" + knob + "'; allowed keys: " + keys());
        ObjectNode n = toJson();
        n.set(knob, value instanceof JsonNode j ? j : JSON.valueToTree(value));
        return parse(n);
    }

    // ---------------------------------------------------------------- presets

    public static Complexity preset(String name) { return parse(presetJson(name)); }

    public static Complexity trivial() { return preset("trivial"); }

    public static Complexity small() { return preset("small"); }

    public static Complexity medium() { return preset("medium"); }

    public static Complexity large() { return preset("large"); }

    private static final String BASE = """
        {"worldSize":2.0,"objects":4,"shapes":3,"colours":4,"zones":2,"obstacles":0,"viewRadius":0.0,
         "actions":["move4","grab","drop"],"predicates":["near","hold","on"],"conjuncts":2,"options":1,"negation":true,
         "players":2,"coPlayers":{"noop":0.5,"random":0.5},"horizon":64,"goalVisibleSteps":0,"trivialThreshold":0.5,
         "maxPlayers":0,"maxObjects":0,"maxZones":0,"maxObstacles":0,"maxOptions":0,"maxConjuncts":0,
         "dt":0.1,"damping":0.25,"contactForce":100.0,"contactMargin":0.001,"maxSpeed":1.0,"accel":5.0,
         "playerMass":1.0,"objectMass":0.5,"playerRadius":0.05,"objectRadius":0.04,"obstacleRadius":0.15,
         "zoneRadius":0.2,"reach":0.15,"throwSpeed":1.5,"tagSteps":10,"nearDistance":0.2,"viewAngle":90.0,
         "testFraction":0.2,"heldOutColours":[3],"heldOutShapes":[2],"heldOutCombos":["hold+on"],
         "oodSplits":["ood-colour","ood-shape","ood-combo","ood-goal-size","ood-world","ood-dynamics"],
         "oodObjects":6,"oodWorldScale":1.5,"oodOptions":2,"oodConjuncts":3,"oodMassScale":2.0,"oodDamping":0.5}
        """;

    private static final Map<String, String> OVERRIDES = Map.of(
        "small", "{}",
        "trivial", """
            {"worldSize":1.0,"objects":3,"shapes":2,"colours":3,"zones":0,"actions":["move4"],"predicates":["near"],
             "conjuncts":1,"options":1,"negation":false,"players":1,"coPlayers":{},"horizon":32,
             "heldOutColours":[2],"heldOutShapes":[],"heldOutCombos":[],
             "oodSplits":["ood-colour","ood-world","ood-dynamics"],"oodObjects":4,"oodOptions":1,"oodConjuncts":1}""",
        "medium", """
            {"worldSize":3.0,"objects":6,"shapes":4,"colours":6,"zones":3,"obstacles":2,"viewRadius":1.5,
             "actions":["move8","grab","drop","throw"],"predicates":["near","hold","on","see"],"conjuncts":2,"options":2,
             "players":3,"coPlayers":{"random":0.4,"noop":0.3,"oracle":0.3},"horizon":96,
             "heldOutColours":[5],"heldOutShapes":[3],"heldOutCombos":["hold+see"],"oodObjects":8,"oodOptions":3,"oodConjuncts":3}""",
        "large", """
            {"worldSize":4.0,"objects":10,"shapes":4,"colours":8,"zones":4,"obstacles":4,"viewRadius":2.0,
             "actions":["move8","grab","drop","throw","tag"],"predicates":["near","hold","on","see"],"conjuncts":3,"options":3,
             "players":4,"coPlayers":{"random":0.4,"noop":0.3,"oracle":0.3},"horizon":128,
             "heldOutColours":[7],"heldOutShapes":[3],"heldOutCombos":["on+see"],"oodObjects":12,"oodOptions":4,"oodConjuncts":4}""");

    private static ObjectNode presetJson(String name) {
        String o = OVERRIDES.get(name);
        if (o == null) throw new IllegalArgumentException("unknown preset '" + name + "'; allowed " + PRESETS);
        try {
            ObjectNode base = (ObjectNode) JSON.readTree(BASE);
            JSON.readTree(o).properties().forEach(f -> base.set(f.getKey(), f.getValue()));
            return base;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- validation

    private static void range(String key, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi))
            throw new IllegalArgumentException(key + " = " + num(v) + " is out of range [" + num(lo) + ", " + num(hi) + "]");
    }

    /** Whole numbers without a trailing ".0". */
    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static void positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(key + " = " + v + " must be > 0");
    }

    private static void validate(Complexity c) {
        range("worldSize", c.worldSize, 0.25, 1000);
        range("objects", c.objects, 0, 64);
        range("shapes", c.shapes, 1, Vocabulary.SHAPES.length);
        range("colours", c.colours, 1, Vocabulary.COLOURS.length);
        range("zones", c.zones, 0, 16);
        range("obstacles", c.obstacles, 0, 32);
        range("viewRadius", c.viewRadius, 0, 1000);
        new ActionSet(c.actions); // validates groups
        boolean grab = c.actions.contains("grab");
        for (String g : List.of("drop", "throw"))
            if (c.actions.contains(g) && !grab)
                throw new IllegalArgumentException("actions: '" + g + "' needs the 'grab' group, got " + c.actions);
        if (c.predicates.isEmpty()) throw new IllegalArgumentException("predicates: at least one of [near, hold, on, see] is required");
        for (String p : c.predicates) Predicate.fromLabel(p);
        if (c.predicates.contains("hold") && !grab)
            throw new IllegalArgumentException("predicates: 'hold' needs the 'grab' action group, actions = " + c.actions);
        if (c.predicates.contains("on") && c.zones < 1)
            throw new IllegalArgumentException("predicates: 'on' needs zones ≥ 1, zones = " + c.zones);
        if (c.objects < 1)
            throw new IllegalArgumentException("objects = " + c.objects + " is out of range [1, 64] (goals refer to objects)");
        range("conjuncts", c.conjuncts, 1, 8);
        range("options", c.options, 1, 8);
        range("players", c.players, 1, 8);
        double total = 0;
        for (var e : c.coPlayers.entrySet()) {
            if (!CO_PLAYER_KINDS.contains(e.getKey()))
                throw new IllegalArgumentException("coPlayers: unknown kind '" + e.getKey() + "', allowed " + CO_PLAYER_KINDS);
            if (e.getValue() == null || !(e.getValue() >= 0) || e.getValue().isInfinite())
                throw new IllegalArgumentException("coPlayers." + e.getKey() + " = " + e.getValue() + " must be a weight ≥ 0");
            total += e.getValue();
        }
        if (c.players > 1 && !(total > 0))
            throw new IllegalArgumentException("coPlayers: players = " + c.players + " needs a co-player mix with positive weight, e.g. {\"random\":1}");
        range("horizon", c.horizon, 1, 100_000);
        range("goalVisibleSteps", c.goalVisibleSteps, 0, c.horizon);
        range("trivialThreshold", c.trivialThreshold, 0, 1);
        range("maxPlayers", c.maxPlayers, 0, 8);
        range("maxObjects", c.maxObjects, 0, 64);
        range("maxZones", c.maxZones, 0, 16);
        range("maxObstacles", c.maxObstacles, 0, 32);
        range("maxOptions", c.maxOptions, 0, 8);
        range("maxConjuncts", c.maxConjuncts, 0, 8);
        positive("dt", c.dt);
        range("damping", c.damping, 0, 1);
        range("contactForce", c.contactForce, 0, 1e6);
        positive("contactMargin", c.contactMargin);
        positive("maxSpeed", c.maxSpeed);
        range("accel", c.accel, 0, 1e6);
        positive("playerMass", c.playerMass);
        positive("objectMass", c.objectMass);
        positive("playerRadius", c.playerRadius);
        positive("objectRadius", c.objectRadius);
        positive("obstacleRadius", c.obstacleRadius);
        positive("zoneRadius", c.zoneRadius);
        positive("reach", c.reach);
        range("throwSpeed", c.throwSpeed, 0, 1e3);
        range("tagSteps", c.tagSteps, 1, 100_000);
        positive("nearDistance", c.nearDistance);
        range("viewAngle", c.viewAngle, 1, 179);
        range("testFraction", c.testFraction, 0.01, 0.99);
        for (int h : c.heldOutColours) range("heldOutColours", h, 0, c.colours - 1);
        for (int h : c.heldOutShapes) range("heldOutShapes", h, 0, c.shapes - 1);
        if (c.trainColours().length < 1)
            throw new IllegalArgumentException("heldOutColours = " + c.heldOutColours + " leaves no training colour of " + c.colours);
        if (c.trainShapes().length < 1)
            throw new IllegalArgumentException("heldOutShapes = " + c.heldOutShapes + " leaves no training shape of " + c.shapes);
        for (String combo : c.heldOutCombos) {
            String[] ab = combo.split("\\+");
            if (ab.length != 2 || !c.predicates.contains(ab[0]) || !c.predicates.contains(ab[1]))
                throw new IllegalArgumentException("heldOutCombos: '" + combo + "' must be 'a+b' with a, b enabled predicates " + c.predicates);
        }
        for (String s : c.oodSplits) {
            Split sp = Split.fromLabel(s);
            if (!sp.isOod()) throw new IllegalArgumentException("oodSplits: '" + s + "' is not an OOD split");
        }
        range("oodObjects", c.oodObjects, 0, 64);
        range("oodWorldScale", c.oodWorldScale, 1, 100);
        range("oodOptions", c.oodOptions, 0, 8);
        range("oodConjuncts", c.oodConjuncts, 0, 8);
        positive("oodMassScale", c.oodMassScale);
        range("oodDamping", c.oodDamping, 0, 1);
        List<String> ood = c.oodSplits;
        if (ood.contains("ood-colour") && c.heldOutColours.isEmpty())
            throw new IllegalArgumentException("oodSplits: 'ood-colour' needs heldOutColours (empty)");
        if (ood.contains("ood-shape") && c.heldOutShapes.isEmpty())
            throw new IllegalArgumentException("oodSplits: 'ood-shape' needs heldOutShapes (empty)");
        if (ood.contains("ood-combo") && (c.heldOutCombos.isEmpty() || c.conjuncts < 2))
            throw new IllegalArgumentException("oodSplits: 'ood-combo' needs heldOutCombos and conjuncts ≥ 2 (conjuncts = " + c.conjuncts + ")");
        if (ood.contains("ood-goal-size") && c.oodOptions <= c.options && c.oodConjuncts <= c.conjuncts)
            throw new IllegalArgumentException("oodSplits: 'ood-goal-size' needs oodOptions > options or oodConjuncts > conjuncts (got "
                    + c.oodOptions + " ≤ " + c.options + ", " + c.oodConjuncts + " ≤ " + c.conjuncts + ")");
        if (ood.contains("ood-world") && c.oodObjects <= c.objects && c.oodWorldScale <= 1)
            throw new IllegalArgumentException("oodSplits: 'ood-world' needs oodObjects > objects or oodWorldScale > 1");
        if (ood.contains("ood-dynamics") && c.oodMassScale == 1 && c.oodDamping == c.damping)
            throw new IllegalArgumentException("oodSplits: 'ood-dynamics' needs oodMassScale ≠ 1 or oodDamping ≠ damping");
        if (c.maxPlayers > 0 && c.maxPlayers < c.players)
            throw new IllegalArgumentException("maxPlayers = " + c.maxPlayers + " is below players = " + c.players);
        int needObj = Math.max(c.objects, ood.contains("ood-world") ? c.oodObjects : 0);
        if (c.maxObjects > 0 && c.maxObjects < needObj)
            throw new IllegalArgumentException("maxObjects = " + c.maxObjects + " is below the " + needObj + " objects this config produces");
        if (c.maxZones > 0 && c.maxZones < c.zones)
            throw new IllegalArgumentException("maxZones = " + c.maxZones + " is below zones = " + c.zones);
        if (c.maxObstacles > 0 && c.maxObstacles < c.obstacles)
            throw new IllegalArgumentException("maxObstacles = " + c.maxObstacles + " is below obstacles = " + c.obstacles);
        int needOpt = Math.max(c.options, ood.contains("ood-goal-size") ? c.oodOptions : 0);
        int needConj = Math.max(c.conjuncts, ood.contains("ood-goal-size") ? c.oodConjuncts : 0);
        if (c.maxOptions > 0 && c.maxOptions < needOpt)
            throw new IllegalArgumentException("maxOptions = " + c.maxOptions + " is below the " + needOpt + " options this config produces");
        if (c.maxConjuncts > 0 && c.maxConjuncts < needConj)
            throw new IllegalArgumentException("maxConjuncts = " + c.maxConjuncts + " is below the " + needConj + " conjuncts this config produces");
        checkFit(c, "objects", c.objects, c.worldSize);
        if (ood.contains("ood-world")) checkFit(c, "oodObjects", Math.max(c.objects, c.oodObjects), c.worldSize * c.oodWorldScale);
    }

    /** Rejects more bodies than random placement can fit (filled area ≤ {@link #MAX_FILL} of the arena). */
    private static void checkFit(Complexity c, String key, int objects, double size) {
        double gap = 0.02;
        double area = size * size;
        double pa = Math.PI * Math.pow(c.playerRadius + gap, 2), oa = Math.PI * Math.pow(c.objectRadius + gap, 2);
        double ka = Math.PI * Math.pow(c.obstacleRadius + gap, 2);
        double used = c.players * pa + objects * oa + c.obstacles * ka;
        if (used > MAX_FILL * area) {
            int fit = (int) Math.floor((MAX_FILL * area - c.players * pa - c.obstacles * ka) / oa);
            throw new IllegalArgumentException(key + " = " + objects + " does not fit in a " + size + " × " + size
                    + " arena with " + c.players + " players and " + c.obstacles + " obstacles; allowed range [1, " + Math.max(0, fit) + "]");
        }
    }
}
