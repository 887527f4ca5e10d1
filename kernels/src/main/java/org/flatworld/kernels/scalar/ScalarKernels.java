package org.flatworld.kernels.scalar;

import org.flatworld.kernels.GemmKernels;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.LstmKernels;
import org.flatworld.kernels.MlpKernels;
import org.flatworld.kernels.OptimKernels;

/**
 * The scalar reference backend: plain Java, single-threaded, no incubator module needed. It is
 * what tests compare the fast backends against and the fallback when the Vector API is missing.
 */
public final class ScalarKernels implements Kernels {
    private final ScalarGemm gemm = new ScalarGemm();
    private final ScalarMlp mlp = new ScalarMlp();
    private final ScalarLstm lstm = new ScalarLstm();
    private final ScalarOptim optim = new ScalarOptim();

    @Override public String description() { return "scalar, 1 thread (reference)"; }
    @Override public String name() { return "scalar"; }
    @Override public int threads() { return 1; }
    @Override public GemmKernels gemm() { return gemm; }
    @Override public MlpKernels mlp() { return mlp; }
    @Override public LstmKernels lstm() { return lstm; }
    @Override public OptimKernels optim() { return optim; }
}
