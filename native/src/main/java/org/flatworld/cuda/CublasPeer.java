package org.flatworld.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.flatworld.cuda.bindings.Cublas;

/**
 * cuBLAS SGEMM through FFM: the peer that benchmarks compare Flatworld's GEMM kernel with. cuBLAS
 * is column-major, so the row-major C(m×n) = A(m×k)·B(k×n) is computed as the column-major
 * Cᵀ(n×m) = Bᵀ(n×k)·Aᵀ(k×m): sgemm(N, N, n, m, k, 1, B, n, A, k, 0, C, n).
 */
public final class CublasPeer implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    private final MemorySegment one, zero;

    /** Null when libcublas can be loaded, else why not. */
    public static String problem() {
        return NativeLibraries.problem(Cublas.LIBRARIES);
    }

    /** A cuBLAS handle bound to {@code stream} (in the device's primary context, which cuBLAS shares). */
    public CublasPeer(CudaStream stream) {
        stream.device().makeCurrent();
        MemorySegment h = arena.allocate(ValueLayout.ADDRESS);
        check(Cublas.cublasCreate_v2(h), "cublasCreate_v2");
        handle = h.get(ValueLayout.ADDRESS, 0);
        check(Cublas.cublasSetStream_v2(handle, stream.handle()), "cublasSetStream_v2");
        one = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
        zero = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
    }

    private static void check(int status, String call) {
        if (status != 0) throw new CudaException(call, status, "cublasStatus_t " + status, null);
    }

    /** Enqueues row-major C = A·B on the handle's stream (device addresses, contiguous rows). */
    public void sgemmRowMajor(int m, int n, int k, long a, long b, long c) {
        check(Cublas.cublasSgemm_v2(handle, 0, 0, n, m, k, one, MemorySegment.ofAddress(b), n,
                MemorySegment.ofAddress(a), k, zero, MemorySegment.ofAddress(c), n), "cublasSgemm_v2");
    }

    @Override
    public void close() {
        check(Cublas.cublasDestroy_v2(handle), "cublasDestroy_v2");
        arena.close();
    }
}
