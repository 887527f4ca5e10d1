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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * LSTM cell forward + backward (gates fused), batch 4096 × hidden 256: 32·B·H = 33.6 MFLOP per op
 * of which 6·B·H transcendental; it reads the pre-activations once and moves ≈ 13 floats per element.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class LstmCellBench {
    @Param({"scalar", "panama"})
    public String impl;

    @Param({"4096"})
    public int batch;

    @Param({"256"})
    public int hidden;

    @Param({"1", "2"})
    public int threads;

    Kernels kernels;
    float[] pre, gates, cPrev, c, h, dh, dc, dGates, dcPrev;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = KernelProvider.create(impl, threads);
        int n = batch * hidden;
        pre = GemmBench.random(4 * n, 1);     // (batch, 4·hidden) pre-activations
        gates = new float[4 * n];             // (batch, 4·hidden)
        cPrev = GemmBench.random(n, 2);       // (batch, hidden)
        dh = GemmBench.random(n, 3);
        dc = GemmBench.random(n, 4);
        c = new float[n]; h = new float[n]; dcPrev = new float[n];
        dGates = new float[4 * n];
        // warm up on small inputs first (PERF.md: JIT cliffs when the first call is huge)
        for (int i = 0; i < 20_000; i++) {
            System.arraycopy(pre, 0, gates, 0, 4 * 8 * 32);
            kernels.lstm().cellForward(8, 32, gates, 0, cPrev, 0, c, 0, h, 0, FlopLedger.NONE);
            kernels.lstm().cellBackward(8, 32, gates, 0, cPrev, 0, c, 0, dh, 0, dc, 0, dGates, 0, dcPrev, 0, FlopLedger.NONE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() { kernels.close(); }

    @Benchmark
    public void cellForwardBackward(Blackhole bh) {
        System.arraycopy(pre, 0, gates, 0, pre.length);   // forward activates in place
        kernels.lstm().cellForward(batch, hidden, gates, 0, cPrev, 0, c, 0, h, 0, FlopLedger.NONE);
        kernels.lstm().cellBackward(batch, hidden, gates, 0, cPrev, 0, c, 0, dh, 0, dc, 0, dGates, 0, dcPrev, 0, FlopLedger.NONE);
        bh.consume(dcPrev[0]);
    }
}
