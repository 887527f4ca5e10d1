package org.flatworld.kernels.scalar;

import org.flatworld.kernels.AbstractGemmKernels;

/**
 * Reference GEMM in plain Java, single-threaded. Each output element is one float sum over k in
 * increasing order (so the result does not depend on the loop order chosen per transpose case);
 * loops are ordered so the innermost one walks memory contiguously.
 */
public final class ScalarGemm extends AbstractGemmKernels {

    @Override
    protected void gemmChecked(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
        if (k == 0) return;
        if (!transB) {
            // B stored k×n: C row i += Σ_p op(A)[i,p] · B row p (axpy on contiguous rows)
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
                }
            }
        } else if (!transA) {
            // A·Bᵀ: both operands are read along contiguous rows of length k (dot products)
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                    c[cOff + i * ldc + j] += s;
                }
            }
        } else {
            // Aᵀ·Bᵀ (rare): strided reads of A
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    for (int p = 0; p < k; p++) s += a[aOff + p * lda + i] * b[bj + p];
                    c[cOff + i * ldc + j] += s;
                }
            }
        }
    }
}
