package org.flatworld.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that names Vector API species. Only classes of this package touch it, and only
 * after {@link org.flatworld.kernels.KernelProvider} has checked that the incubator module is
 * present.
 *
 * <p>Two rules the kernels of this package follow, both learnt the hard way here: lane sums are
 * taken in one explicit order — adding the lanes of a stored accumulator one by one, or a fixed
 * tree of lane permutes and adds in registers (the skinny GEMM) — never {@code reduceLanes(ADD)},
 * which leaves the order unspecified (the interpreter and C2 really add in different orders, so
 * results would depend on JIT warm-up); and vectors are never passed to or returned from helper
 * methods in hot loops (when C2 declines to inline the helper — "already compiled into a big
 * method" — every such vector is boxed: 50 MB/op measured on the LSTM cell).
 */
final class Vec {
    private Vec() {}

    /** The widest float species the CPU runs natively (256 bits = 8 lanes with AVX2, 16 with AVX-512). */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Lanes of {@link #F}. */
    static final int L = F.length();
}
