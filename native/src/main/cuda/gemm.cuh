// Tiled SGEMM: C[M×N] = op(A)[M×K] · op(B)[K×N] (+ C when accumulate), row-major with leading
// dimensions, op = identity or transpose — the same contract as org.flatworld.kernels.GemmKernels.
//
// Block tile 64×64, K step 16, 256 threads; each thread owns a 4×4 register block at rows
// ty + 16·r and columns tx + 16·c (strided, so shared-memory reads of B are conflict-free and the
// stores of C are coalesced along tx). Tiles are staged through shared memory with zero padding at
// the edges, so any M, N, K (including K = 0) is handled. Each output sums over K in increasing
// order (one FMA chain per element): deterministic, but not bit-identical to a CPU GEMM that
// blocks K differently; tests use a relative tolerance.
#pragma once

#define FW_GEMM_BM 64
#define FW_GEMM_BN 64
#define FW_GEMM_BK 16

extern "C" __global__ void __launch_bounds__(256)
fw_gemm(int transA, int transB, int M, int N, int K,
        const float* __restrict__ A, int lda,
        const float* __restrict__ B, int ldb,
        float* __restrict__ C, int ldc, int accumulate)
{
    __shared__ float As[FW_GEMM_BK][FW_GEMM_BM + 4];   // (k, m) slice of op(A), padded rows
    __shared__ float Bs[FW_GEMM_BK][FW_GEMM_BN];       // (k, n) slice of op(B)

    const int tx = threadIdx.x & 15;
    const int ty = threadIdx.x >> 4;
    const int tid = threadIdx.x;
    const int row0 = blockIdx.y * FW_GEMM_BM;
    const int col0 = blockIdx.x * FW_GEMM_BN;

    float acc[4][4];
#pragma unroll
    for (int r = 0; r < 4; r++)
#pragma unroll
        for (int c = 0; c < 4; c++) acc[r][c] = 0.f;

    for (int k0 = 0; k0 < K; k0 += FW_GEMM_BK) {
        // stage op(A)[row0.., k0..]: 64×16 = 1024 values, 4 per thread; consecutive threads read
        // consecutive addresses of whichever dimension is contiguous in memory
#pragma unroll
        for (int q = 0; q < 4; q++) {
            int l = tid + 256 * q;
            int i, kk;
            if (transA) { i = l & 63; kk = l >> 6; } else { kk = l & 15; i = l >> 4; }
            int gi = row0 + i, gk = k0 + kk;
            float v = 0.f;
            if (gi < M && gk < K) v = transA ? A[(size_t)gk * lda + gi] : A[(size_t)gi * lda + gk];
            As[kk][i] = v;
        }
        // stage op(B)[k0.., col0..]: 16×64 values
#pragma unroll
        for (int q = 0; q < 4; q++) {
            int l = tid + 256 * q;
            int j, kk;
            if (transB) { kk = l & 15; j = l >> 4; } else { j = l & 63; kk = l >> 6; }
            int gj = col0 + j, gk = k0 + kk;
            float v = 0.f;
            if (gj < N && gk < K) v = transB ? B[(size_t)gj * ldb + gk] : B[(size_t)gk * ldb + gj];
            Bs[kk][j] = v;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < FW_GEMM_BK; kk++) {
            float a[4], b[4];
#pragma unroll
            for (int r = 0; r < 4; r++) a[r] = As[kk][ty + 16 * r];
#pragma unroll
            for (int c = 0; c < 4; c++) b[c] = Bs[kk][tx + 16 * c];
#pragma unroll
            for (int r = 0; r < 4; r++)
#pragma unroll
                for (int c = 0; c < 4; c++) acc[r][c] = fmaf(a[r], b[c], acc[r][c]);
        }
        __syncthreads();
    }

#pragma unroll
    for (int r = 0; r < 4; r++) {
        int gi = row0 + ty + 16 * r;
        if (gi >= M) continue;
#pragma unroll
        for (int c = 0; c < 4; c++) {
            int gj = col0 + tx + 16 * c;
            if (gj >= N) continue;
            float* dst = C + (size_t)gi * ldc + gj;
            *dst = accumulate ? *dst + acc[r][c] : acc[r][c];
        }
    }
}

// The same contract for large outputs: 128×128 block tile, K step 8, 256 threads, 8×8 outputs per
// thread at rows 4·ty + {0..3} and 64 + 4·ty + {0..3} (columns likewise with tx), so each thread
// reads its operands from shared memory as two float4 per matrix per k. More work per block and
// per loaded value than fw_gemm; DeviceKernels picks it only when the grid still fills the GPU
// (≥ 2 blocks per SM), because small RL shapes would leave most SMs idle with 128×128 tiles.
#define FW_GEMM2_BM 128
#define FW_GEMM2_BN 128
#define FW_GEMM2_BK 8

extern "C" __global__ void __launch_bounds__(256)
fw_gemm_128(int transA, int transB, int M, int N, int K,
            const float* __restrict__ A, int lda,
            const float* __restrict__ B, int ldb,
            float* __restrict__ C, int ldc, int accumulate)
{
    __shared__ __align__(16) float As[FW_GEMM2_BK][FW_GEMM2_BM];   // (k, m) slice of op(A)
    __shared__ __align__(16) float Bs[FW_GEMM2_BK][FW_GEMM2_BN];   // (k, n) slice of op(B)

    const int tid = threadIdx.x;
    const int tx = tid & 15;
    const int ty = tid >> 4;
    const int row0 = blockIdx.y * FW_GEMM2_BM;
    const int col0 = blockIdx.x * FW_GEMM2_BN;

    float acc[8][8];
#pragma unroll
    for (int r = 0; r < 8; r++)
#pragma unroll
        for (int c = 0; c < 8; c++) acc[r][c] = 0.f;

    for (int k0 = 0; k0 < K; k0 += FW_GEMM2_BK) {
#pragma unroll
        for (int q = 0; q < 4; q++) {
            int l = tid + 256 * q;
            int i, kk;
            if (transA) { i = l & 127; kk = l >> 7; } else { kk = l & 7; i = l >> 3; }
            int gi = row0 + i, gk = k0 + kk;
            float v = 0.f;
            if (gi < M && gk < K) v = transA ? A[(size_t)gk * lda + gi] : A[(size_t)gi * lda + gk];
            As[kk][i] = v;
        }
#pragma unroll
        for (int q = 0; q < 4; q++) {
            int l = tid + 256 * q;
            int j, kk;
            if (transB) { kk = l & 7; j = l >> 3; } else { j = l & 127; kk = l >> 7; }
            int gj = col0 + j, gk = k0 + kk;
            float v = 0.f;
            if (gj < N && gk < K) v = transB ? B[(size_t)gj * ldb + gk] : B[(size_t)gk * ldb + gj];
            Bs[kk][j] = v;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < FW_GEMM2_BK; kk++) {
            float4 a0 = *reinterpret_cast<const float4*>(&As[kk][4 * ty]);
            float4 a1 = *reinterpret_cast<const float4*>(&As[kk][64 + 4 * ty]);
            float4 b0 = *reinterpret_cast<const float4*>(&Bs[kk][4 * tx]);
            float4 b1 = *reinterpret_cast<const float4*>(&Bs[kk][64 + 4 * tx]);
            float a[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
            float b[8] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
            for (int r = 0; r < 8; r++)
#pragma unroll
                for (int c = 0; c < 8; c++) acc[r][c] = fmaf(a[r], b[c], acc[r][c]);
        }
        __syncthreads();
    }

#pragma unroll
    for (int r = 0; r < 8; r++) {
        int gi = row0 + (r < 4 ? 4 * ty + r : 64 + 4 * ty + r - 4);
        if (gi >= M) continue;
#pragma unroll
        for (int c = 0; c < 8; c++) {
            int gj = col0 + (c < 4 ? 4 * tx + c : 64 + 4 * tx + c - 4);
            if (gj >= N) continue;
            float* dst = C + (size_t)gi * ldc + gj;
            *dst = accumulate ? *dst + acc[r][c] : acc[r][c];
        }
    }
}
