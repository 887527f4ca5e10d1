package org.flatworld.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SGEMM C = A·B (row-major, no transposes) at the RL shapes: the Vector API backend and OpenBLAS
 * {@code cblas_sgemm} through FFM in the same run, 1 and 2 threads; {@link GemmScalarBench} is
 * the scalar baseline. GFLOP/s = 2·M·N·K / (µs per op · 1000). Launch through {@link BenchMain}
 * so OpenBLAS is not pinned to AVX2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class GemmBench {
    /** M×K×N. */
    @Param({"4096x64x256", "4096x256x256", "256x256x256", "1024x512x512", "4096x256x5"})
    public String shape;

    @Param({"panama", "openblas"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    int m, k, n;
    float[] a, b, c;
    Kernels kernels;
    OpenBlas blas;

    static float[] random(int size, long seed) {
        float[] x = new float[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    static int[] parse(String shape) {
        String[] p = shape.split("x");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    @Setup(Level.Trial)
    public void setUp() {
        int[] s = parse(shape);
        m = s[0]; k = s[1]; n = s[2];
        a = random(m * k, 1);
        b = random(k * n, 2);
        c = new float[m * n];
        if (impl.equals("openblas")) {
            blas = OpenBlas.load().orElse(null);
            if (blas == null) throw new UnsupportedOperationException("OpenBLAS not installed: peer skipped");
            blas.setThreads(threads);
            System.out.println("openblas corename: " + blas.coreName() + ", threads " + threads);
        } else {
            kernels = KernelProvider.create(impl, threads);
            // warm up on small inputs first (PERF.md: a huge first call can leave the JIT in a slow state)
            float[] x = random(64 * 64, 3), y = new float[64 * 64];
            for (int i = 0; i < 2000; i++)
                kernels.gemm().gemm(false, false, 64, i % 2 == 0 ? 64 : 5, 64, x, 0, 64, x, 0, 64, y, 0, 64, false, FlopLedger.NONE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (kernels != null) kernels.close();
    }

    @Benchmark
    public void gemm(Blackhole bh) {
        if (blas != null) blas.sgemm(false, false, m, n, k, a, k, b, n, c, n);
        else kernels.gemm().gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false, FlopLedger.NONE);
        bh.consume(c[0]);
    }
}
