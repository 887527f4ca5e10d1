package org.flatworld.bench;

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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** The scalar reference GEMM at the same shapes as {@link GemmBench} (single-threaded by design). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
public class GemmScalarBench {
    @Param({"4096x64x256", "4096x256x256", "256x256x256", "1024x512x512", "4096x256x5"})
    public String shape;

    int m, k, n;
    float[] a, b, c;
    Kernels kernels;

    @Setup(Level.Trial)
    public void setUp() {
        int[] s = GemmBench.parse(shape);
        m = s[0]; k = s[1]; n = s[2];
        a = GemmBench.random(m * k, 1);
        b = GemmBench.random(k * n, 2);
        c = new float[m * n];
        kernels = KernelProvider.scalar();
    }

    @Benchmark
    public void gemm(Blackhole bh) {
        kernels.gemm().gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false, FlopLedger.NONE);
        bh.consume(c[0]);
    }
}
