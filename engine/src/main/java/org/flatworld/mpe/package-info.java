/**
 * The multi-agent particle environments, reproduced exactly: {@code simple_spread} (any N),
 * {@code simple_reference}, {@code simple_tag}, {@code simple_world_comm}.
 *
 * <ul>
 *   <li>{@link org.flatworld.mpe.MpeEnvs#create} — a batched {@link org.flatworld.env.VecEnv}
 *       ({@link org.flatworld.mpe.MpeVecEnv}: float32, Vector API physics, worker threads, auto-reset,
 *       truncation at {@code max_cycles}, per-environment seeds {@code seed + envId}, analytic
 *       {@code sim} FLOPs);</li>
 *   <li>{@link org.flatworld.mpe.MpeLayout} — a scenario's definition from its name and
 *       PettingZoo-style kwargs; {@link org.flatworld.mpe.MpeRules} — its observation and reward rules;</li>
 *   <li>{@link org.flatworld.mpe.MpeReference} — one environment in double precision (discrete or
 *       continuous actions), and {@link org.flatworld.mpe.MpeRecording} — the fixture file format
 *       ({@code flatworld mpe replay}).</li>
 * </ul>
 * The batch engine ({@code MpeVecEnv}) is separate from the scenario definitions
 * ({@code BatchScenario}: {@code SpreadScenario}, fully vectorised, and {@code GenericScenario},
 * vectorised physics with the shared rules per environment).
 */
package org.flatworld.mpe;
