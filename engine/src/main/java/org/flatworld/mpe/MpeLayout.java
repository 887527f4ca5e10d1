package org.flatworld.mpe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flatworld.kernels.physics.PointMassSpec;
import org.flatworld.physics.ReferenceWorld;

/**
 * The definition of one MPE scenario instance (MPE2 1.1.0 / PettingZoo {@code make_world}): its
 * agents and landmarks with their properties, action and observation sizes, reward mixing and
 * episode length. Shared by the double-precision reference ({@link MpeReference}) and the batched
 * float32 environments ({@link MpeVecEnv}); the rules themselves are in {@link MpeRules}.
 *
 * <p>Entity order: agents (in the reference's agent order), then landmarks (for
 * {@code simple_world_comm}: obstacles, food, forests).
 */
public final class MpeLayout {
    /** Scenario names this class knows. */
    public static final List<String> SCENARIOS = List.of("simple_spread", "simple_reference", "simple_tag", "simple_world_comm");
    /** MPE's move set: none, −x, +x, −y, +y. */
    public static final int MOVES = 5;
    /** Colours of simple_reference's three landmarks (red, green, blue). */
    static final double[][] REFERENCE_COLORS = {{0.75, 0.25, 0.25}, {0.25, 0.75, 0.25}, {0.25, 0.25, 0.75}};

    public enum Kind { SPREAD, REFERENCE, TAG, WORLD_COMM }

    final Kind kind;
    final String scenario;
    final int agents, entities, dimC, maxCycles;
    final String[] names;                            // (entities)
    final boolean[] adversary, leader, silent;       // (agents)
    final double[] accel;                            // (agents)
    final double[] size, mass, maxSpeed;             // (entities), maxSpeed NaN = none
    final boolean[] movable, collide;                // (entities)
    final int[] obstacles, food, forests, good, bad; // entity / agent index lists
    final double localRatio;                         // NaN = no global reward
    final double agentRange, landmarkRange;          // initial positions uniform in [−range, range]²
    final double dt, damping, contactForce, contactMargin;

    private MpeLayout(Kind kind, String scenario, int agents, int landmarks, int dimC, int maxCycles, double localRatio,
                      double landmarkRange, Map<String, Object> kw) {
        this.kind = kind;
        this.scenario = scenario;
        this.agents = agents;
        this.entities = agents + landmarks;
        this.dimC = dimC;
        this.maxCycles = maxCycles;
        this.localRatio = localRatio;
        this.agentRange = 1.0;
        this.landmarkRange = landmarkRange;
        this.dt = Kw.real(kw, "dt", 0.1, 1e-6, 10);
        this.damping = Kw.real(kw, "damping", 0.25, 0, 1);
        this.contactForce = Kw.real(kw, "contact_force", 100.0, 0, 1e9);
        this.contactMargin = Kw.real(kw, "contact_margin", 1e-3, 1e-9, 10);
        names = new String[entities];
        adversary = new boolean[agents];
        leader = new boolean[agents];
        silent = new boolean[agents];
        accel = new double[agents];
        size = new double[entities];
        mass = new double[entities];
        maxSpeed = new double[entities];
        movable = new boolean[entities];
        collide = new boolean[entities];
        Arrays.fill(mass, 1.0);
        Arrays.fill(maxSpeed, Double.NaN);
        Arrays.fill(accel, 5.0);
        Arrays.fill(silent, true);
        for (int a = 0; a < agents; a++) { movable[a] = true; collide[a] = true; }
        obstacles = new int[0];
        food = new int[0];
        forests = new int[0];
        good = new int[0];
        bad = new int[0];
    }

    private MpeLayout(MpeLayout base, int[] obstacles, int[] food, int[] forests) {
        kind = base.kind; scenario = base.scenario; agents = base.agents; entities = base.entities; dimC = base.dimC;
        maxCycles = base.maxCycles; names = base.names; adversary = base.adversary; leader = base.leader;
        silent = base.silent; accel = base.accel; size = base.size; mass = base.mass; maxSpeed = base.maxSpeed;
        movable = base.movable; collide = base.collide; localRatio = base.localRatio; agentRange = base.agentRange;
        landmarkRange = base.landmarkRange; dt = base.dt; damping = base.damping; contactForce = base.contactForce;
        contactMargin = base.contactMargin;
        this.obstacles = obstacles;
        this.food = food;
        this.forests = forests;
        int g = 0;
        for (boolean x : adversary) if (!x) g++;
        good = new int[g];
        bad = new int[agents - g];
        for (int a = 0, i = 0, j = 0; a < agents; a++) if (adversary[a]) bad[j++] = a; else good[i++] = a;
    }

    /**
     * The layout for a scenario and PettingZoo-style kwargs: {@code max_cycles} (25), {@code dt},
     * {@code damping}, {@code contact_force}, {@code contact_margin}, {@code continuous_actions}
     * (ignored here); simple_spread {@code N} (3), {@code local_ratio} (0.5); simple_reference
     * {@code local_ratio}; simple_tag {@code num_good} (1), {@code num_adversaries} (3),
     * {@code num_obstacles} (2); simple_world_comm {@code num_good} (2), {@code num_adversaries} (4,
     * the first is the leader), {@code num_obstacles} (1), {@code num_food} (2), {@code num_forests} (2).
     */
    public static MpeLayout of(String scenario, Map<String, Object> kwargs) {
        Map<String, Object> kw = new LinkedHashMap<>(kwargs == null ? Map.of() : kwargs);
        Set<String> common = Set.of("max_cycles", "dt", "damping", "contact_force", "contact_margin", "continuous_actions");
        int maxCycles = Kw.integer(kw, "max_cycles", 25, 1, 1_000_000);
        switch (scenario) {
            case "simple_spread": {
                Kw.check(scenario, kw, common, Set.of("N", "local_ratio"));
                int n = Kw.integer(kw, "N", 3, 1, 64);
                MpeLayout l = new MpeLayout(Kind.SPREAD, scenario, n, n, 2, maxCycles,
                        Kw.real(kw, "local_ratio", 0.5, 0, 1), 1.0, kw);
                for (int a = 0; a < n; a++) { l.names[a] = "agent_" + a; l.size[a] = 0.15; }
                for (int i = 0; i < n; i++) { int e = n + i; l.names[e] = "landmark " + i; l.size[e] = 0.05; }
                return new MpeLayout(l, new int[0], new int[0], new int[0]);
            }
            case "simple_reference": {
                Kw.check(scenario, kw, common, Set.of("local_ratio"));
                MpeLayout l = new MpeLayout(Kind.REFERENCE, scenario, 2, 3, 10, maxCycles,
                        Kw.real(kw, "local_ratio", 0.5, 0, 1), 1.0, kw);
                for (int a = 0; a < 2; a++) { l.names[a] = "agent_" + a; l.size[a] = 0.05; l.collide[a] = false; l.silent[a] = false; }
                for (int i = 0; i < 3; i++) { l.names[2 + i] = "landmark " + i; l.size[2 + i] = 0.05; }
                return new MpeLayout(l, new int[0], new int[0], new int[0]);
            }
            case "simple_tag": {
                Kw.check(scenario, kw, common, Set.of("num_good", "num_adversaries", "num_obstacles"));
                int good = Kw.integer(kw, "num_good", 1, 0, 64), adv = Kw.integer(kw, "num_adversaries", 3, 0, 64);
                int obst = Kw.integer(kw, "num_obstacles", 2, 0, 64);
                if (good + adv < 1) throw new IllegalArgumentException("num_good + num_adversaries must be ≥ 1");
                MpeLayout l = new MpeLayout(Kind.TAG, scenario, good + adv, obst, 2, maxCycles, Double.NaN, 0.9, kw);
                for (int a = 0; a < good + adv; a++) {
                    boolean bad = a < adv;
                    l.adversary[a] = bad;
                    l.names[a] = bad ? "adversary_" + a : "agent_" + (a - adv);
                    l.size[a] = bad ? 0.075 : 0.05;
                    l.accel[a] = bad ? 3.0 : 4.0;
                    l.maxSpeed[a] = bad ? 1.0 : 1.3;
                }
                int[] obstacles = new int[obst];
                for (int i = 0; i < obst; i++) {
                    int e = good + adv + i;
                    l.names[e] = "landmark " + i; l.size[e] = 0.2; l.collide[e] = true; obstacles[i] = e;
                }
                return new MpeLayout(l, obstacles, new int[0], new int[0]);
            }
            case "simple_world_comm": {
                Kw.check(scenario, kw, common, Set.of("num_good", "num_adversaries", "num_obstacles", "num_food", "num_forests"));
                int good = Kw.integer(kw, "num_good", 2, 0, 64), adv = Kw.integer(kw, "num_adversaries", 4, 1, 64);
                int obst = Kw.integer(kw, "num_obstacles", 1, 0, 64), nf = Kw.integer(kw, "num_food", 2, 1, 64);
                int nforest = Kw.integer(kw, "num_forests", 2, 0, 64);
                if (good < 1) throw new IllegalArgumentException("num_good must be in [1, 64], got " + good);
                int agents = good + adv;
                MpeLayout l = new MpeLayout(Kind.WORLD_COMM, scenario, agents, obst + nf + nforest, 4, maxCycles, Double.NaN, 0.9, kw);
                for (int a = 0; a < agents; a++) {
                    boolean bad = a < adv;
                    l.adversary[a] = bad;
                    l.leader[a] = a == 0;
                    l.silent[a] = a > 0;
                    int base = bad ? Math.max(0, a - 1) : a - adv;
                    l.names[a] = (a == 0 ? "leadadversary" : bad ? "adversary" : "agent") + "_" + base;
                    l.size[a] = bad ? 0.075 : 0.045;
                    l.accel[a] = bad ? 3.0 : 4.0;
                    l.maxSpeed[a] = bad ? 1.0 : 1.3;
                }
                int[] obstacles = new int[obst], food = new int[nf], forests = new int[nforest];
                int e = agents;
                for (int i = 0; i < obst; i++, e++) { l.names[e] = "landmark " + i; l.size[e] = 0.2; l.collide[e] = true; obstacles[i] = e; }
                for (int i = 0; i < nf; i++, e++) { l.names[e] = "food " + i; l.size[e] = 0.03; food[i] = e; }
                for (int i = 0; i < nforest; i++, e++) { l.names[e] = "forest " + i; l.size[e] = 0.3; forests[i] = e; }
                return new MpeLayout(l, obstacles, food, forests);
            }
            default:
                throw new IllegalArgumentException("unknown MPE scenario '" + scenario + "'; known: " + SCENARIOS);
        }
    }

    public Kind kind() { return kind; }

    public String scenario() { return scenario; }

    public int numAgents() { return agents; }

    public int entities() { return entities; }

    public int dimC() { return dimC; }

    public int maxCycles() { return maxCycles; }

    /** Agent names in order (as the reference's {@code agents}). */
    public List<String> agentNames() { return List.of(Arrays.copyOf(names, agents)); }

    public String entityName(int e) { return names[e]; }

    public boolean silent(int agent) { return silent[agent]; }

    public boolean adversary(int agent) { return adversary[agent]; }

    /** Discrete actions of an agent: 5 moves × (dim_c symbols if it speaks). */
    public int numActions(int agent) { return silent[agent] ? MOVES : MOVES * dimC; }

    /** Largest {@link #numActions(int)} over agents. */
    public int maxActions() {
        int m = 0;
        for (int a = 0; a < agents; a++) m = Math.max(m, numActions(a));
        return m;
    }

    /** Continuous action width: 5 move entries, then dim_c communication entries if it speaks. */
    public int continuousDim(int agent) { return silent[agent] ? MOVES : MOVES + dimC; }

    /** Observation width of an agent (MPE's per-agent {@code obs_dims}). */
    public int obsDim(int agent) {
        int n = agents;
        switch (kind) {
            case SPREAD: return 4 + 2 * (entities - agents) + 2 * (n - 1) + dimC * (n - 1);
            case REFERENCE: return 2 + 2 * (entities - agents) + 3 + dimC * (n - 1);
            case TAG: {
                int goodOthers = good.length - (adversary[agent] ? 0 : 1);
                return 4 + 2 * obstacles.length + 2 * (n - 1) + 2 * goodOthers;
            }
            default: {
                int goodOthers = good.length - (adversary[agent] ? 0 : 1);
                int base = 4 + 2 * (entities - agents) + 2 * (n - 1) + 2 * goodOthers + forests.length;
                return adversary[agent] ? base + dimC : base;
            }
        }
    }

    /** Largest {@link #obsDim(int)} over agents. */
    public int maxObsDim() {
        int m = 0;
        for (int a = 0; a < agents; a++) m = Math.max(m, obsDim(a));
        return m;
    }

    /** Whether rewards mix a global part: g·(1 − localRatio) + local·localRatio. */
    public boolean hasGlobalReward() { return !Double.isNaN(localRatio); }

    public double localRatio() { return localRatio; }

    /** A double-precision single-environment world with this layout's bodies and constants. */
    public ReferenceWorld referenceWorld() {
        return new ReferenceWorld(agents, size, mass, movable, collide, maxSpeed, dt, damping, contactForce, contactMargin);
    }

    /** The float32 body table for the batched kernels. */
    public PointMassSpec spec() {
        float[] s = new float[entities], m = new float[entities], cap = new float[entities];
        for (int e = 0; e < entities; e++) { s[e] = (float) size[e]; m[e] = (float) mass[e]; cap[e] = (float) maxSpeed[e]; }
        return new PointMassSpec(s, m, movable, collide, cap, (float) dt, (float) damping, (float) contactForce, (float) contactMargin);
    }

    float[] accelFloat() {
        float[] f = new float[agents];
        for (int a = 0; a < agents; a++) f[a] = (float) accel[a];
        return f;
    }

    /** Entity indices of the food landmarks (simple_world_comm). */
    int[] food() { return food; }

    @Override
    public String toString() {
        List<String> n = new ArrayList<>(Arrays.asList(names));
        return "MpeLayout[" + scenario + ", entities=" + n + "]";
    }

    /** Keyword-argument parsing with messages that name the key, the value and the allowed range. */
    static final class Kw {
        private Kw() {}

        static void check(String scenario, Map<String, Object> kw, Set<String> common, Set<String> own) {
            for (String k : kw.keySet())
                if (!common.contains(k) && !own.contains(k))
                    throw new IllegalArgumentException("unknown kwarg '" + k + "' for " + scenario + "; allowed: "
                            + new java.util.TreeSet<>(own) + " and " + new java.util.TreeSet<>(common));
        }

        static int integer(Map<String, Object> kw, String key, int def, int lo, int hi) {
            Object v = kw.get(key);
            if (v == null) return def;
            long x = Long.MIN_VALUE;
            if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) x = num.longValue();
            else if (v instanceof String str) {
                try { x = Long.parseLong(str.trim()); } catch (NumberFormatException e) { x = Long.MIN_VALUE; }
            }
            if (x < lo || x > hi) throw new IllegalArgumentException(key + " must be an integer in [" + lo + ", " + hi + "], got " + v);
            return (int) x;
        }

        static double real(Map<String, Object> kw, String key, double def, double lo, double hi) {
            Object v = kw.get(key);
            if (v == null) return def;
            double x = Double.NaN;
            if (v instanceof Number num) x = num.doubleValue();
            else {
                try { x = Double.parseDouble(v.toString().trim()); } catch (NumberFormatException e) { x = Double.NaN; }
            }
            if (!(x >= lo && x <= hi)) throw new IllegalArgumentException(key + " must be a number in [" + lo + ", " + hi + "], got " + v);
            return x;
        }
    }
}
