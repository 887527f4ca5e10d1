/**
 * Point-mass physics of the multi-agent particle environments (Lowe et al. 2017; MPE2 1.1.0).
 *
 * <p>Two implementations of one step (action forces; soft contacts f = contactForce · Δp/d ·
 * k·softplus(−(d − (s_a + s_b))/k) between colliding bodies; then p ← p + v·dt,
 * v ← v·(1 − damping) + (F/m)·dt, speed cap):
 * <ul>
 *   <li>{@link org.flatworld.physics.ReferenceWorld}: one environment in double precision, written to
 *       evaluate MPE's NumPy expressions in the same order (reproduces recorded episodes to 1e−9);</li>
 *   <li>{@code org.flatworld.kernels.physics}: the batched float32 kernels, structure-of-arrays over
 *       environments — {@code PointMassSpec} (the bodies and constants), {@code PointMassBatch}
 *       (the state, rows padded), {@code PhysicsKernels} ({@code scalar()} or the Vector API via
 *       {@code create("auto")}), {@code PhysicsFlops} (analytic counts).</li>
 * </ul>
 * A world that wants these dynamics builds a {@code PointMassSpec}, keeps its state in a
 * {@code PointMassBatch}, writes action forces into {@code fx, fy} and calls
 * {@code PhysicsKernels.step(spec, batch, from, to)} on disjoint environment ranges (multiples of 16
 * for thread-count-independent results).
 */
package org.flatworld.physics;
