package org.flatworld.mpe;

import java.util.Map;
import org.flatworld.kernels.physics.PhysicsKernels;

/**
 * Factory of batched MPE environments ({@link org.flatworld.env.VecEnv}) by scenario name and
 * PettingZoo-style keyword arguments (listed in {@link MpeLayout#of}).
 *
 * <pre>
 *   try (MpeVecEnv env = MpeEnvs.create("simple_spread", Map.of("N", 3), 4096, 2)) {
 *       env.reset(seed);
 *       env.observe(obs);                 // (envs, agents, obsDim)
 *       env.step(actions, rewards, done); // auto-resets ended episodes
 *   }
 * </pre>
 * Actions are discrete ({@code continuous_actions} must be false or absent); agents whose action
 * set or observation is smaller than the widest agent's are padded (observations with zeros).
 */
public final class MpeEnvs {
    private MpeEnvs() {}

    /** Scenario names {@link #create} accepts. */
    public static final java.util.List<String> SCENARIOS = MpeLayout.SCENARIOS;

    /** Vector API physics when available, else scalar. */
    public static MpeVecEnv create(String scenario, Map<String, Object> kwargs, int numEnvs, int threads) {
        return create(scenario, kwargs, numEnvs, threads, PhysicsKernels.create("auto"));
    }

    public static MpeVecEnv create(String scenario, Map<String, Object> kwargs, int numEnvs, int threads,
                                   PhysicsKernels kernels) {
        return new MpeVecEnv(scenario(scenario, kwargs, kernels), numEnvs, threads);
    }

    /** The batch scenario for a name and kwargs (unknown keys and out-of-range values are rejected). */
    public static BatchScenario scenario(String scenario, Map<String, Object> kwargs, PhysicsKernels kernels) {
        Object cont = kwargs == null ? null : kwargs.get("continuous_actions");
        if (cont != null && !Boolean.FALSE.equals(cont) && !"false".equals(cont))
            throw new IllegalArgumentException("continuous_actions must be false for a discrete VecEnv, got " + cont);
        MpeLayout layout = MpeLayout.of(scenario, kwargs);
        return layout.kind() == MpeLayout.Kind.SPREAD ? new SpreadScenario(layout, kernels) : new GenericScenario(layout, kernels);
    }

    /** Like {@link #scenario} but always the generic per-environment rules (for tests and comparisons). */
    static BatchScenario genericScenario(String scenario, Map<String, Object> kwargs, PhysicsKernels kernels) {
        return new GenericScenario(MpeLayout.of(scenario, kwargs), kernels);
    }
}
