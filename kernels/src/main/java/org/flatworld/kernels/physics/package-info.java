/**
 * Batched point-mass kernels (float32, one lane per environment): {@link
 * org.flatworld.kernels.physics.PointMassSpec} (bodies, constants, colliding pairs), {@link
 * org.flatworld.kernels.physics.PointMassBatch} (structure-of-arrays state with padded rows), {@link
 * org.flatworld.kernels.physics.PhysicsKernels} (scalar reference and Vector API implementations)
 * and {@link org.flatworld.kernels.physics.PhysicsFlops} (analytic FLOP counts). Only
 * {@code PanamaPhysicsKernels} touches {@code jdk.incubator.vector}; it is loaded only when that
 * module is present.
 */
package org.flatworld.kernels.physics;
