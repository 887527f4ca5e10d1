// Flatworld's CUDA kernels: one translation unit, built by nvcc into a fatbin (sm_80 and sm_90
// cubins plus compute_90 PTX) that org.flatworld.cuda.CudaModule loads with cuModuleLoadData.
// Every entry point is extern "C" so its symbol is its name; CudaModule.KERNELS lists them and
// NativeBindingsTest checks that each one is in the built image.
//
// Conventions shared by all kernels (docs/GPU.md):
//  - pointers are already offset by the caller (base + offset·4 bytes); matrices are row-major;
//  - element-wise kernels use grid-stride loops, so any grid size is correct;
//  - reductions run in a fixed order (no atomics on floats), so results are run-to-run identical;
//  - transcendentals use the IEEE-accurate expf/logf/tanhf/sqrtf (no --use_fast_math), so results
//    stay within 1e-5 relative of the scalar Java reference.

#include "gemm.cuh"
#include "mlp.cuh"
#include "lstm.cuh"
#include "optim.cuh"
#include "sample.cuh"
#include "pointmass.cuh"
#include "goals.cuh"
