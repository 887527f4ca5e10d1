package org.flatworld.cuda;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.OptimKernels;
import org.flatworld.kernels.scalar.ScalarKernels;

/**
 * The on-device acceptance run (docs/GPU.md), as a program so that a bare GPU machine needs only a
 * JRE and the jars ({@code native/scripts/device-check.sh}):
 * <ul>
 *   <li>{@code check}: every CUDA kernel against the scalar CPU reference on fresh random inputs
 *       over awkward sizes (max-norm relative error ≤ 1e-5, sentinels past each output untouched,
 *       identical FLOP ledgers), the device env step against {@link SpreadReference} step by step
 *       across auto-resets, device sampling/argmax and goal evaluation against plain Java.</li>
 *   <li>{@code bench}: GEMM GFLOP/s against cuBLAS (when libcublas loads) and simple_spread
 *       env-steps/s at 1 M and 4 M environments, plus a device-resident rollout (policy forward,
 *       sampling and env step chained on one stream).</li>
 * </ul>
 * Usage: {@code DeviceCheck [check|bench|all] [--quick]}; {@code --quick} drops the largest
 * sizes (for the host emulator of CudaEmulatorTest). Output: one JSON object per line on stdout.
 * Exit code 0 all passed, 1 a check failed, 3 no device.
 */
public final class DeviceCheck {
    /** Max-norm relative tolerance of every comparison. */
    public static final double TOLERANCE = 1e-5;
    private static final float SENTINEL = 12345.5f;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One comparison's outcome. */
    public record Result(String name, boolean ok, double error, String detail) {}

    private final Kernels cuda;
    private final Kernels ref = new ScalarKernels();
    private final FlopLedger cudaLedger = new FlopLedger(), refLedger = new FlopLedger();
    private final FlopLedger.Counter cf = cudaLedger.counter(FlopCategory.LEARN_FWD), rf = refLedger.counter(FlopCategory.LEARN_FWD);
    private final SplittableRandom rng;
    private final boolean quick;
    private final List<Result> results = new ArrayList<>();

    private DeviceCheck(Kernels cuda, long seed, boolean quick) {
        this.cuda = cuda;
        this.rng = new SplittableRandom(seed);
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        boolean quick = args.length > 1 && args[1].equals("--quick");
        if (!mode.equals("check") && !mode.equals("bench") && !mode.equals("all"))
            throw new IllegalArgumentException("mode must be check, bench or all; got '" + mode + "'");
        String why = CudaDevice.probe();
        if (why != null) {
            print(ordered("what", "device", "available", false, "reason", why));
            System.exit(3);
        }
        CudaDevice device = CudaDevice.get();
        print(ordered("what", "device", "available", true, "description", device.description()));
        boolean ok = true;
        if (!mode.equals("bench")) {
            List<Result> rs = checks(System.nanoTime(), quick);
            for (Result r : rs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("what", "check");
                m.put("name", r.name());
                m.put("ok", r.ok());
                m.put("error", r.error());
                m.put("detail", r.detail());
                print(m);
                ok &= r.ok();
            }
            long failed = 0;
            for (Result r : rs) if (!r.ok()) failed++;
            print(ordered("what", "summary", "checks", rs.size(), "failed", failed));
        }
        if (!mode.equals("check")) for (Map<String, Object> m : DeviceBench.run(device)) print(m);
        System.exit(ok ? 0 : 1);
    }

    /** A map of key, value, key, value … in that order. */
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static void print(Map<String, ?> m) throws Exception {
        System.out.println(JSON.writeValueAsString(m));
    }

    /**
     * Runs every comparison on the process's device (which must be available) with inputs from
     * {@code seed}; {@code quick} leaves out the largest sizes.
     */
    public static List<Result> checks(long seed, boolean quick) {
        try (CudaKernels k = new CudaKernels(CudaDevice.get(), 1)) {
            DeviceCheck c = new DeviceCheck(k, seed, quick);
            c.gemms();
            c.elementwise();
            c.rowwise();
            c.lstm();
            c.adam();
            c.ledgers();
            c.gemmTiles(k.device());
            c.clippedAdam(k.device());
            c.sampling(k.device());
            c.goals(k.device());
            // 5,000 environments: more than 32 blocks of 128, so the N = 3 kernel's block loop runs twice
            // on a one-SM device (the host emulator) and its last block is partial
            c.spread(k.device(), SpreadConfig.simpleSpread(3), 5000);
            c.spread(k.device(), new SpreadConfig(4, 5, 0.1f, 0.25f, 100f, 1e-3f, 5f, 0.15f, 1f, 0.5f, 7), 333);
            return c.results;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** n uniform values in [−1, 1) followed by one sentinel. */
    private float[] random(int n) {
        float[] a = new float[n + 1];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        a[n] = SENTINEL;
        return a;
    }

    /** max |got − want| / max(max |want|, 1e-30) over [0, n), and the sentinel at n must be intact. */
    private void compare(String name, float[] got, float[] want, int n) {
        double diff = 0, scale = 0;
        for (int i = 0; i < n; i++) {
            diff = Math.max(diff, Math.abs((double) got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
            if (Float.isNaN(got[i]) != Float.isNaN(want[i])) diff = Double.POSITIVE_INFINITY;
        }
        double err = scale == 0 ? diff : diff / scale;
        boolean sentinel = got.length <= n || got[n] == SENTINEL || got[n] == want[n];
        add(name, err <= TOLERANCE && sentinel, err, sentinel ? "" : "sentinel overwritten");
    }

    private void add(String name, boolean ok, double error, String detail) {
        results.add(new Result(name, ok, error, detail));
    }

    // ---------------------------------------------------------------- host-array kernels

    private void gemms() {
        int[][] shapes = {{1, 1, 1}, {3, 7, 13}, {33, 207, 8}, {207, 33, 1021}, {64, 64, 64}, {4098, 5, 64}, {127, 129, 0}, {65, 1, 300}};
        for (int[] s : shapes) {
            if (quick && (long) s[0] * s[1] * s[2] > 1_000_000) continue;
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                for (boolean acc : new boolean[] {false, true}) gemm(s[0], s[1], s[2], ta, tb, acc);
            }
        }
    }

    private void gemm(int m, int n, int k, boolean ta, boolean tb, boolean acc) {
        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;   // padded rows: offsets and gaps exercised
        int aOff = 5, bOff = 2, cOff = 7;
        int aRows = ta ? k : m, bRows = tb ? n : k;
        float[] a = random(aOff + Math.max(aRows, 1) * lda), b = random(bOff + Math.max(bRows, 1) * ldb);
        float[] c = random(cOff + m * ldc);
        float[] c2 = c.clone();
        cuda.gemm().gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc, cf);
        ref.gemm().gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c2, cOff, ldc, acc, rf);
        compare("gemm m=" + m + " n=" + n + " k=" + k + " tA=" + ta + " tB=" + tb + " acc=" + acc, c, c2, c.length - 1);
    }

    private static final int[] SIZES = {1, 3, 7, 8, 13, 33, 207, 1021, 4098, (1 << 20) + 3};

    private void elementwise() {
        for (int n : SIZES) {
            if (quick && n > 5000) continue;
            float[] x = random(n), y = random(n), y2 = y.clone();
            cuda.mlp().tanh(n, x, 0, y, 0, cf);
            ref.mlp().tanh(n, x, 0, y2, 0, rf);
            compare("tanh n=" + n, y, y2, n);
            float[] dy = random(n), dx = random(n), dx2 = dx.clone();
            cuda.mlp().tanhBackward(n, y2, 0, dy, 0, dx, 0, cf);
            ref.mlp().tanhBackward(n, y2, 0, dy, 0, dx2, 0, rf);
            compare("tanhBackward n=" + n, dx, dx2, n);
            y = random(n);
            y2 = y.clone();
            cuda.mlp().relu(n, x, 0, y, 0, cf);
            ref.mlp().relu(n, x, 0, y2, 0, rf);
            compare("relu n=" + n, y, y2, n);
            dx = random(n);
            dx2 = dx.clone();
            cuda.mlp().reluBackward(n, y2, 0, dy, 0, dx, 0, cf);
            ref.mlp().reluBackward(n, y2, 0, dy, 0, dx2, 0, rf);
            compare("reluBackward n=" + n, dx, dx2, n);
            float[] z = random(n), z2 = z.clone();
            cuda.mlp().axpy(n, 0.37f, x, 0, z, 0, cf);
            ref.mlp().axpy(n, 0.37f, x, 0, z2, 0, rf);
            compare("axpy n=" + n, z, z2, n);
            cuda.mlp().scale(n, -1.7f, z, 0, cf);
            ref.mlp().scale(n, -1.7f, z2, 0, rf);
            compare("scale n=" + n, z, z2, n);
            double s = cuda.mlp().sumSquares(n, x, 0, cf), s2 = ref.mlp().sumSquares(n, x, 0, rf);
            double err = Math.abs(s - s2) / Math.max(Math.abs(s2), 1e-30);
            add("sumSquares n=" + n, err <= TOLERANCE, err, "");
        }
    }

    private void rowwise() {
        int[][] shapes = {{1, 1}, {7, 5}, {1021, 5}, {33, 18}, {4098, 13}, {3, 300}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1], n = rows * cols;
            float[] x = random(n), x2 = x.clone(), bias = random(cols);
            cuda.mlp().biasAdd(rows, cols, x, 0, bias, 0, cf);
            ref.mlp().biasAdd(rows, cols, x2, 0, bias, 0, rf);
            compare("biasAdd " + rows + "x" + cols, x, x2, n);
            for (boolean acc : new boolean[] {false, true}) {
                float[] db = random(cols), db2 = db.clone();
                cuda.mlp().biasGrad(rows, cols, x2, 0, db, 0, acc, cf);
                ref.mlp().biasGrad(rows, cols, x2, 0, db2, 0, acc, rf);
                compare("biasGrad " + rows + "x" + cols + " acc=" + acc, db, db2, cols);
            }
            float[] out = random(n), out2 = out.clone();
            cuda.mlp().logSoftmax(rows, cols, x2, 0, out, 0, cf);
            ref.mlp().logSoftmax(rows, cols, x2, 0, out2, 0, rf);
            compare("logSoftmax " + rows + "x" + cols, out, out2, n);
            float[] d = random(n), g = random(n), g2 = g.clone();
            cuda.mlp().logSoftmaxBackward(rows, cols, out2, 0, d, 0, g, 0, cf);
            ref.mlp().logSoftmaxBackward(rows, cols, out2, 0, d, 0, g2, 0, rf);
            compare("logSoftmaxBackward " + rows + "x" + cols, g, g2, n);
        }
    }

    private void lstm() {
        int[][] shapes = {{1, 1}, {3, 7}, {33, 13}, {207, 64}, {4098, 33}};
        for (int[] s : shapes) {
            if (quick && s[0] * s[1] > 20_000) continue;
            int b = s[0], h = s[1], n = b * h;
            float[] gates = random(4 * n), gates2 = gates.clone(), cPrev = random(n);
            float[] c = random(n), c2 = c.clone(), hh = random(n), hh2 = hh.clone();
            cuda.lstm().cellForward(b, h, gates, 0, cPrev, 0, c, 0, hh, 0, cf);
            ref.lstm().cellForward(b, h, gates2, 0, cPrev, 0, c2, 0, hh2, 0, rf);
            compare("lstm forward gates " + b + "x" + h, gates, gates2, 4 * n);
            compare("lstm forward c " + b + "x" + h, c, c2, n);
            compare("lstm forward h " + b + "x" + h, hh, hh2, n);
            for (boolean withDc : new boolean[] {false, true}) {
                float[] dh = random(n), dc = withDc ? random(n) : null;
                float[] dg = random(4 * n), dg2 = dg.clone(), dcp = random(n), dcp2 = dcp.clone();
                cuda.lstm().cellBackward(b, h, gates2, 0, cPrev, 0, c2, 0, dh, 0, dc, 0, dg, 0, dcp, 0, cf);
                ref.lstm().cellBackward(b, h, gates2, 0, cPrev, 0, c2, 0, dh, 0, dc, 0, dg2, 0, dcp2, 0, rf);
                compare("lstm backward dGates " + b + "x" + h + " dc=" + withDc, dg, dg2, 4 * n);
                compare("lstm backward dcPrev " + b + "x" + h + " dc=" + withDc, dcp, dcp2, n);
            }
        }
    }

    private void adam() {
        for (int n : SIZES) {
            if (quick && n > 5000) continue;
            for (long t : new long[] {1, 10}) {
                float[] p = random(n), p2 = p.clone(), g = random(n);
                float[] m = random(n), m2 = m.clone(), v = random(n), v2 = v.clone();
                for (int i = 0; i < n; i++) { v[i] = Math.abs(v[i]); v2[i] = v[i]; }
                cuda.optim().adam(n, p, 0, g, 0, m, 0, v, 0, t, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.8f, cf);
                ref.optim().adam(n, p2, 0, g, 0, m2, 0, v2, 0, t, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.8f, rf);
                compare("adam params n=" + n + " t=" + t, p, p2, n);
                compare("adam m n=" + n + " t=" + t, m, m2, n);
                compare("adam v n=" + n + " t=" + t, v, v2, n);
            }
        }
    }

    private void ledgers() {
        boolean same = cudaLedger.total() == refLedger.total() && cudaLedger.totalTranscendentals() == refLedger.totalTranscendentals();
        add("flop ledger cuda == scalar", same, Math.abs(cudaLedger.total() - refLedger.total()),
                "cuda " + cudaLedger.total() + "/" + cudaLedger.totalTranscendentals() + " scalar " + refLedger.total()
                        + "/" + refLedger.totalTranscendentals());
    }

    // ---------------------------------------------------------------- device-resident kernels

    /** Both GEMM kernels explicitly (the automatic choice depends on the GPU's SM count). */
    private void gemmTiles(DeviceKernels dk) {
        CudaStream s = dk.stream();
        int[][] shapes = {{33, 207, 8}, {207, 33, 1021}, {300, 257, 65}, {1, 129, 3}};
        for (int[] sh : shapes) {
            int m = sh[0], n = sh[1], k = sh[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int lda = ta ? m : k, ldb = tb ? k : n;
                float[] a = random(m * k), b = random(k * n), plain = random(m * n);
                ref.gemm().gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, plain, 0, n, false, FlopLedger.NONE);
                for (int tile : new int[] {64, 128}) {
                    float[] c = random(m * n);
                    try (DeviceBuffer da = s.device().allocate(4L * m * k); DeviceBuffer db = s.device().allocate(4L * k * n);
                         DeviceBuffer dc = s.device().allocate(4L * m * n)) {
                        s.upload(a, 0, m * k, da.address());
                        s.upload(b, 0, k * n, db.address());
                        s.upload(c, 0, m * n, dc.address());
                        dk.gemmWithTile(tile, ta, tb, m, n, k, da.address(), lda, db.address(), ldb, dc.address(), n, false,
                                FlopLedger.NONE);
                        s.download(dc.address(), c, 0, m * n);
                    }
                    compare("gemm tile " + tile + " m=" + m + " n=" + n + " k=" + k + " tA=" + ta + " tB=" + tb, c, plain, m * n);
                }
            }
        }
    }

    /** Σg² → clip scale → Adam, all on the device, against the CPU doing the same with clipScale on the host. */
    private void clippedAdam(DeviceKernels dk) {
        CudaStream s = dk.stream();
        int n = 5003;
        for (float maxNorm : new float[] {0.5f, 1e6f, 0f}) {
            float[] p = random(n), g = random(n), m = random(n), v = random(n);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            float[] p2 = p.clone(), m2 = m.clone(), v2 = v.clone();
            float scale = OptimKernels.clipScale(ref.mlp().sumSquares(n, g, 0, FlopLedger.NONE), maxNorm);
            ref.optim().adam(n, p2, 0, g, 0, m2, 0, v2, 0, 7, 1e-3f, 0.9f, 0.999f, 1e-8f, scale, FlopLedger.NONE);
            float c1 = (float) (1.0 / (1.0 - Math.pow(0.9f, 7))), c2 = (float) (1.0 / (1.0 - Math.pow(0.999f, 7)));
            try (DeviceBuffer buf = s.device().allocate(4L * (4 * n + 4))) {
                long dp = buf.address(), dg = buf.floatAt(n), dm = buf.floatAt(2L * n), dv = buf.floatAt(3L * n);
                long sum = buf.floatAt(4L * n), sc = sum + 8;   // a double at byte 16·n (8-byte aligned), then the float scale
                s.upload(p, 0, n, dp);
                s.upload(g, 0, n, dg);
                s.upload(m, 0, n, dm);
                s.upload(v, 0, n, dv);
                dk.sumSquares(n, dg, sum, FlopLedger.NONE);
                dk.clipScale(sum, maxNorm, sc);
                dk.adam(n, dp, dg, dm, dv, 1e-3f, 0.9f, 0.999f, 1e-8f, 123f, sc, c1, c2, FlopLedger.NONE);
                float[] got = new float[n + 1];
                got[n] = SENTINEL;
                s.download(dp, got, 0, n);
                compare("clipped adam on the device, maxNorm=" + maxNorm + " (scale " + scale + ")", got, p2, n);
            }
        }
    }

    private void sampling(DeviceKernels dk) {
        CudaStream s = dk.stream();
        int rows = 10_007, cols = 5;
        float[] logits = random(rows * cols), logp = new float[rows * cols];
        ref.mlp().logSoftmax(rows, cols, logits, 0, logp, 0, FlopLedger.NONE);
        float[] u = new float[rows];
        long seed = rng.nextLong();
        Random r1 = new Random(seed), r2 = new Random(seed);
        for (int i = 0; i < rows; i++) u[i] = r1.nextFloat();
        int[] want = new int[rows];
        ref.mlp().sampleCategorical(rows, cols, logp, 0, r2, want, 0, FlopLedger.NONE);
        try (DeviceBuffer dl = s.device().allocate(4L * rows * cols); DeviceBuffer du = s.device().allocate(4L * rows);
             DeviceBuffer da = s.device().allocate(4L * rows)) {
            s.upload(logp, 0, rows * cols, dl.address());
            s.upload(u, 0, rows, du.address());
            dk.sampleCategorical(rows, cols, dl.address(), du.address(), 0, 0, da.address(), FlopLedger.NONE);
            int[] got = downloadInts(s, da.address(), rows);
            int mismatches = 0;
            for (int i = 0; i < rows; i++) if (got[i] != want[i]) mismatches++;
            // exp rounding may move an action only when u lies within a few ulp of a cumulative boundary
            add("sampleCategorical (host uniforms) vs CPU", mismatches <= rows / 1000, mismatches, mismatches + " of " + rows + " rows differ");
            dk.argmax(rows, cols, dl.address(), da.address(), FlopLedger.NONE);
            got = downloadInts(s, da.address(), rows);
            int bad = 0;
            for (int i = 0; i < rows; i++) {
                int best = 0;
                for (int j = 1; j < cols; j++) if (logp[i * cols + j] > logp[i * cols + best]) best = j;
                if (got[i] != best) bad++;
            }
            add("argmax vs Java", bad == 0, bad, bad + " rows differ");
            // counter-based sampling: empirical frequencies close to the probabilities (rows of one distribution)
            float[] one = new float[rows * cols];
            float[] p = {0.1f, 0.2f, 0.3f, 0.25f, 0.15f};
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) one[i * cols + j] = (float) Math.log(p[j]);
            s.upload(one, 0, rows * cols, dl.address());
            dk.sampleCategorical(rows, cols, dl.address(), 0, seed, 42, da.address(), FlopLedger.NONE);
            got = downloadInts(s, da.address(), rows);
            double worst = 0;
            int[] count = new int[cols];
            for (int a : got) count[a]++;
            for (int j = 0; j < cols; j++) worst = Math.max(worst, Math.abs(count[j] / (double) rows - p[j]));
            add("sampleCategorical (device generator) frequencies", worst < 0.02, worst, Arrays.toString(count));
        }
    }

    private static int[] downloadInts(CudaStream s, long src, int n) {
        var seg = s.staging(4L * n);
        s.copyToHost(seg, src, 4L * n);
        s.synchronize();
        int[] out = new int[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_INT, 0, out, 0, n);
        return out;
    }

    private void goals(DeviceKernels dk) {
        CudaStream s = dk.stream();
        int envs = 777, players = 3, preds = 11, options = 3, conj = 2;
        byte[] truth = new byte[envs * preds];
        int[] lit = new int[envs * players * options * conj];
        byte[] neg = new byte[lit.length];
        for (int i = 0; i < truth.length; i++) truth[i] = (byte) (rng.nextBoolean() ? 1 : 0);
        for (int i = 0; i < lit.length; i++) {
            lit[i] = rng.nextInt(10) == 0 ? -1 : rng.nextInt(preds);
            neg[i] = (byte) (rng.nextInt(4) == 0 ? 1 : 0);
        }
        float[] want = new float[envs * players];
        for (int e = 0; e < envs; e++)
            for (int p = 0; p < players; p++) {
                boolean goal = false;
                for (int o = 0; o < options; o++) {
                    boolean clause = true, used = false;
                    for (int c = 0; c < conj; c++) {
                        int at = ((e * players + p) * options + o) * conj + c;
                        if (lit[at] < 0) continue;
                        used = true;
                        boolean v = truth[e * preds + lit[at]] != 0;
                        clause &= neg[at] != 0 ? !v : v;
                    }
                    goal |= used && clause;
                }
                want[e * players + p] = goal ? 1f : 0f;
            }
        try (DeviceBuffer dt = s.device().allocate(truth.length); DeviceBuffer dl = s.device().allocate(4L * lit.length);
             DeviceBuffer dn = s.device().allocate(neg.length); DeviceBuffer dr = s.device().allocate(4L * want.length)) {
            // ints first so that every int lands 4-byte aligned in the staging buffer
            long litBytes = 4L * lit.length;
            var seg = s.staging(litBytes + truth.length + neg.length);
            MemorySegment.copy(lit, 0, seg, ValueLayout.JAVA_INT, 0, lit.length);
            MemorySegment.copy(truth, 0, seg, ValueLayout.JAVA_BYTE, litBytes, truth.length);
            MemorySegment.copy(neg, 0, seg, ValueLayout.JAVA_BYTE, litBytes + truth.length, neg.length);
            s.copyToDevice(dl.address(), seg, litBytes);
            s.copyToDevice(dt.address(), seg.asSlice(litBytes), truth.length);
            s.copyToDevice(dn.address(), seg.asSlice(litBytes + truth.length), neg.length);
            dk.goalDnf(envs, players, preds, options, conj, dt.address(), dl.address(), dn.address(), dr.address());
            float[] got = new float[want.length];
            s.download(dr.address(), got, 0, got.length);
            compare("goal DNF vs Java", got, want, want.length);
        }
    }

    private void spread(DeviceKernels dk, SpreadConfig c, int envs) {
        int n = c.agents(), l = c.landmarks(), dim = c.obsDim();
        long seed = rng.nextLong();
        float[] pos = new float[n * 2 * envs], vel = new float[n * 2 * envs], lm = new float[l * 2 * envs];
        int[] t = new int[envs], ep = new int[envs];
        float[] rPos = new float[pos.length], rVel = new float[vel.length], rLm = new float[lm.length];
        int[] rT = new int[envs], rEp = new int[envs];
        float[] obs = new float[envs * n * dim], rObs = new float[obs.length];
        float[] rew = new float[envs * n], rRew = new float[rew.length];
        byte[] done = new byte[envs], rDone = new byte[envs];
        int[] actions = new int[envs * n];
        String tag = "spread N=" + n + " L=" + l + " E=" + envs;
        FlopLedger ledger = new FlopLedger();
        try (DeviceSpreadEnv env = new DeviceSpreadEnv(dk, c, envs)) {
            env.setFlopCounter(ledger.counter(FlopCategory.SIM));
            env.reset(seed);
            env.observe(obs);
            SpreadReference.reset(c, envs, seed, rPos, rVel, rLm, rT, rEp, rObs);
            compare(tag + " reset obs", obs, rObs, obs.length);
            double worst = 0;
            int flagErrors = 0;
            int steps = 2 * c.horizon() + 3;   // crosses two auto-resets
            for (int step = 0; step < steps; step++) {
                env.downloadState(rPos, rVel, rLm, rT, rEp);   // the reference continues from the device's state
                for (int i = 0; i < actions.length; i++) actions[i] = rng.nextInt(5);
                env.step(actions, rew, done);
                env.observe(obs);
                SpreadReference.step(c, envs, seed, rPos, rVel, rLm, rT, rEp, actions, rRew, rDone, rObs);
                env.downloadState(pos, vel, lm, t, ep);
                worst = Math.max(worst, maxRel(rew, rRew));
                worst = Math.max(worst, maxRel(obs, rObs));
                worst = Math.max(worst, maxRel(pos, rPos));
                worst = Math.max(worst, maxRel(vel, rVel));
                if (!Arrays.equals(done, rDone) || !Arrays.equals(t, rT) || !Arrays.equals(ep, rEp)) flagErrors++;
            }
            add(tag + " step vs reference (" + steps + " steps)", worst <= TOLERANCE && flagErrors == 0, worst,
                    flagErrors + " steps with done/t/episode mismatches");
            long resets = envs * (1 + steps / c.horizon());
            long want = (long) steps * envs * (DeviceFlops.spreadStep(n, l) + DeviceFlops.spreadObserve(n, l))
                    + resets * DeviceFlops.spreadReset(n, l) + envs * DeviceFlops.spreadObserve(n, l);
            add(tag + " sim FLOPs", ledger.flops(FlopCategory.SIM) == want, ledger.flops(FlopCategory.SIM) - want, "");
        }
    }

    private static double maxRel(float[] got, float[] want) {
        double diff = 0, scale = 1e-30;
        for (int i = 0; i < want.length; i++) {
            diff = Math.max(diff, Math.abs((double) got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
            if (Float.isNaN(got[i]) != Float.isNaN(want[i])) return Double.POSITIVE_INFINITY;
        }
        return diff / scale;
    }
}
