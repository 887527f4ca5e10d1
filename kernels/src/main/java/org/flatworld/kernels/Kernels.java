package org.flatworld.kernels;

/**
 * One backend's set of kernels, chosen once at start-up by {@link KernelProvider}.
 * A backend owns its worker threads; results never depend on {@link #threads()}.
 */
public interface Kernels extends AutoCloseable {
    /** e.g. "panama, 512-bit, fma, 2 threads" — logged once by the provider. */
    String description();

    /** "scalar", "panama" or "cuda". */
    String name();

    int threads();

    GemmKernels gemm();

    MlpKernels mlp();

    LstmKernels lstm();

    OptimKernels optim();

    @Override
    default void close() {}
}
