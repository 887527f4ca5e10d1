// Element-wise and row-wise MLP kernels (org.flatworld.kernels.MlpKernels), each the device twin
// of org.flatworld.kernels.scalar.ScalarMlp with the same operation order per element/row.
#pragma once

#define FW_GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long)gridDim.x * blockDim.x)

// x[r, c] += bias[c]
extern "C" __global__ void fw_bias_add(int rows, int cols, float* __restrict__ x, const float* __restrict__ bias)
{
    long long n = (long long)rows * cols;
    FW_GRID_STRIDE(i, n) x[i] += bias[i % cols];
}

// db[c] (+)= Σ_r dy[r, c]: one thread per column summing rows in order (as the CPU does), reads
// coalesced along c.
extern "C" __global__ void fw_bias_grad(int rows, int cols, const float* __restrict__ dy, float* __restrict__ db, int accumulate)
{
    FW_GRID_STRIDE(c, (long long)cols) {
        float s = accumulate ? db[c] : 0.f;
        for (int r = 0; r < rows; r++) s += dy[(size_t)r * cols + c];
        db[c] = s;
    }
}

extern "C" __global__ void fw_tanh(long long n, const float* x, float* y)
{
    FW_GRID_STRIDE(i, n) y[i] = tanhf(x[i]);
}

// dx = dy·(1 − y²)
extern "C" __global__ void fw_tanh_backward(long long n, const float* y, const float* dy, float* dx)
{
    FW_GRID_STRIDE(i, n) { float t = y[i]; dx[i] = dy[i] * (1.f - t * t); }
}

extern "C" __global__ void fw_relu(long long n, const float* x, float* y)
{
    FW_GRID_STRIDE(i, n) y[i] = fmaxf(x[i], 0.f);
}

extern "C" __global__ void fw_relu_backward(long long n, const float* y, const float* dy, float* dx)
{
    FW_GRID_STRIDE(i, n) dx[i] = y[i] > 0.f ? dy[i] : 0.f;
}

// out[r, :] = logits[r, :] − (max + log Σ exp(logits[r, :] − max)); one thread per row (action
// counts are small); out may alias logits.
extern "C" __global__ void fw_log_softmax(int rows, int cols, const float* logits, float* out)
{
    FW_GRID_STRIDE(r, (long long)rows) {
        const float* l = logits + r * cols;
        float mx = l[0];
        for (int j = 1; j < cols; j++) mx = fmaxf(mx, l[j]);
        float s = 0.f;
        for (int j = 0; j < cols; j++) s += expf(l[j] - mx);
        float lse = logf(s) + mx;
        float* o = out + r * cols;
        for (int j = 0; j < cols; j++) o[j] = l[j] - lse;
    }
}

// dlogits = dlogp − exp(logp)·Σ_c dlogp; dlogits may alias dlogp.
extern "C" __global__ void fw_log_softmax_backward(int rows, int cols, const float* logp, const float* dlogp, float* dlogits)
{
    FW_GRID_STRIDE(r, (long long)rows) {
        const float* p = logp + r * cols;
        const float* d = dlogp + r * cols;
        float s = 0.f;
        for (int j = 0; j < cols; j++) s += d[j];
        float* g = dlogits + r * cols;
        for (int j = 0; j < cols; j++) g[j] = d[j] - expf(p[j]) * s;
    }
}

// Σ x² in double, two passes with a fixed tree: fw_sum_squares writes one partial per block
// (blockDim.x must be 256), fw_sum_partials adds the partials in index order on one thread.
extern "C" __global__ void __launch_bounds__(256)
fw_sum_squares(long long n, const float* __restrict__ x, double* __restrict__ partial)
{
    __shared__ double s[256];
    double acc = 0.0;
    FW_GRID_STRIDE(i, n) { double v = x[i]; acc += v * v; }
    s[threadIdx.x] = acc;
    __syncthreads();
    for (int w = 128; w > 0; w >>= 1) {
        if (threadIdx.x < w) s[threadIdx.x] += s[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[blockIdx.x] = s[0];
}

extern "C" __global__ void fw_sum_partials(int count, const double* __restrict__ partial, double* __restrict__ out)
{
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        double s = 0.0;
        for (int i = 0; i < count; i++) s += partial[i];
        *out = s;
    }
}

// y += a·x
extern "C" __global__ void fw_axpy(long long n, float a, const float* __restrict__ x, float* __restrict__ y)
{
    FW_GRID_STRIDE(i, n) y[i] += a * x[i];
}

// x *= a
extern "C" __global__ void fw_scale(long long n, float a, float* x)
{
    FW_GRID_STRIDE(i, n) x[i] *= a;
}
