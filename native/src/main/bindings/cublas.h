// Flatworld's subset of cuBLAS (cublas_v2.h), the input of native/scripts/GenerateBindings.java.
// Used only as the peer in GPU GEMM benchmarks. cublas_v2.h maps cublasCreate -> cublasCreate_v2 etc.
// cuBLAS is column-major; see org.flatworld.cuda.CublasPeer for the row-major mapping.
//
// @package org.flatworld.cuda.bindings
// @class Cublas
// @libraries libcublas.so.13 libcublas.so.12 libcublas.so

typedef int cublasStatus_t;                  // 0 = CUBLAS_STATUS_SUCCESS
typedef int cublasOperation_t;               // 0 = CUBLAS_OP_N, 1 = CUBLAS_OP_T
typedef struct cublasContext *cublasHandle_t;
typedef struct CUstream_st *cudaStream_t;

cublasStatus_t cublasCreate_v2(cublasHandle_t *handle);
cublasStatus_t cublasDestroy_v2(cublasHandle_t handle);
cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId);
cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc);
