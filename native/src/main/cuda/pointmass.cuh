// Batched point-mass world, MPE simple_spread style (Lowe et al. 2017; MPE2 1.1.0 dynamics as in
// ../shared/fixtures/mpe/README.md): N agents (size 0.15, collide with each other), L landmarks
// (size 0.05, no collisions), discrete actions a % 5 = (none, −x, +x, −y, +y) × accel, soft
// contacts with softplus penetration, semi-implicit integration p += v·dt (old v), v *= 1 − damping,
// v += F/m·dt. One thread per environment; the state is structure-of-arrays across environments
// (env index fastest) so every state load and store is coalesced:
//   agentPos (N, 2, E)   agentVel (N, 2, E)   landPos (L, 2, E)   t (E)   episode (E)
// The per-agent buffers follow org.flatworld.env.VecEnv:
//   actions (E, N) int   rewards (E, N)   done (E) byte (0, 2 = truncated)   obs (E, N, obsDim)
// obsDim = 4 + 2L + 4(N − 1): own vel, own pos, landmarks relative, other agents relative, other
// agents' communication (zeros: simple_spread agents are silent).
// Auto-reset: after `horizon` steps the environment restarts at once and the observation written
// is the new episode's first. Reset positions are uniform in [−1, 1) from fw_uniform keyed by
// (seed + envId, episode): reproducible, but not the CPU engine's random stream.
#pragma once

#define FW_SPREAD_MAX 16   // most agents and most landmarks of the generic (runtime N, L) kernel

struct FwSpreadParams {
    float dt, damping, contactForce, contactMargin, accel, agentSize, mass, localRatio;
};

template <int NA, int NL>
__device__ __forceinline__ void fw_spread_reset_env(int e, int E, int n, int l, unsigned long long seed, int episode,
                                                    float* agentPos, float* agentVel, float* landPos)
{
    const unsigned long long key = seed + (unsigned long long)e;
    const unsigned long long base = (unsigned long long)episode << 8;
    for (int a = 0; a < (NA > 0 ? NA : n); a++) {
        for (int d = 0; d < 2; d++) {
            agentPos[(size_t)(a * 2 + d) * E + e] = 2.f * fw_uniform(key, base + a * 2 + d) - 1.f;
            agentVel[(size_t)(a * 2 + d) * E + e] = 0.f;
        }
    }
    for (int k = 0; k < (NL > 0 ? NL : l); k++)
        for (int d = 0; d < 2; d++)
            landPos[(size_t)(k * 2 + d) * E + e] = 2.f * fw_uniform(key, base + 128 + k * 2 + d) - 1.f;
}

// Writes environment e's observations, (N, obsDim) contiguous, at o.
template <int NA, int NL>
__device__ __forceinline__ void fw_spread_observe_env(int n, int l, const float* px, const float* py,
                                                      const float* vx, const float* vy, const float* lx, const float* ly,
                                                      float* o)
{
    const int N = NA > 0 ? NA : n;
    const int L = NL > 0 ? NL : l;
    const int obsDim = 4 + 2 * L + 4 * (N - 1);
    for (int a = 0; a < N; a++, o += obsDim) {
        int w = 0;
        o[w++] = vx[a]; o[w++] = vy[a]; o[w++] = px[a]; o[w++] = py[a];
        for (int k = 0; k < L; k++) { o[w++] = lx[k] - px[a]; o[w++] = ly[k] - py[a]; }
        for (int b = 0; b < N; b++) if (b != a) { o[w++] = px[b] - px[a]; o[w++] = py[b] - py[a]; }
        for (int b = 0; b < 2 * (N - 1); b++) o[w++] = 0.f;
    }
}

template <int NA, int NL>
__device__ __forceinline__ void fw_spread_step_env(int e, int E, int n, int l, FwSpreadParams P, int horizon,
                                                   unsigned long long seed, float* agentPos, float* agentVel,
                                                   float* landPos, int* t, int* episode, const int* actions,
                                                   float* rewards, unsigned char* done, float* obsEnv)
{
    constexpr int CN = NA > 0 ? NA : FW_SPREAD_MAX;
    constexpr int CL = NL > 0 ? NL : FW_SPREAD_MAX;
    const int N = NA > 0 ? NA : n;
    const int L = NL > 0 ? NL : l;
    float px[CN], py[CN], vx[CN], vy[CN], fx[CN], fy[CN], lx[CL], ly[CL];
    for (int a = 0; a < N; a++) {
        px[a] = agentPos[(size_t)(a * 2) * E + e];
        py[a] = agentPos[(size_t)(a * 2 + 1) * E + e];
        vx[a] = agentVel[(size_t)(a * 2) * E + e];
        vy[a] = agentVel[(size_t)(a * 2 + 1) * E + e];
        // action → force: a % 5 = none, −x, +x, −y, +y; unit magnitude × accel
        int act = actions[(size_t)e * N + a] % 5;
        fx[a] = act == 1 ? -P.accel : act == 2 ? P.accel : 0.f;
        fy[a] = act == 3 ? -P.accel : act == 4 ? P.accel : 0.f;
    }
    for (int k = 0; k < L; k++) {
        lx[k] = landPos[(size_t)(k * 2) * E + e];
        ly[k] = landPos[(size_t)(k * 2 + 1) * E + e];
    }
    // contacts between agents i < j: penetration = k·softplus(−(d − dMin)/k),
    // softplus(z) = max(z, 0) + log1p(exp(−|z|)) (NumPy's logaddexp(0, z))
    const float dMin = 2.f * P.agentSize;
    for (int i = 0; i < N; i++) {
        for (int j = i + 1; j < N; j++) {
            float dx = px[i] - px[j], dy = py[i] - py[j];
            float d = sqrtf(dx * dx + dy * dy);
            if (d > 0.f) {
                float z = -(d - dMin) / P.contactMargin;
                float pen = P.contactMargin * (fmaxf(z, 0.f) + log1pf(expf(-fabsf(z))));
                float s = P.contactForce * pen / d;
                fx[i] += s * dx; fy[i] += s * dy;
                fx[j] -= s * dx; fy[j] -= s * dy;
            }
        }
    }
    // integrate: position with the old velocity, then damping, then the force
    for (int a = 0; a < N; a++) {
        px[a] += vx[a] * P.dt;
        py[a] += vy[a] * P.dt;
        vx[a] = vx[a] * (1.f - P.damping) + fx[a] / P.mass * P.dt;
        vy[a] = vy[a] * (1.f - P.damping) + fy[a] / P.mass * P.dt;
    }
    // rewards: global −Σ_landmarks min_agents distance; local −1 per other agent in contact
    float global = 0.f;
    for (int k = 0; k < L; k++) {
        float best = 0.f;
        for (int a = 0; a < N; a++) {
            float dx = px[a] - lx[k], dy = py[a] - ly[k];
            float d = sqrtf(dx * dx + dy * dy);
            best = a == 0 ? d : fminf(best, d);
        }
        global -= best;
    }
    for (int a = 0; a < N; a++) {
        float local = 0.f;
        for (int b = 0; b < N; b++) {
            if (b == a) continue;
            float dx = px[a] - px[b], dy = py[a] - py[b];
            if (sqrtf(dx * dx + dy * dy) < dMin) local -= 1.f;
        }
        rewards[(size_t)e * N + a] = global * (1.f - P.localRatio) + local * P.localRatio;
    }
    int steps = t[e] + 1;
    if (steps >= horizon) {
        int ep = episode[e] + 1;
        episode[e] = ep;
        t[e] = 0;
        done[e] = 2;   // VecEnv.TRUNCATED
        fw_spread_reset_env<NA, NL>(e, E, N, L, seed, ep, agentPos, agentVel, landPos);
        for (int a = 0; a < N; a++) {
            px[a] = agentPos[(size_t)(a * 2) * E + e];
            py[a] = agentPos[(size_t)(a * 2 + 1) * E + e];
            vx[a] = 0.f; vy[a] = 0.f;
        }
        for (int k = 0; k < L; k++) {
            lx[k] = landPos[(size_t)(k * 2) * E + e];
            ly[k] = landPos[(size_t)(k * 2 + 1) * E + e];
        }
    } else {
        t[e] = steps;
        done[e] = 0;
        for (int a = 0; a < N; a++) {
            agentPos[(size_t)(a * 2) * E + e] = px[a];
            agentPos[(size_t)(a * 2 + 1) * E + e] = py[a];
            agentVel[(size_t)(a * 2) * E + e] = vx[a];
            agentVel[(size_t)(a * 2 + 1) * E + e] = vy[a];
        }
    }
    if (obsEnv != nullptr) fw_spread_observe_env<NA, NL>(N, L, px, py, vx, vy, lx, ly, obsEnv);
}

#define FW_SPREAD_STEP_ARGS                                                                            \
    int E, int n, int l, float dt, float damping, float contactForce, float contactMargin, float accel, \
    float agentSize, float mass, float localRatio, int horizon, unsigned long long seed,               \
    float* __restrict__ agentPos, float* __restrict__ agentVel, float* __restrict__ landPos,           \
    int* __restrict__ t, int* __restrict__ episode, const int* __restrict__ actions,                   \
    float* __restrict__ rewards, unsigned char* __restrict__ done, float* __restrict__ obs

// One step of every environment, any N, L ≤ FW_SPREAD_MAX. obs may be null (not written).
extern "C" __global__ void fw_spread_step(FW_SPREAD_STEP_ARGS)
{
    FwSpreadParams P{dt, damping, contactForce, contactMargin, accel, agentSize, mass, localRatio};
    const int perEnv = n * (4 + 2 * l + 4 * (n - 1));
    for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < E; e += gridDim.x * blockDim.x)
        fw_spread_step_env<0, 0>(e, E, n, l, P, horizon, seed, agentPos, agentVel, landPos, t, episode, actions,
                                 rewards, done, obs == nullptr ? nullptr : obs + (size_t)e * perEnv);
}

// The same for N = 3, L = 3 (the standard scenario), every loop unrolled at compile time, launched
// with FW_SPREAD_N3_BLOCK threads. Observations go through shared memory: each thread writes its
// environment's 54 floats there, then the block copies its envs' contiguous (envs, 3, 18) slice to
// global memory with consecutive threads on consecutive addresses (direct per-thread writes would
// put 32 different 216-byte rows in every warp store).
#define FW_SPREAD_N3_BLOCK 128
extern "C" __global__ void __launch_bounds__(FW_SPREAD_N3_BLOCK) fw_spread_step_n3(FW_SPREAD_STEP_ARGS)
{
    constexpr int PER_ENV = 3 * (4 + 2 * 3 + 4 * 2);   // 54
    __shared__ float stage[FW_SPREAD_N3_BLOCK * PER_ENV];
    FwSpreadParams P{dt, damping, contactForce, contactMargin, accel, agentSize, mass, localRatio};
    // every thread of a block runs the same iterations (base is per block), so the barriers are uniform
    for (long long base = (long long)blockIdx.x * FW_SPREAD_N3_BLOCK; base < E;
         base += (long long)gridDim.x * FW_SPREAD_N3_BLOCK) {
        int e = (int)base + threadIdx.x;
        if (e < E)
            fw_spread_step_env<3, 3>(e, E, n, l, P, horizon, seed, agentPos, agentVel, landPos, t, episode, actions,
                                     rewards, done, obs == nullptr ? nullptr : stage + threadIdx.x * PER_ENV);
        if (obs == nullptr) continue;
        __syncthreads();
        int count = (int)min((long long)FW_SPREAD_N3_BLOCK, E - base) * PER_ENV;
        float* dst = obs + base * PER_ENV;
        for (int i = threadIdx.x; i < count; i += blockDim.x) dst[i] = stage[i];
        __syncthreads();   // the stage is rewritten by the next iteration
    }
}

// Resets every environment: episode 0, t 0, fresh positions, zero velocities; writes obs when non-null.
extern "C" __global__ void fw_spread_reset(int E, int n, int l, unsigned long long seed,
                                           float* __restrict__ agentPos, float* __restrict__ agentVel,
                                           float* __restrict__ landPos, int* __restrict__ t,
                                           int* __restrict__ episode, float* __restrict__ obs)
{
    for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < E; e += gridDim.x * blockDim.x) {
        t[e] = 0;
        episode[e] = 0;
        fw_spread_reset_env<0, 0>(e, E, n, l, seed, 0, agentPos, agentVel, landPos);
        if (obs == nullptr) continue;
        float px[FW_SPREAD_MAX], py[FW_SPREAD_MAX], vx[FW_SPREAD_MAX], vy[FW_SPREAD_MAX], lx[FW_SPREAD_MAX], ly[FW_SPREAD_MAX];
        for (int a = 0; a < n; a++) {
            px[a] = agentPos[(size_t)(a * 2) * E + e];
            py[a] = agentPos[(size_t)(a * 2 + 1) * E + e];
            vx[a] = 0.f; vy[a] = 0.f;
        }
        for (int k = 0; k < l; k++) {
            lx[k] = landPos[(size_t)(k * 2) * E + e];
            ly[k] = landPos[(size_t)(k * 2 + 1) * E + e];
        }
        fw_spread_observe_env<0, 0>(n, l, px, py, vx, vy, lx, ly, obs + (size_t)e * n * (4 + 2 * l + 4 * (n - 1)));
    }
}
