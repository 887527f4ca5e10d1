package org.flatworld.kernels;

/**
 * The LSTM cell, gates fused. {@code gates} is (batch, 4·hidden) in the order i, f, g, o holding
 * pre-activations x·W_ihᵀ + h·W_hhᵀ + b (the GEMMs are the caller's). Forward activates them in
 * place (σ, σ, tanh, σ) and computes c = f⊙c_prev + i⊙g, h = o⊙tanh(c).
 */
public interface LstmKernels {
    /** Per element of (batch, hidden): 4 + 1 transcendentals (σ×3, tanh g, tanh c) and 4 FLOPs (2 mul, 1 add... see FLOPS.md). */
    void cellForward(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                     float[] c, int cOff, float[] h, int hOff, FlopLedger.Counter flops);

    /**
     * Backward of {@link #cellForward}: from the activated gates, c_prev, c, dh and dc (gradient
     * flowing into c from the next step; may be null for zeros) writes dGates (w.r.t. the
     * pre-activations, (batch, 4·hidden)) and dcPrev.
     */
    void cellBackward(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                      float[] c, int cOff, float[] dh, int dhOff, float[] dc, int dcOff,
                      float[] dGates, int dgOff, float[] dcPrev, int dcpOff, FlopLedger.Counter flops);
}
