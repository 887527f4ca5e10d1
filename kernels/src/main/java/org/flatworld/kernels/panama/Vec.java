package org.flatworld.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that names Vector API species. Only classes of this package touch it, and only
 * after {@link org.flatworld.kernels.KernelProvider} has checked that the incubator module is
 * present.
 */
final class Vec {
    private Vec() {}

    /** The widest float species the CPU runs natively (512 bits = 16 lanes with AVX-512). */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Lanes of {@link #F}. */
    static final int L = F.length();
}
