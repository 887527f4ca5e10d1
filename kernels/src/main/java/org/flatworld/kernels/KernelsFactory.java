package org.flatworld.kernels;

/**
 * Service-provider interface for backends that live outside this module (the CUDA backend in
 * {@code native}), found with {@link java.util.ServiceLoader}. The provider asks
 * {@link #available()} before {@link #create(int)} and logs why a backend was skipped.
 */
public interface KernelsFactory {
    /** "cuda". */
    String name();

    /** Whether this backend can run here; when not, {@link #unavailableReason()} says why. */
    boolean available();

    String unavailableReason();

    Kernels create(int threads);
}
