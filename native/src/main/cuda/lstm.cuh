// LSTM cell, gates fused (org.flatworld.kernels.LstmKernels; Hochreiter and Schmidhuber 1997, gate
// order i, f, g, o as in PyTorch). One thread per (batch, hidden) element; gates row b is
// [i | f | g | o], each `hidden` wide. Same operation order as ScalarLstm.
#pragma once

__device__ __forceinline__ float fw_sigmoid(float x) { return 1.f / (1.f + expf(-x)); }

// Activates the gate pre-activations in place and writes c = f⊙c_prev + i⊙g, h = o⊙tanh(c).
extern "C" __global__ void fw_lstm_forward(int batch, int hidden, float* __restrict__ gates,
                                           const float* __restrict__ cPrev, float* __restrict__ c, float* __restrict__ h)
{
    long long n = (long long)batch * hidden;
    FW_GRID_STRIDE(e, n) {
        long long b = e / hidden, j = e - b * hidden;
        float* g0 = gates + b * 4 * hidden + j;
        float i = fw_sigmoid(g0[0]);
        float f = fw_sigmoid(g0[hidden]);
        float g = tanhf(g0[2 * hidden]);
        float o = fw_sigmoid(g0[3 * hidden]);
        g0[0] = i; g0[hidden] = f; g0[2 * hidden] = g; g0[3 * hidden] = o;
        float cn = f * cPrev[e] + i * g;
        c[e] = cn;
        h[e] = o * tanhf(cn);
    }
}

// From the activated gates, c_prev, c, dh and dc (null = zeros) writes dGates (w.r.t. the
// pre-activations) and dcPrev.
extern "C" __global__ void fw_lstm_backward(int batch, int hidden, const float* __restrict__ gates,
                                            const float* __restrict__ cPrev, const float* __restrict__ c,
                                            const float* __restrict__ dh, const float* __restrict__ dc,
                                            float* __restrict__ dGates, float* __restrict__ dcPrev)
{
    long long n = (long long)batch * hidden;
    FW_GRID_STRIDE(e, n) {
        long long b = e / hidden, j = e - b * hidden;
        const float* g0 = gates + b * 4 * hidden + j;
        float i = g0[0], f = g0[hidden], g = g0[2 * hidden], o = g0[3 * hidden];
        float tc = tanhf(c[e]);
        float dhj = dh[e];
        float dct = dhj * o * (1.f - tc * tc) + (dc == nullptr ? 0.f : dc[e]);
        float dO = dhj * tc;
        float dI = dct * g, dG = dct * i, dF = dct * cPrev[e];
        dcPrev[e] = dct * f;
        float* d0 = dGates + b * 4 * hidden + j;
        d0[0] = dI * i * (1.f - i);
        d0[hidden] = dF * f * (1.f - f);
        d0[2 * hidden] = dG * (1.f - g * g);
        d0[3 * hidden] = dO * o * (1.f - o);
    }
}
