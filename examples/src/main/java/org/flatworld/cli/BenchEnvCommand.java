package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.flatworld.kernels.physics.BandwidthProbe;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.flatworld.mpe.MpeEnvs;
import org.flatworld.mpe.MpeVecEnv;
import org.flatworld.mpe.StepBytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flatworld bench env}: batched MPE stepping throughput in env-steps/s (one env-step = every
 * agent of one environment acting once, physics, rewards and auto-reset; with {@code --observe}
 * also writing the observations). Warm-up runs on a small batch first (PERF.md: JIT cliffs). In the
 * same run, round by round, it times the scalar kernels and a {@link BandwidthProbe} over a working
 * set the size of the step's, and prints bytes moved per env-step (counted from the layout,
 * {@link StepBytes}) and the memory-bound rate: copy bandwidth ÷ bytes per env-step.
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

    @Option(names = "--peers", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also measure, interleaved in the same run, the scalar kernels and the memory bandwidth over a "
                    + "working set the size of the step's, and print the memory-bound estimate (default: on; --no-peers to skip).")
    boolean peers;

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
        PhysicsKernels scalar = PhysicsKernels.scalar();
        boolean scalarPeer = peers && !k.name().equals(scalar.name());
        Map<String, Object> kw = new LinkedHashMap<>(kwargs);
        warmUp(kw, k);
        if (scalarPeer) warmUp(kw, scalar);
        try (MpeVecEnv env = MpeEnvs.create(scenario, kw, envs, common.threads, k);
             MpeVecEnv peer = scalarPeer ? MpeEnvs.create(scenario, kw, envs, common.threads, scalar) : null;
             BandwidthProbe probe = peers ? new BandwidthProbe(Math.max(1024, env.workingSetBytes(observe)), env.threads()) : null) {
            Run run = new Run(env, observe), peerRun = peer == null ? null : new Run(peer, observe);
            // interleaved rounds: the step, its scalar peer and the bandwidth streams see the same machine state
            double[] sec = new double[common.repeats], peerSec = new double[common.repeats];
            double[] read = new double[common.repeats], write = new double[common.repeats], copy = new double[common.repeats];
            for (int r = 0; r < common.repeats; r++) {
                sec[r] = BenchCommand.measure(run, 1, common.minTime).median();
                if (peerRun != null) peerSec[r] = BenchCommand.measure(peerRun, 1, common.minTime).median();
                if (probe != null) {
                    BandwidthProbe.Result b = probe.measure(1, common.minTime);
                    read[r] = b.readGBs();
                    write[r] = b.writeGBs();
                    copy[r] = b.copyGBs();
                }
            }
            double median = envs / median(sec);
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
            o.put("median", median);
            o.put("min", envs / max(sec));
            o.put("max", envs / min(sec));
            o.put("unit", "env-steps/s");
            o.put("agent_steps_per_s", median * env.numAgents());
            long flops = env.scenario().stepFlops() + (observe ? env.scenario().observeFlops() : 0);
            o.put("flops_per_env_step", flops);
            o.put("gflops", flops * median / 1e9);
            StepBytes bytes = observe ? env.stepBytes().plus(env.observeBytes()) : env.stepBytes();
            Map<String, Object> bo = new LinkedHashMap<>();
            bo.put("read", bytes.read());
            bo.put("written", bytes.written());
            bo.put("scratch", bytes.scratch());
            bo.put("compulsory", bytes.compulsory());
            bo.put("total", bytes.total());
            o.put("bytes_per_env_step", bo);
            String text = String.format(Locale.ROOT, "env %s × %d: %.3g env-steps/s (median of %d; min %.3g, max %.3g), %s, %d threads%n",
                    scenario, envs, median, common.repeats, envs / max(sec), envs / min(sec), k.description(), env.threads());
            text += String.format(Locale.ROOT, "bytes per env-step: %.1f read + %.1f written (compulsory) + %.1f scratch = %.1f%n",
                    bytes.read(), bytes.written(), bytes.scratch(), bytes.total());
            if (peerRun != null) {
                double pm = envs / median(peerSec);
                Map<String, Object> po = new LinkedHashMap<>();
                po.put("description", scalar.description());
                po.put("median", pm);
                po.put("min", envs / max(peerSec));
                po.put("max", envs / min(peerSec));
                o.put("scalar", po);
                o.put("speedup_vs_scalar", median / pm);
                text += String.format(Locale.ROOT, "scalar peer (same run, interleaved): %.3g env-steps/s; %s is %.2f× that%n", pm, k.name(), median / pm);
            }
            if (probe != null) {
                double bw = median(copy) * 1e9, bound = bytes.bound(bw);
                Map<String, Object> bw0 = new LinkedHashMap<>();
                bw0.put("working_set_bytes", probe.bytes());
                bw0.put("threads", probe.threads());
                bw0.put("read_GBs", median(read));
                bw0.put("write_GBs", median(write));
                bw0.put("copy_GBs", median(copy));
                o.put("bandwidth", bw0);
                o.put("memory_bound", bound);
                o.put("memory_bound_compulsory", bw / bytes.compulsory());
                o.put("fraction_of_bound", median / bound);
                text += String.format(Locale.ROOT, "bandwidth over a %.1f MB working set, %d threads: read %.1f, write %.1f, copy %.1f GB/s%n",
                        probe.bytes() / 1e6, probe.threads(), median(read), median(write), median(copy));
                text += String.format(Locale.ROOT, "memory bound (copy bandwidth ÷ %.0f B): %.3g env-steps/s (%.3g for the compulsory %.0f B); measured = %.0f %% of it%n",
                        bytes.total(), bound, bw / bytes.compulsory(), bytes.compulsory(), 100 * median / bound);
            }
            o.put("repeats", common.repeats);
            o.put("seconds_per_call", median(sec));
            o.put("jdk", Runtime.version().toString());
            if (common.json) System.out.println(new ObjectMapper().writeValueAsString(o));
            else System.out.print(text);
        }
        return 0;
    }

    /** Steps a small batch first, so C2 compiles the kernels on small inputs (PERF.md: JIT cliffs). */
    private void warmUp(Map<String, Object> kw, PhysicsKernels k) {
        try (MpeVecEnv small = MpeEnvs.create(scenario, kw, Math.min(envs, 1024), common.threads, k)) {
            Run warm = new Run(small, observe);
            for (int i = 0; i < warmup; i++) warm.run();
        }
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] x) {
        double m = x[0];
        for (double v : x) m = Math.min(m, v);
        return m;
    }

    private static double max(double[] x) {
        double m = x[0];
        for (double v : x) m = Math.max(m, v);
        return m;
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
