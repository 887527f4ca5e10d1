// Adam (Kingma and Ba 2015) with bias corrections passed as reciprocals c1 = 1/(1−β1ᵗ),
// c2 = 1/(1−β2ᵗ) computed once per call on the host, exactly as AbstractOptimKernels does.
#pragma once

// gradScaleDev, when non-null, points to the gradient scale on the device (fw_clip_scale's output)
// and replaces gradScale, so a clipped update needs no host round trip.
extern "C" __global__ void fw_adam(long long n, float* __restrict__ p, const float* __restrict__ grad,
                                   float* __restrict__ m, float* __restrict__ v,
                                   float lr, float beta1, float beta2, float eps, float gradScale, float c1, float c2,
                                   const float* __restrict__ gradScaleDev)
{
    if (gradScaleDev != nullptr) gradScale = *gradScaleDev;
    float ob1 = 1.f - beta1, ob2 = 1.f - beta2;
    FW_GRID_STRIDE(i, n) {
        float g = grad[i] * gradScale;
        float mi = beta1 * m[i] + ob1 * g;
        float vi = beta2 * v[i] + ob2 * (g * g);
        m[i] = mi;
        v[i] = vi;
        p[i] -= lr * (mi * c1) / (sqrtf(vi * c2) + eps);
    }
}

// *scale = min(1, maxNorm / sqrt(*sumSquares)) (1 when maxNorm <= 0): OptimKernels.clipScale on the
// device, in double, so global-norm clipping needs no host round trip. One thread.
extern "C" __global__ void fw_clip_scale(const double* __restrict__ sumSquares, float maxNorm, float* __restrict__ scale)
{
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    float s = 1.f;
    if (maxNorm > 0.f) {
        double norm = sqrt(*sumSquares);
        if (norm > (double)maxNorm) s = (float)((double)maxNorm / norm);
    }
    *scale = s;
}
