// Host emulation of the CUDA C dialect used by native/src/main/cuda, so that g++ can compile the
// kernels unchanged for the CPU (see fake_libcuda.cpp). The CUDA threads of a block run one after
// another on one host thread; in kernels with barriers each CUDA thread is a ucontext fiber and
// __syncthreads() yields to a scheduler that resumes every fiber once per barrier round. Blocks run
// one after another, so "static" shared memory belongs to exactly the block that runs. Test-only:
// slow, but it executes the real kernel code.
#pragma once
#include <algorithm>
#include <cstddef>
#include <math.h>   // expf, logf, tanhf, sqrtf, fmaf, log1pf, fmaxf, fminf, fabsf in the global namespace

struct fw_dim3 { unsigned x, y, z; };
inline fw_dim3 threadIdx{0, 0, 0};
inline fw_dim3 blockIdx{0, 0, 0};
inline fw_dim3 blockDim{1, 1, 1};
inline fw_dim3 gridDim{1, 1, 1};
inline void (*fw_emu_yield)() = nullptr;   // set while a block runs as fibers

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(x)
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))

struct float4 { float x, y, z, w; };
using std::sqrt;
using std::min;
using std::max;

inline void __syncthreads() {
    if (fw_emu_yield != nullptr) fw_emu_yield();
}
