package org.flatworld.kernels;

/**
 * The LSTM cell, gates fused. {@code gates} is (batch, 4·hidden) in the order i, f, g, o holding
 * pre-activations x·W_ihᵀ + h·W_hhᵀ + b (the GEMMs are the caller's). Forward activates them in
 * place (σ, σ, tanh, σ) and computes c = f⊙c_prev + i⊙g, h = o⊙tanh(c).
 */
public interface LstmKernels {
    /**
     * Per element of (batch, hidden): 9 FLOPs of which 5 transcendental (σ i, σ f, tanh g, σ o, tanh c)
     * ({@link FlopCounts#lstmCellForward}).
     */
    void cellForward(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                     float[] c, int cOff, float[] h, int hOff, FlopLedger.Counter flops);

    /**
     * Backward of {@link #cellForward}: from the activated gates, c_prev, c, dh and dc (gradient
     * flowing into c from the next step; may be null for zeros) writes dGates (w.r.t. the
     * pre-activations, (batch, 4·hidden)) and dcPrev. Per element: 23 FLOPs of which 1
     * transcendental (tanh c is recomputed) ({@link FlopCounts#lstmCellBackward}).
     */
    void cellBackward(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                      float[] c, int cOff, float[] dh, int dhOff, float[] dc, int dcOff,
                      float[] dGates, int dgOff, float[] dcPrev, int dcpOff, FlopLedger.Counter flops);
}
