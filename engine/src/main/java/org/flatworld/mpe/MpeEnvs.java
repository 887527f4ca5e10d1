package org.flatworld.mpe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.flatworld.env.VecEnv;
import org.flatworld.kernels.physics.PhysicsKernels;

/**
 * Factory of batched MPE environments by scenario name and PettingZoo-style keyword arguments.
 *
 * <pre>
 *   VecEnv env = MpeEnvs.create("simple_spread", Map.of("N", 3), 4096, 2);
 * </pre>
 * Common kwargs: {@code max_cycles} (25), {@code dt} (0.1), {@code damping} (0.25),
 * {@code contact_force} (100), {@code contact_margin} (0.001), {@code continuous_actions} (only
 * false: {@link VecEnv} is discrete). {@code simple_spread}: {@code N} (3), {@code local_ratio} (0.5).
 */
public final class MpeEnvs {
    private static final Set<String> COMMON = Set.of("max_cycles", "dt", "damping", "contact_force", "contact_margin",
            "continuous_actions");

    private MpeEnvs() {}

    /** Scenarios {@link #create} accepts. */
    public static final java.util.List<String> SCENARIOS = java.util.List.of("simple_spread");

    /** Vector API physics when available (else scalar). */
    public static MpeVecEnv create(String scenario, Map<String, Object> kwargs, int numEnvs, int threads) {
        return create(scenario, kwargs, numEnvs, threads, PhysicsKernels.create("auto"));
    }

    public static MpeVecEnv create(String scenario, Map<String, Object> kwargs, int numEnvs, int threads,
                                   PhysicsKernels kernels) {
        return new MpeVecEnv(scenario(scenario, kwargs, kernels), numEnvs, threads);
    }

    /** The batch scenario for a name and kwargs (unknown keys and out-of-range values are rejected). */
    public static BatchScenario scenario(String scenario, Map<String, Object> kwargs, PhysicsKernels kernels) {
        Map<String, Object> kw = new LinkedHashMap<>(kwargs == null ? Map.of() : kwargs);
        int maxCycles = intArg(kw, "max_cycles", 25, 1, 1_000_000);
        WorldConstants w = new WorldConstants(
                floatArg(kw, "dt", 0.1f), floatArg(kw, "damping", 0.25f),
                floatArg(kw, "contact_force", 100f), floatArg(kw, "contact_margin", 1e-3f));
        Object cont = kw.getOrDefault("continuous_actions", Boolean.FALSE);
        if (!Boolean.FALSE.equals(cont))
            throw new IllegalArgumentException("continuous_actions must be false for a discrete VecEnv, got " + cont);
        switch (scenario) {
            case "simple_spread": {
                checkKeys(scenario, kw, Set.of("N", "local_ratio"));
                int n = intArg(kw, "N", 3, 1, 64);
                float lr = floatArg(kw, "local_ratio", 0.5f);
                return new SpreadScenario(n, lr, maxCycles, w, kernels);
            }
            default:
                throw new IllegalArgumentException("unknown MPE scenario '" + scenario + "'; known: " + SCENARIOS);
        }
    }

    private static void checkKeys(String scenario, Map<String, Object> kw, Set<String> own) {
        for (String k : kw.keySet())
            if (!COMMON.contains(k) && !own.contains(k))
                throw new IllegalArgumentException("unknown kwarg '" + k + "' for " + scenario + "; allowed: " + own + " and " + COMMON);
    }

    private static int intArg(Map<String, Object> kw, String key, int def, int lo, int hi) {
        Object v = kw.get(key);
        if (v == null) return def;
        long x;
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) x = num.longValue();
        else if (v instanceof String str) {
            try { x = Long.parseLong(str.trim()); } catch (NumberFormatException e) { x = Long.MIN_VALUE; }
        } else x = Long.MIN_VALUE;
        if (x < lo || x > hi) throw new IllegalArgumentException(key + " must be an integer in [" + lo + ", " + hi + "], got " + v);
        return (int) x;
    }

    private static float floatArg(Map<String, Object> kw, String key, float def) {
        Object v = kw.get(key);
        if (v == null) return def;
        double x;
        if (v instanceof Number num) x = num.doubleValue();
        else {
            try { x = Double.parseDouble(v.toString().trim()); } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got " + v);
            }
        }
        if (!Double.isFinite(x)) throw new IllegalArgumentException(key + " must be finite, got " + v);
        return (float) x;
    }
}
