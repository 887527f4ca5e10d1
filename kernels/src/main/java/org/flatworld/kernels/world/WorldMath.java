package org.flatworld.kernels.world;

/**
 * Scalar float32 twins of the Vector API code in {@code PanamaWorldKernels}: the same correctly
 * rounded operations (+ − × ÷ fma √ min max, bit casts) in the same order, so both give the same
 * bits. Library {@code Math.exp}/{@code log} would round differently from any vector code.
 *
 * <p>exp: Cody–Waite reduction x = n·ln2 + r and the degree-6 polynomial of Cephes expf (Moshier
 * 1989), ≈ 2 ulp on [−87.3, 88.3] (inputs are clamped there). log on [1, 2]: the Cephes logf
 * reduction (w ≥ √2 halves w) and its degree-8 polynomial, ≈ 2 ulp. log1p(u) for u ∈ [0, 1]:
 * Goldberg's log(1 + u)·u / ((1 + u) − 1), exact where 1 + u rounds to 1.
 */
public final class WorldMath {
    private WorldMath() {}

    /** Contacts with softplus argument z below −CUTOFF_Z are skipped: margin·softplus(z)·kf &lt; 1e−36. */
    public static final float CUTOFF_Z = 87f;
    /** Distance floor of the contact force (coincident centres). */
    public static final float MIN_DIST = 1e-6f;

    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    static final float ROUND = 12582912f;          // 1.5·2²³: t + ROUND rounds t to an integer
    static final int ROUND_BITS = 0x4B400000;      // bits of ROUND
    static final float EXP_LO = -87.3f, EXP_HI = 88.3f;
    static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
                       P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    static final float SQRT2 = 1.41421356f;
    static final float L0 = 7.0376836292e-2f, L1 = -1.1514610310e-1f, L2 = 1.1676998740e-1f,
                       L3 = -1.2420140846e-1f, L4 = 1.4249322787e-1f, L5 = -1.6668057665e-1f,
                       L6 = 2.0000714765e-1f, L7 = -2.4999993993e-1f, L8 = 3.3333331174e-1f;

    /** e^x. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = x * LOG2E + ROUND;
        float n = t - ROUND;
        float r = (x - n * LN2_HI) - n * LN2_LO;
        float p = Math.fma(r, P0, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float e = (p * (r * r) + r) + 1f;
        return e * Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_BITS + 127) << 23);
    }

    /** ln w for w ∈ [1, 2]. */
    public static float log12(float w) {
        boolean hi = w >= SQRT2;
        float k = hi ? 1f : 0f;
        float x = hi ? w * 0.5f - 1f : w - 1f;
        float z = x * x;
        float p = Math.fma(L0, x, L1);
        p = Math.fma(p, x, L2);
        p = Math.fma(p, x, L3);
        p = Math.fma(p, x, L4);
        p = Math.fma(p, x, L5);
        p = Math.fma(p, x, L6);
        p = Math.fma(p, x, L7);
        p = Math.fma(p, x, L8);
        float y = (p * x) * z;
        y = y + k * LN2_LO;
        y = y - 0.5f * z;
        float r = x + y;
        return r + k * LN2_HI;
    }

    /** softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^−|z|), for z ≥ −{@link #CUTOFF_Z} (exp is clamped below −87.3). */
    public static float softplus(float z) {
        float u = exp(-Math.abs(z));
        float w = 1f + u;
        float l = w == 1f ? u : log12(w) * (u / (w - 1f));
        return Math.max(z, 0f) + l;
    }

    /**
     * Contact force divided by the centre offset (the caller multiplies by dx, dy):
     * kf·margin·softplus((dmin − d)/margin)/d with d = max(|(dx, dy)|, MIN_DIST), and exactly 0
     * when |(dx, dy)|² ≥ cut2 (cut = dmin + {@link #CUTOFF_Z}·margin).
     */
    public static float contact(float dx, float dy, float dmin, float cut2, float margin, float kf) {
        float d2 = dx * dx + dy * dy;
        if (!(d2 < cut2)) return 0f;
        float dist = Math.max((float) Math.sqrt(d2), MIN_DIST);
        float z = (dmin - dist) / margin;
        float pen = softplus(z) * margin;
        return pen * kf / dist;
    }
}
