package org.flatworld.bench;

import java.util.concurrent.TimeUnit;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.flops.NetworkFlops;
import org.flatworld.kernels.flops.NetworkWorkload;
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

/**
 * One forward + backward pass of the MLP actor-critic (batch 4096, 64→256→256→5, tanh; 1.93 GFLOP
 * per op, docs/FLOPS.md) replayed kernel by kernel ({@link NetworkWorkload}), scalar and Vector API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class NetworkBench {
    @Param({"scalar", "panama"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    Kernels kernels;
    NetworkWorkload work;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = KernelProvider.create(impl, threads);
        NetworkWorkload small = new NetworkWorkload(NetworkFlops.mlp(64, new int[] {256, 256}, 5, 64, "tanh"), 1);
        for (int i = 0; i < 100; i++) small.run(kernels, FlopLedger.NONE, FlopLedger.NONE);
        work = new NetworkWorkload(NetworkFlops.mlp(64, new int[] {256, 256}, 5, 4096, "tanh"), 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() { kernels.close(); }

    @Benchmark
    public float mlpForwardBackward() {
        work.run(kernels, FlopLedger.NONE, FlopLedger.NONE);
        return work.checksum();
    }
}
