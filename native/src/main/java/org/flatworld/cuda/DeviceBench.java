package org.flatworld.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;

/**
 * GPU throughput, device-resident (no host copies inside the timed loops), for {@link DeviceCheck}'s
 * {@code bench} mode. Each figure is the median of 5 timed rounds after a warm-up; a round is
 * timed on the host around enqueue + stream synchronisation. Results are maps shaped like the
 * CLI's {@code bench --json} objects ({@code what}, {@code backend}, {@code median}, {@code unit}, …).
 * Targets (docs/GPU.md): simple_spread N=3 ≥ 1 G env-steps/s at ≥ 1 M envs; GEMM ≥ 50 % of cuBLAS.
 */
public final class DeviceBench {
    private static final int ROUNDS = 5;

    private DeviceBench() {}

    public static List<Map<String, Object>> run(CudaDevice device) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (CudaStream s = device.createStream(); DeviceKernels dk = new DeviceKernels(s)) {
            CublasPeer cublas = CublasPeer.problem() == null ? new CublasPeer(s) : null;
            try {
                int[][] shapes = {{4096, 64, 256}, {4096, 256, 256}, {256, 256, 256}, {1024, 512, 512}, {4096, 256, 5}, {4096, 4096, 4096}};
                for (int[] mkn : shapes) out.add(gemm(dk, cublas, mkn[0], mkn[1], mkn[2]));
            } finally {
                if (cublas != null) cublas.close();
            }
            for (int envs : new int[] {1 << 20, 1 << 22}) {
                out.add(env(dk, envs, true));
                out.add(env(dk, envs, false));
            }
            out.add(rollout(dk, 1 << 18));
        }
        return out;
    }

    private interface Body {
        void run(int reps);
    }

    /** Median seconds per repetition. */
    private static double time(CudaStream s, Body body, int reps) {
        body.run(Math.max(1, reps / 4));   // warm-up
        s.synchronize();
        double[] t = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            body.run(reps);
            s.synchronize();
            t[r] = (System.nanoTime() - t0) / 1e9 / reps;
        }
        Arrays.sort(t);
        return t[ROUNDS / 2];
    }

    private static void fill(CudaStream s, DeviceBuffer b, long n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[(int) n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        s.upload(a, 0, (int) n, b.address());
    }

    private static Map<String, Object> gemm(DeviceKernels dk, CublasPeer cublas, int m, int k, int n) {
        CudaStream s = dk.stream();
        CudaDevice d = s.device();
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(5, Math.min(2000, 2e10 / flops));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("what", "gemm");
        r.put("backend", "cuda");
        r.put("m", m);
        r.put("k", k);
        r.put("n", n);
        try (DeviceBuffer a = d.allocate(4L * m * k); DeviceBuffer b = d.allocate(4L * k * n); DeviceBuffer c = d.allocate(4L * m * n)) {
            fill(s, a, (long) m * k, 1);
            fill(s, b, (long) k * n, 2);
            double sec = time(s, reps1 -> {
                for (int i = 0; i < reps1; i++)
                    dk.gemm(false, false, m, n, k, a.address(), k, b.address(), n, c.address(), n, false, FlopLedger.NONE);
            }, reps);
            r.put("median", flops / sec / 1e9);
            r.put("unit", "GFLOP/s");
            if (cublas != null) {
                double cs = time(s, reps1 -> {
                    for (int i = 0; i < reps1; i++) cublas.sgemmRowMajor(m, n, k, a.address(), b.address(), c.address());
                }, reps);
                r.put("cublas", flops / cs / 1e9);
                r.put("ratio_vs_cublas", cs / sec);
            } else {
                r.put("cublas", null);
                r.put("cublas_skipped", CublasPeer.problem());
            }
        }
        return r;
    }

    private static Map<String, Object> env(DeviceKernels dk, int envs, boolean writeObs) {
        CudaStream s = dk.stream();
        SpreadConfig c = SpreadConfig.simpleSpread(3);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("what", "env");
        r.put("backend", "cuda");
        r.put("scenario", "simple_spread");
        r.put("agents", 3);
        r.put("envs", envs);
        r.put("obs", writeObs);
        try (DeviceSpreadEnv env = new DeviceSpreadEnv(dk, c, envs)) {
            env.reset(7);
            int[] actions = new int[envs * 3];
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < actions.length; i++) actions[i] = rnd.nextInt(5);
            var seg = s.staging(4L * actions.length);
            MemorySegment.copy(actions, 0, seg, ValueLayout.JAVA_INT, 0, actions.length);
            s.copyToDevice(env.actionsBuffer(), seg, 4L * actions.length);
            long obs = writeObs ? env.obsBuffer() : 0;
            double sec = time(s, reps -> {
                for (int i = 0; i < reps; i++) env.stepDevice(env.actionsBuffer(), env.rewardsBuffer(), env.doneBuffer(), obs);
            }, 50);
            r.put("median", envs / sec);
            r.put("unit", "env-steps/s");
        }
        return r;
    }

    /**
     * A whole rollout step on the device: MLP 18→64→64→5 (tanh) policy forward for envs·3 agents,
     * log-softmax, sampling with the counter-based generator, env step writing the next
     * observations, with no host round trip. Agent-steps/s.
     */
    private static Map<String, Object> rollout(DeviceKernels dk, int envs) {
        CudaStream s = dk.stream();
        CudaDevice d = s.device();
        SpreadConfig c = SpreadConfig.simpleSpread(3);
        int rows = envs * 3, obsDim = c.obsDim(), h = 64, acts = c.numActions();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("what", "rollout");
        r.put("backend", "cuda");
        r.put("scenario", "simple_spread");
        r.put("envs", envs);
        r.put("network", "mlp 18-64-64-5 tanh");
        FlopLedger ledger = new FlopLedger();
        FlopLedger.Counter act = ledger.counter(FlopCategory.ACT);
        try (DeviceSpreadEnv env = new DeviceSpreadEnv(dk, c, envs);
             DeviceBuffer w1 = d.allocate(4L * h * obsDim); DeviceBuffer b1 = d.allocate(4L * h);
             DeviceBuffer w2 = d.allocate(4L * h * h); DeviceBuffer b2 = d.allocate(4L * h);
             DeviceBuffer w3 = d.allocate(4L * acts * h); DeviceBuffer b3 = d.allocate(4L * acts);
             DeviceBuffer h1 = d.allocate(4L * rows * h); DeviceBuffer h2 = d.allocate(4L * rows * h);
             DeviceBuffer logits = d.allocate(4L * rows * acts)) {
            fill(s, w1, (long) h * obsDim, 11);
            fill(s, b1, h, 12);
            fill(s, w2, (long) h * h, 13);
            fill(s, b2, h, 14);
            fill(s, w3, (long) acts * h, 15);
            fill(s, b3, acts, 16);
            env.reset(5);
            long[] counter = {0};
            double sec = time(s, reps -> {
                for (int i = 0; i < reps; i++) {
                    long x = env.obsBuffer();
                    dk.gemm(false, true, rows, h, obsDim, x, obsDim, w1.address(), obsDim, h1.address(), h, false, act);
                    dk.biasAdd(rows, h, h1.address(), b1.address(), act);
                    dk.tanh((long) rows * h, h1.address(), h1.address(), act);
                    dk.gemm(false, true, rows, h, h, h1.address(), h, w2.address(), h, h2.address(), h, false, act);
                    dk.biasAdd(rows, h, h2.address(), b2.address(), act);
                    dk.tanh((long) rows * h, h2.address(), h2.address(), act);
                    dk.gemm(false, true, rows, acts, h, h2.address(), h, w3.address(), h, logits.address(), acts, false, act);
                    dk.biasAdd(rows, acts, logits.address(), b3.address(), act);
                    dk.logSoftmax(rows, acts, logits.address(), logits.address(), act);
                    dk.sampleCategorical(rows, acts, logits.address(), 0, 99, counter[0]++, env.actionsBuffer(), act);
                    env.stepDevice(env.actionsBuffer(), env.rewardsBuffer(), env.doneBuffer(), env.obsBuffer());
                }
            }, 20);
            r.put("median", rows / sec);
            r.put("unit", "agent-steps/s");
        }
        return r;
    }
}
