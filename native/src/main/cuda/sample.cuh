// Categorical sampling by inversion and the counter-based random numbers the device-resident
// paths use (no cuRAND: the stream is a pure function of (seed, stream, counter), so a rollout is
// reproducible whatever the launch configuration).
#pragma once

// SplitMix64 finaliser (Steele, Lea and Flood 2014): a bijective 64-bit mix.
__device__ __forceinline__ unsigned long long fw_mix64(unsigned long long z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Uniform in [0, 1) with 24 random bits, for (key, counter); key = seed + stream id.
__device__ __forceinline__ float fw_uniform(unsigned long long key, unsigned long long counter)
{
    unsigned long long z = fw_mix64(key * 0x9E3779B97F4A7C15ULL + fw_mix64(counter + 0x632BE59BD9B4E019ULL));
    return (float)(z >> 40) * (1.0f / 16777216.0f);
}

// actions[r] = the first j whose cumulative probability Σ_{c≤j} exp(logp[r, c]) exceeds u_r, else
// the last action with non-zero mass (as AbstractMlpKernels.sampleCategorical). u_r is
// uniforms[r] when uniforms is non-null (drawn on the host from the caller's random stream: same
// actions as the CPU up to exp rounding), else fw_uniform(seed + r, counter).
extern "C" __global__ void fw_sample_categorical(int rows, int cols, const float* __restrict__ logp,
                                                 const float* __restrict__ uniforms, unsigned long long seed,
                                                 unsigned long long counter, int* __restrict__ actions)
{
    FW_GRID_STRIDE(r, (long long)rows) {
        float u = uniforms != nullptr ? uniforms[r] : fw_uniform(seed + (unsigned long long)r, counter);
        const float* l = logp + r * cols;
        float cum = 0.f;
        int chosen = -1, lastPositive = 0;
        for (int j = 0; j < cols; j++) {
            float p = expf(l[j]);
            cum += p;
            if (p > 0.f) lastPositive = j;
            if (chosen < 0 && u < cum) chosen = j;
        }
        actions[r] = chosen >= 0 ? chosen : lastPositive;
    }
}

// actions[r] = argmax_j logp[r, j] (first maximum), for greedy acting on the device.
extern "C" __global__ void fw_argmax(int rows, int cols, const float* __restrict__ logp, int* __restrict__ actions)
{
    FW_GRID_STRIDE(r, (long long)rows) {
        const float* l = logp + r * cols;
        int best = 0;
        float bv = l[0];
        for (int j = 1; j < cols; j++) if (l[j] > bv) { bv = l[j]; best = j; }
        actions[r] = best;
    }
}
