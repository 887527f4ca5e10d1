package org.flatworld.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.flatworld.cuda.bindings.CudaDriver;

/** Result checking for the generated driver bindings: every call goes through {@link #check}. */
public final class Cuda {
    /** CUDA_SUCCESS. */
    public static final int SUCCESS = 0;

    private Cuda() {}

    /** Throws {@link CudaException} naming {@code call} and the driver's error name when {@code result} is not success. */
    public static void check(int result, String call) {
        if (result != SUCCESS) throw new CudaException(call, result, errorName(result), errorString(result));
    }

    /** cuGetErrorName, e.g. "CUDA_ERROR_OUT_OF_MEMORY" ("CUresult n" when the driver does not know it). */
    public static String errorName(int result) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ValueLayout.ADDRESS);
            if (CudaDriver.cuGetErrorName(result, p) != SUCCESS) return "CUresult " + result;
            return cString(p.get(ValueLayout.ADDRESS, 0));
        }
    }

    static String errorString(int result) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ValueLayout.ADDRESS);
            if (CudaDriver.cuGetErrorString(result, p) != SUCCESS) return null;
            return cString(p.get(ValueLayout.ADDRESS, 0));
        }
    }

    static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? "?" : p.reinterpret(4096).getString(0);
    }
}
