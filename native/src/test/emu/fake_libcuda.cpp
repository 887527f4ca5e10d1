// A fake libcuda.so for tests on machines without a GPU: the CUDA driver API subset declared in
// native/src/main/bindings/cuda_driver.h, implemented on the host. "Device" memory is host memory;
// cuLaunchKernel runs the real kernels of native/src/main/cuda compiled by g++ through cuda_emu.h.
// Loaded by the Java backend with -Dflatworld.cuda.library.libcuda.so.1=/path/libfakecuda.so
// (CudaEmulatorTest). Not a general emulator: no concurrency, streams are synchronous.
#include "cuda_emu.h"
#include "flatworld.cu"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ucontext.h>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

template <typename T> using plain = std::remove_cv_t<std::remove_reference_t<T>>;

// Unpacks cuLaunchKernel's kernelParams (one pointer per argument) into a call.
template <typename... A, std::size_t... I>
void invoke(void (*f)(A...), void** args, std::index_sequence<I...>) {
    f(*static_cast<plain<A>*>(args[I])...);
}

template <typename... A>
void invoke(void (*f)(A...), void** args) { invoke(f, args, std::index_sequence_for<A...>{}); }

struct Entry {
    const char* name;
    void (*call)(void**);
    bool barriers;   // uses __syncthreads: CUDA threads run as fibers
};

#define FW_ENTRY(k, sync) Entry{#k, [](void** a) { invoke(k, a); }, sync}

const Entry ENTRIES[] = {
    FW_ENTRY(fw_gemm, true), FW_ENTRY(fw_gemm_128, true), FW_ENTRY(fw_bias_add, false), FW_ENTRY(fw_bias_grad, false),
    FW_ENTRY(fw_tanh, false), FW_ENTRY(fw_tanh_backward, false), FW_ENTRY(fw_relu, false),
    FW_ENTRY(fw_relu_backward, false), FW_ENTRY(fw_log_softmax, false), FW_ENTRY(fw_log_softmax_backward, false),
    FW_ENTRY(fw_sum_squares, true), FW_ENTRY(fw_sum_partials, false), FW_ENTRY(fw_axpy, false),
    FW_ENTRY(fw_scale, false), FW_ENTRY(fw_lstm_forward, false), FW_ENTRY(fw_lstm_backward, false),
    FW_ENTRY(fw_adam, false), FW_ENTRY(fw_clip_scale, false), FW_ENTRY(fw_sample_categorical, false), FW_ENTRY(fw_argmax, false),
    FW_ENTRY(fw_spread_step, false), FW_ENTRY(fw_spread_step_n3, true), FW_ENTRY(fw_spread_reset, false),
    FW_ENTRY(fw_goal_dnf, false),
};

int dummy_handle;

// Fibers for kernels with barriers: one per CUDA thread of the running block.
struct Fiber {
    ucontext_t ctx;
    bool done;
    std::vector<char> stack;
};
ucontext_t scheduler;
std::vector<Fiber> fibers;
Fiber* running = nullptr;
const Entry* fiberEntry = nullptr;
void** fiberArgs = nullptr;

void yield_to_scheduler() { swapcontext(&running->ctx, &scheduler); }

void fiber_main() {
    fiberEntry->call(fiberArgs);
    running->done = true;   // returning resumes uc_link = scheduler
}

void run_block(const Entry* e, unsigned bx, unsigned by, unsigned threads, void** args) {
    blockIdx = {bx, by, 0};
    if (!e->barriers) {
        for (unsigned t = 0; t < threads; t++) {
            threadIdx = {t, 0, 0};
            e->call(args);
        }
        return;
    }
    if (fibers.size() < threads) fibers.resize(threads);
    fiberEntry = e;
    fiberArgs = args;
    for (unsigned t = 0; t < threads; t++) {
        Fiber& f = fibers[t];
        if (f.stack.empty()) f.stack.resize(256 * 1024);
        getcontext(&f.ctx);
        f.ctx.uc_stack.ss_sp = f.stack.data();
        f.ctx.uc_stack.ss_size = f.stack.size();
        f.ctx.uc_link = &scheduler;
        makecontext(&f.ctx, fiber_main, 0);
        f.done = false;
    }
    fw_emu_yield = yield_to_scheduler;
    // one round = every live thread runs to its next barrier (or its end): barrier semantics
    for (bool live = true; live;) {
        live = false;
        for (unsigned t = 0; t < threads; t++) {
            Fiber& f = fibers[t];
            if (f.done) continue;
            running = &f;
            threadIdx = {t, 0, 0};
            swapcontext(&scheduler, &f.ctx);
            if (!f.done) live = true;
        }
    }
    fw_emu_yield = nullptr;
    running = nullptr;
}

}  // namespace

extern "C" {
typedef int CUresult;
enum { OK = 0, INVALID_VALUE = 1, NOT_FOUND = 500 };

CUresult cuInit(unsigned) { return OK; }
CUresult cuDriverGetVersion(int* v) { *v = 13000; return OK; }
CUresult cuGetErrorName(CUresult e, const char** s) {
    *s = e == OK ? "CUDA_SUCCESS" : e == NOT_FOUND ? "CUDA_ERROR_NOT_FOUND" : "CUDA_ERROR_INVALID_VALUE";
    return OK;
}
CUresult cuGetErrorString(CUresult, const char** s) { *s = "fake libcuda (host emulation)"; return OK; }
CUresult cuDeviceGetCount(int* n) { *n = 1; return OK; }
CUresult cuDeviceGet(int* d, int ordinal) { *d = ordinal; return ordinal == 0 ? OK : INVALID_VALUE; }
CUresult cuDeviceGetName(char* name, int len, int) { std::strncpy(name, "Flatworld host emulator", len); return OK; }
CUresult cuDeviceGetAttribute(int* v, int attr, int) {
    *v = attr == 16 ? 1 : attr == 75 ? 9 : 0;   // 1 SM, sm_90
    return OK;
}
CUresult cuDeviceTotalMem_v2(std::size_t* b, int) { *b = std::size_t(1) << 30; return OK; }
CUresult cuDevicePrimaryCtxRetain(void** ctx, int) { *ctx = &dummy_handle; return OK; }
CUresult cuDevicePrimaryCtxRelease_v2(int) { return OK; }
CUresult cuCtxSetCurrent(void*) { return OK; }
CUresult cuCtxSynchronize() { return OK; }
CUresult cuModuleLoadData(void** m, const void* image) { *m = &dummy_handle; return image ? OK : INVALID_VALUE; }
CUresult cuModuleUnload(void*) { return OK; }
CUresult cuModuleGetFunction(void** f, void*, const char* name) {
    for (const Entry& e : ENTRIES)
        if (std::strcmp(e.name, name) == 0) { *f = const_cast<Entry*>(&e); return OK; }
    return NOT_FOUND;
}
CUresult cuMemAlloc_v2(unsigned long long* p, std::size_t n) {
    void* m = std::calloc(1, n);
    *p = reinterpret_cast<unsigned long long>(m);
    return m ? OK : 2;
}
CUresult cuMemFree_v2(unsigned long long p) { std::free(reinterpret_cast<void*>(p)); return OK; }
CUresult cuMemAllocHost_v2(void** p, std::size_t n) { *p = std::calloc(1, n); return *p ? OK : 2; }
CUresult cuMemFreeHost(void* p) { std::free(p); return OK; }
CUresult cuMemcpyHtoD_v2(unsigned long long d, const void* s, std::size_t n) { std::memcpy(reinterpret_cast<void*>(d), s, n); return OK; }
CUresult cuMemcpyDtoH_v2(void* d, unsigned long long s, std::size_t n) { std::memcpy(d, reinterpret_cast<void*>(s), n); return OK; }
CUresult cuMemcpyHtoDAsync_v2(unsigned long long d, const void* s, std::size_t n, void*) { return cuMemcpyHtoD_v2(d, s, n); }
CUresult cuMemcpyDtoHAsync_v2(void* d, unsigned long long s, std::size_t n, void*) { return cuMemcpyDtoH_v2(d, s, n); }
CUresult cuMemcpyDtoDAsync_v2(unsigned long long d, unsigned long long s, std::size_t n, void*) {
    std::memmove(reinterpret_cast<void*>(d), reinterpret_cast<void*>(s), n);
    return OK;
}
CUresult cuMemsetD32Async(unsigned long long d, unsigned v, std::size_t n, void*) {
    auto* p = reinterpret_cast<unsigned*>(d);
    for (std::size_t i = 0; i < n; i++) p[i] = v;
    return OK;
}
CUresult cuStreamCreate(void** s, unsigned) { *s = &dummy_handle; return OK; }
CUresult cuStreamDestroy_v2(void*) { return OK; }
CUresult cuStreamSynchronize(void*) { return OK; }
CUresult cuEventCreate(void** e, unsigned) { *e = &dummy_handle; return OK; }
CUresult cuEventDestroy_v2(void*) { return OK; }
CUresult cuEventRecord(void*, void*) { return OK; }
CUresult cuEventSynchronize(void*) { return OK; }
CUresult cuEventElapsedTime_v2(float* ms, void*, void*) { *ms = 0.f; return OK; }
CUresult cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned, void*, void** params, void** extra) {
    if (f == nullptr || params == nullptr || extra != nullptr || gz != 1 || by != 1 || bz != 1 || bx == 0 || bx > 1024)
        return INVALID_VALUE;
    const Entry* e = static_cast<const Entry*>(f);
    blockDim = {bx, 1, 1};
    gridDim = {gx, gy, 1};
    for (unsigned y = 0; y < gy; y++)
        for (unsigned x = 0; x < gx; x++) run_block(e, x, y, bx, params);
    return OK;
}
}
