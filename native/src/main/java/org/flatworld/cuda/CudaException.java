package org.flatworld.cuda;

/** A CUDA driver (or cuBLAS) call failed: names the call, the error name and its description. */
public final class CudaException extends RuntimeException {
    private final int code;

    public CudaException(String call, int code, String name, String description) {
        super(call + " failed: " + name + " (" + code + ")" + (description == null ? "" : ": " + description));
        this.code = code;
    }

    /** The raw CUresult / cublasStatus_t. */
    public int code() { return code; }
}
