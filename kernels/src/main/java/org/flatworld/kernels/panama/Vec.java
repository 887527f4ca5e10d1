package org.flatworld.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that names Vector API species and constants. Only classes of this package touch
 * it, and only after {@link org.flatworld.kernels.KernelProvider} has checked that the incubator
 * module is present.
 *
 * <p>{@link #sum} reduces lanes in a fixed tree order with lane-wise adds. {@code reduceLanes(ADD)}
 * leaves the order unspecified, and the interpreted fallback and the C2 intrinsic really do add
 * in different orders, so a result would depend on how warm the JIT is; lane-wise IEEE operations
 * give the same bits either way.
 */
final class Vec {
    private Vec() {}

    /** The widest float species the CPU runs natively (256 bits = 8 lanes with AVX2, 16 with AVX-512). */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Lanes of {@link #F}. */
    static final int L = F.length();

    // lane i ↔ lane i ^ d: the butterfly stages of the fixed-order reduction (unused when d ≥ L)
    private static final VectorShuffle<Float> X8 = VectorShuffle.fromOp(F, i -> (i ^ 8) % L);
    private static final VectorShuffle<Float> X4 = VectorShuffle.fromOp(F, i -> (i ^ 4) % L);
    private static final VectorShuffle<Float> X2 = VectorShuffle.fromOp(F, i -> (i ^ 2) % L);
    private static final VectorShuffle<Float> X1 = VectorShuffle.fromOp(F, i -> (i ^ 1) % L);

    /** Σ of the lanes of v, butterfly order (same bits interpreted or compiled). */
    static float sum(FloatVector v) {
        if (L > 16) return sumSequential(v);
        if (L == 16) v = v.add(v.rearrange(X8));
        if (L >= 8) v = v.add(v.rearrange(X4));
        if (L >= 4) v = v.add(v.rearrange(X2));
        if (L >= 2) v = v.add(v.rearrange(X1));
        return v.lane(0);
    }

    private static float sumSequential(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < L; i++) s += v.lane(i);
        return s;
    }
}
