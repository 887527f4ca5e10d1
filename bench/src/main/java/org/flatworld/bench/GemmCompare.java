package org.flatworld.bench;

import java.util.Arrays;
import java.util.Locale;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;

/**
 * Interleaved comparison of the Vector API GEMM with OpenBLAS on a shared, noisy machine: each
 * round times both back to back on the same data, and the median over rounds of each rate (and
 * of the per-round ratio) is reported, so load that comes and goes hits both peers alike. JMH
 * ({@link GemmBench}) gives the careful absolute figures; this gives robust ratios.
 *
 * <pre>java … -cp bench/target/flatworld-bench.jar:bench/target/lib/* org.flatworld.bench.GemmCompare [threads] [rounds]</pre>
 * Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset ({@code env -u … java …}).
 */
public final class GemmCompare {
    private GemmCompare() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String[] shapes = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length)
                : new String[] {"4096x64x256", "4096x256x256", "256x256x256", "1024x512x512", "4096x256x5"};
        for (String v : BenchMain.PINNING)
            if (System.getenv(v) != null) System.out.println("warning: " + v + " is set; OpenBLAS may be pinned (use env -u " + v + ")");
        OpenBlas blas = OpenBlas.load().orElse(null);
        if (blas != null) {
            blas.setThreads(threads);
            System.out.println("openblas corename " + blas.coreName() + ", " + threads + " thread(s)");
        }
        try (Kernels k = KernelProvider.create("panama", threads)) {
            float[] x = GemmBench.random(64 * 64, 3), y = new float[64 * 64];
            for (int i = 0; i < 3000; i++)
                k.gemm().gemm(false, false, 64, i % 2 == 0 ? 64 : 5, 64, x, 0, 64, x, 0, 64, y, 0, 64, false, FlopLedger.NONE);
            System.out.println("shape(MxKxN)   panama GFLOP/s   openblas GFLOP/s   ratio (median of rounds)");
            for (String shape : shapes) {
                int[] s = GemmBench.parse(shape);
                int m = s[0], kk = s[1], n = s[2];
                float[] a = GemmBench.random(m * kk, 1), b = GemmBench.random(kk * n, 2), c = new float[m * n];
                double flop = 2.0 * m * n * kk;
                int reps = (int) Math.max(1, Math.min(200, 2e8 / flop));
                double[] pr = new double[rounds], br = new double[rounds], ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++)
                        k.gemm().gemm(false, false, m, n, kk, a, 0, kk, b, 0, n, c, 0, n, false, FlopLedger.NONE);
                    long t1 = System.nanoTime();
                    pr[r] = flop * reps / (t1 - t0);
                    if (blas != null) {
                        for (int i = 0; i < reps; i++) blas.sgemm(false, false, m, n, kk, a, kk, b, n, c, n);
                        br[r] = flop * reps / (System.nanoTime() - t1);
                        ratio[r] = pr[r] / br[r];
                    }
                }
                System.out.printf(Locale.ROOT, "%-14s %10.1f %18s %14s%n", shape, median(pr),
                        blas == null ? "-" : String.format(Locale.ROOT, "%.1f", median(br)),
                        blas == null ? "-" : String.format(Locale.ROOT, "%.2f", median(ratio)));
            }
        }
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
