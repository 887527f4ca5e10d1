/**
 * Batched kernels of the Flatworld task world (contacts, integration, goal facts), one lane per
 * environment over structure-of-arrays rows ({@link org.flatworld.kernels.world.BodyBatch}). The scalar
 * and Vector API versions perform the same correctly rounded float operations in the same order
 * (the contact softplus uses {@link org.flatworld.kernels.world.WorldMath}'s polynomial exp and log
 * instead of library calls), so they agree bit for bit and results do not depend on the backend or
 * on how environments are split between threads.
 */
package org.flatworld.kernels.world;
