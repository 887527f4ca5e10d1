package org.flatworld.kernels.panama;

import java.lang.management.ManagementFactory;
import org.flatworld.kernels.GemmKernels;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.LstmKernels;
import org.flatworld.kernels.MlpKernels;
import org.flatworld.kernels.OptimKernels;
import org.flatworld.kernels.WorkerPool;

/**
 * The Vector API backend. GEMM and large LSTM-cell calls run on a persistent {@link WorkerPool},
 * whose threads claim tiles of C (or row ranges) as they get free; the element-wise kernels are
 * single-threaded. Instantiated reflectively by
 * {@link org.flatworld.kernels.KernelProvider} only when the incubator module is present.
 * Safe to share between threads: GEMM and LSTM calls are serialized (they use the instance's
 * buffers and worker pool), the other kernels keep no shared state.
 */
public final class PanamaKernels implements Kernels {
    private final WorkerPool pool;
    private final PanamaGemm gemm;
    private final PanamaMlp mlp = new PanamaMlp();
    private final PanamaLstm lstm;
    private final PanamaOptim optim = new PanamaOptim();

    public PanamaKernels(int threads) {
        this.pool = new WorkerPool(threads);
        this.gemm = new PanamaGemm(pool);
        this.lstm = new PanamaLstm(pool);
    }

    @Override
    public String description() {
        return "panama, " + Vec.F.vectorBitSize() + "-bit" + (usesFma() ? ", fma" : ", no fma") + ", "
                + pool.threads() + (pool.threads() == 1 ? " thread" : " threads");
    }

    /** Whether HotSpot emits FMA instructions (the UseFMA flag), as far as the JVM tells. */
    private static boolean usesFma() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override public String name() { return "panama"; }
    @Override public int threads() { return pool.threads(); }
    @Override public GemmKernels gemm() { return gemm; }
    @Override public MlpKernels mlp() { return mlp; }
    @Override public LstmKernels lstm() { return lstm; }
    @Override public OptimKernels optim() { return optim; }
    @Override public void close() { pool.close(); }
}
