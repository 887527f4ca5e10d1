package org.flatworld.kernels;

/**
 * General matrix multiply on row-major float32 matrices with explicit offsets and leading
 * dimensions: C[m×n] = op(A)[m×k] · op(B)[k×n] (+ C when {@code accumulate}).
 * op(A) = A (stored m×k, lda ≥ k) or Aᵀ (stored k×m, lda ≥ m); likewise for B.
 * Forward passes use A·Bᵀ (x·Wᵀ with W stored out×in), backward uses A·B and Aᵀ·B.
 * Adds 2·m·n·k FLOPs to {@code flops} (also when k = 0: 0).
 */
public interface GemmKernels {
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float[] c, int cOff, int ldc,
              boolean accumulate, FlopLedger.Counter flops);
}
