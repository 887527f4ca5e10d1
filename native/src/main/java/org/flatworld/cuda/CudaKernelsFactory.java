package org.flatworld.cuda;

import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.KernelsFactory;

/**
 * Registers the CUDA backend with {@code org.flatworld.kernels.KernelProvider} through
 * {@link java.util.ServiceLoader} (META-INF/services/org.flatworld.kernels.KernelsFactory).
 * {@link #available()} probes once per process (kernel image in the jar, libcuda loadable, cuInit,
 * a device, the primary context and the module) and never throws.
 */
public final class CudaKernelsFactory implements KernelsFactory {
    @Override public String name() { return "cuda"; }

    @Override public boolean available() { return CudaDevice.probe() == null; }

    @Override
    public String unavailableReason() {
        String why = CudaDevice.probe();
        return why == null ? "" : why;
    }

    @Override
    public Kernels create(int threads) {
        return new CudaKernels(CudaDevice.get(), threads);
    }
}
