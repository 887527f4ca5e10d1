package org.flatworld.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;

/**
 * Interleaved comparison of the Vector API GEMM with OpenBLAS on a shared, noisy machine: each
 * round times both back to back on the same data (the order alternating from round to round), and
 * the median over rounds of each rate and of the per-round ratio is reported, so load that comes
 * and goes hits both peers alike. With one thread both peers run on the calling thread, so the
 * rates are also given per CPU second of that thread ({@code ThreadMXBean}), which time spent
 * descheduled by other processes does not inflate. With more threads, our one-thread kernel is timed
 * in the same rounds too, for the speedup from the extra threads. JMH ({@link GemmBench}) gives the careful
 * absolute figures; this gives robust ratios. At the end it measures the read bandwidth of one
 * thread (a vector sum over a 4 MiB and a 64 MiB array), the ceiling of the memory-bound N = 5 shape.
 *
 * <pre>java … -cp bench/target/flatworld-bench.jar:bench/target/lib/* org.flatworld.bench.GemmCompare [threads] [rounds] [MxKxN[:XY] …]</pre>
 * A shape's optional suffix names op(A) and op(B), N or T each: {@code 4096x256x256:NT} is the
 * forward pass x·Wᵀ, {@code 256x4096x256:TN} the weight gradient dzᵀ·x (default NN).
 * It re-executes itself with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset and OPENBLAS_THREAD_TIMEOUT=4 when
 * the environment differs ({@link BenchMain} says why).
 */
public final class GemmCompare {
    private GemmCompare() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String[] shapes = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length)
                : new String[] {"4096x64x256", "4096x256x256", "256x256x256", "1024x512x512", "4096x256x5"};
        if (!BenchMain.environmentReady()) {
            System.exit(BenchMain.reexec(GemmCompare.class, args));
            return;
        }
        OpenBlas blas = OpenBlas.load().orElse(null);
        if (blas != null) {
            blas.setThreads(threads);
            System.out.println("openblas corename " + blas.coreName() + ", " + threads + " thread(s), "
                    + BenchMain.SPIN + "=" + System.getenv(BenchMain.SPIN));
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = threads == 1 && mx.isCurrentThreadCpuTimeSupported();
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (Kernels k = KernelProvider.create("panama", threads); Kernels k1 = KernelProvider.create("panama", 1)) {
            float[] x = GemmBench.random(64 * 64, 3), y = new float[64 * 64];
            for (int i = 0; i < 3000; i++) {
                k.gemm().gemm(false, false, 64, i % 2 == 0 ? 64 : 5, 64, x, 0, 64, x, 0, 64, y, 0, 64, false, FlopLedger.NONE);
                if (threads > 1) k1.gemm().gemm(false, false, 64, i % 2 == 0 ? 64 : 5, 64, x, 0, 64, x, 0, 64, y, 0, 64, false, FlopLedger.NONE);
            }
            System.out.println("GFLOP/s, median of " + rounds + " rounds" + (cpu ? "; wall time | per CPU second of the calling thread" : "; wall time"));
            System.out.println(cpu ? "shape(MxKxN)    panama  openblas  ratio |  panama  openblas  ratio"
                    : "shape(MxKxN)    panama  openblas  ratio | panama 1 thread  speedup");
            for (String shape : shapes) {
                int colon = shape.indexOf(':');
                String ops = colon < 0 ? "NN" : shape.substring(colon + 1);
                if (!ops.matches("[NT][NT]")) throw new IllegalArgumentException("shape suffix must be NN, NT, TN or TT, got " + ops);
                boolean ta = ops.charAt(0) == 'T', tb = ops.charAt(1) == 'T';
                int[] s = GemmBench.parse(colon < 0 ? shape : shape.substring(0, colon));
                int m = s[0], kk = s[1], n = s[2];
                int lda = ta ? m : kk, ldb = tb ? kk : n;
                float[] a = GemmBench.random(m * kk, 1), b = GemmBench.random(kk * n, 2), c = new float[m * n];
                double flop = 2.0 * m * n * kk;
                int reps = (int) Math.max(1, Math.min(400, 1e9 / flop));   // ≈ 10 ms per peer and round
                // warm up on this shape: a large shape gets one call per round, and the first dozen
                // calls ran packing code C2 had not yet recompiled for it (0.7–1.1 ms instead of 0.02–0.05 ms per
                // call at 4096x256x256, measured), which the median of 21 rounds did not remove
                for (int i = 0; i < Math.max(20, 2 * reps); i++) {
                    k.gemm().gemm(ta, tb, m, n, kk, a, 0, lda, b, 0, ldb, c, 0, n, false, FlopLedger.NONE);
                    if (threads > 1) k1.gemm().gemm(ta, tb, m, n, kk, a, 0, lda, b, 0, ldb, c, 0, n, false, FlopLedger.NONE);
                    if (blas != null) blas.sgemm(ta, tb, m, n, kk, a, lda, b, ldb, c, n);
                }
                double[] pw = new double[rounds], bw = new double[rounds], rw = new double[rounds];
                double[] pc = new double[rounds], bc = new double[rounds], rc = new double[rounds];
                double[] p1 = new double[rounds], speedup = new double[rounds];   // our 1 thread, when threads > 1
                for (int r = 0; r < rounds; r++) {
                    for (int turn = 0; turn < 2; turn++) {
                        boolean ours = (turn == 0) == (r % 2 == 0);
                        if (!ours && blas == null) continue;
                        long w0 = System.nanoTime(), c0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
                        for (int i = 0; i < reps; i++) {
                            if (ours) k.gemm().gemm(ta, tb, m, n, kk, a, 0, lda, b, 0, ldb, c, 0, n, false, FlopLedger.NONE);
                            else blas.sgemm(ta, tb, m, n, kk, a, lda, b, ldb, c, n);
                        }
                        long c1 = cpu ? mx.getCurrentThreadCpuTime() : 0, w1 = System.nanoTime();
                        double wall = flop * reps / (w1 - w0), perCpu = cpu ? flop * reps / Math.max(1, c1 - c0) : 0;
                        if (ours) { pw[r] = wall; pc[r] = perCpu; }
                        else { bw[r] = wall; bc[r] = perCpu; }
                    }
                    if (blas != null) { rw[r] = pw[r] / bw[r]; rc[r] = pc[r] / bc[r]; }
                    if (threads > 1) {
                        long w0 = System.nanoTime();
                        for (int i = 0; i < reps; i++)
                            k1.gemm().gemm(ta, tb, m, n, kk, a, 0, lda, b, 0, ldb, c, 0, n, false, FlopLedger.NONE);
                        p1[r] = flop * reps / (System.nanoTime() - w0);
                        speedup[r] = pw[r] / p1[r];
                    }
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %7.1f %9s %6s", shape, median(pw),
                        blas == null ? "-" : String.format(Locale.ROOT, "%.1f", median(bw)),
                        blas == null ? "-" : String.format(Locale.ROOT, "%.2f", median(rw))));
                if (cpu) line.append(String.format(Locale.ROOT, " | %7.1f %9s %6s", median(pc),
                        blas == null ? "-" : String.format(Locale.ROOT, "%.1f", median(bc)),
                        blas == null ? "-" : String.format(Locale.ROOT, "%.2f", median(rc))));
                if (threads > 1) line.append(String.format(Locale.ROOT, " | %15.1f %8.2f", median(p1), median(speedup)));
                System.out.println(line);
            }
        }
        for (int mib : new int[] {4, 64}) {
            float[] big = GemmBench.random(mib << 18, 5);
            double[] gbs = new double[Math.max(5, rounds)];
            float sink = 0;
            for (int r = 0; r < gbs.length; r++) {
                int reps = Math.max(1, 256 / mib);
                long w0 = System.nanoTime(), c0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
                for (int i = 0; i < reps; i++) sink += sum(big);
                long c1 = cpu ? mx.getCurrentThreadCpuTime() : 0, w1 = System.nanoTime();
                gbs[r] = (double) big.length * 4 * reps / (cpu ? Math.max(1, c1 - c0) : (w1 - w0));
            }
            System.out.printf(Locale.ROOT, "read bandwidth, 1 thread, %d MiB array: %.1f GB/s (median of %d%s)%s%n", mib, median(gbs),
                    gbs.length, cpu ? ", per CPU second" : ", wall", sink == 12345f ? " " : "");
        }
    }

    /** Sum of x with four independent vector accumulators: a read-bandwidth probe. */
    static float sum(float[] x) {
        int l = F.length(), bound = x.length - x.length % (4 * l), i = 0;
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        for (; i < bound; i += 4 * l) {
            s0 = s0.add(FloatVector.fromArray(F, x, i));
            s1 = s1.add(FloatVector.fromArray(F, x, i + l));
            s2 = s2.add(FloatVector.fromArray(F, x, i + 2 * l));
            s3 = s3.add(FloatVector.fromArray(F, x, i + 3 * l));
        }
        float s = s0.add(s1).add(s2.add(s3)).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < x.length; i++) s += x[i];
        return s;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
