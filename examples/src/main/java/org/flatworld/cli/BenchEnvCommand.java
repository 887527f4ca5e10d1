package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.flatworld.mpe.MpeEnvs;
import org.flatworld.mpe.MpeVecEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flatworld bench env}: batched MPE stepping throughput in env-steps/s (one env-step = every
 * agent of one environment acting once, physics, rewards and auto-reset; with {@code --observe}
 * also writing the observations). Warm-up runs on a small batch first (PERF.md: JIT cliffs).
 */
@Command(name = "env", mixinStandardHelpOptions = true, description = "MPE environment stepping throughput (env-steps/s).")
public final class BenchEnvCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "simple_spread", description = "MPE scenario (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--envs", defaultValue = "65536", description = "Environments in the batch (default: ${DEFAULT-VALUE}).")
    int envs;

    @Option(names = "--set", description = "Scenario kwarg key=value, e.g. N=6 (repeatable).")
    Map<String, String> kwargs = new LinkedHashMap<>();

    @Option(names = "--observe", description = "Also write every observation after each step.")
    boolean observe;

    @Option(names = "--warmup", defaultValue = "2000", description = "Warm-up steps on a batch of ≤ 1024 envs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    BenchCommand.Common common;

    @Override
    public Integer call() throws Exception {
        if (envs < 1 || envs > (1 << 24)) throw new UserError("--envs must be in [1, 16777216], got " + envs);
        if (common.threads < 1 || common.threads > 256) throw new UserError("--threads must be in [1, 256], got " + common.threads);
        if (common.repeats < 1 || common.repeats > 1000) throw new UserError("--repeats must be in [1, 1000], got " + common.repeats);
        if (!(common.minTime >= 0 && common.minTime <= 60)) throw new UserError("--min-time must be in [0, 60] seconds, got " + common.minTime);
        if (warmup < 0 || warmup > 1_000_000) throw new UserError("--warmup must be in [0, 1000000], got " + warmup);
        String backend = common.kernels == null ? Main.backend() : common.kernels;
        PhysicsKernels k = PhysicsKernels.create(backend);
        Map<String, Object> kw = new LinkedHashMap<>(kwargs);
        try (MpeVecEnv small = MpeEnvs.create(scenario, kw, Math.min(envs, 1024), common.threads, k)) {
            Run warm = new Run(small, observe);
            for (int i = 0; i < warmup; i++) warm.run();
        }
        try (MpeVecEnv env = MpeEnvs.create(scenario, kw, envs, common.threads, k)) {
            Run run = new Run(env, observe);
            BenchCommand.Timing t = BenchCommand.measure(run, common.repeats, common.minTime);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("what", "env");
            o.put("scenario", scenario);
            o.put("kwargs", kw);
            o.put("envs", envs);
            o.put("agents", env.numAgents());
            o.put("observe", observe);
            o.put("backend", k.name());
            o.put("description", k.description());
            o.put("threads", env.threads());
            o.put("median", envs / t.median());
            o.put("min", envs / t.max());
            o.put("max", envs / t.min());
            o.put("unit", "env-steps/s");
            o.put("agent_steps_per_s", (double) envs * env.numAgents() / t.median());
            long flops = env.scenario().stepFlops() + (observe ? env.scenario().observeFlops() : 0);
            o.put("flops_per_env_step", flops);
            o.put("gflops", flops * (envs / t.median()) / 1e9);
            o.put("repeats", common.repeats);
            o.put("seconds_per_call", t.median());
            o.put("jdk", Runtime.version().toString());
            if (common.json) System.out.println(new ObjectMapper().writeValueAsString(o));
            else System.out.printf(Locale.ROOT, "env %s × %d: %.3g env-steps/s (median of %d; min %.3g, max %.3g), %s, %d threads%n",
                    scenario, envs, envs / t.median(), common.repeats, envs / t.max(), envs / t.min(), k.description(), env.threads());
        }
        return 0;
    }

    /** One step of seeded random actions (drawn once; the same actions every step). */
    private static final class Run implements Runnable {
        private final MpeVecEnv env;
        private final boolean observe;
        private final int[] actions;   // (envs, agents)
        private final float[] rewards; // (envs, agents)
        private final float[] obs;     // (envs, agents, obsDim)
        private final byte[] done;     // (envs)

        Run(MpeVecEnv env, boolean observe) {
            this.env = env;
            this.observe = observe;
            int n = env.numAgents();
            actions = new int[env.numEnvs() * n];
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < actions.length; i++) actions[i] = r.nextInt(env.numActions(i % n));
            rewards = new float[actions.length];
            obs = observe ? new float[actions.length * env.obsDim()] : null;
            done = new byte[env.numEnvs()];
            env.reset(1);
        }

        @Override
        public void run() {
            env.step(actions, rewards, done);
            if (observe) env.observe(obs);
        }
    }
}
