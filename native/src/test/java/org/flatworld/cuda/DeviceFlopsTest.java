package org.flatworld.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.physics.PhysicsFlops;
import org.flatworld.kernels.physics.PointMassSpec;
import org.junit.jupiter.api.Test;

/** The device-resident API charges exactly what the CPU backends charge for the same work. */
class DeviceFlopsTest {
    private final Kernels cpu = KernelProvider.scalar();

    private record Pair(FlopLedger cpu, FlopLedger dev, FlopLedger.Counter c, FlopLedger.Counter d) {
        static Pair make() {
            FlopLedger a = new FlopLedger(), b = new FlopLedger();
            return new Pair(a, b, a.counter(FlopCategory.LEARN_BWD), b.counter(FlopCategory.LEARN_BWD));
        }

        void same(String what) {
            assertEquals(cpu.total(), dev.total(), what + ": FLOPs");
            assertEquals(cpu.totalTranscendentals(), dev.totalTranscendentals(), what + ": transcendentals");
        }
    }

    @Test
    void networkKernelsCountLikeTheCpu() {
        int[][] shapes = {{1, 1}, {3, 5}, {33, 7}, {207, 13}};
        for (int[] s : shapes) {
            int r = s[0], c = s[1], n = r * c;
            float[] x = new float[4 * n + 8], y = new float[4 * n + 8], z = new float[4 * n + 8], w = new float[4 * n + 8];
            int[] act = new int[r];
            Pair p = Pair.make();
            cpu.gemm().gemm(false, true, r, c, 7, x, 0, 7, new float[7 * c], 0, 7, y, 0, c, false, p.c());
            DeviceFlops.gemm(p.d(), r, c, 7);
            cpu.mlp().biasAdd(r, c, x, 0, y, 0, p.c());
            DeviceFlops.biasAdd(p.d(), r, c);
            cpu.mlp().biasGrad(r, c, x, 0, y, 0, true, p.c());
            DeviceFlops.biasGrad(p.d(), r, c);
            cpu.mlp().tanh(n, x, 0, y, 0, p.c());
            DeviceFlops.tanh(p.d(), n);
            cpu.mlp().tanhBackward(n, x, 0, y, 0, z, 0, p.c());
            DeviceFlops.tanhBackward(p.d(), n);
            cpu.mlp().relu(n, x, 0, y, 0, p.c());
            DeviceFlops.relu(p.d(), n);
            cpu.mlp().reluBackward(n, x, 0, y, 0, z, 0, p.c());
            DeviceFlops.reluBackward(p.d(), n);
            cpu.mlp().logSoftmax(r, c, x, 0, y, 0, p.c());
            DeviceFlops.logSoftmax(p.d(), r, c);
            cpu.mlp().logSoftmaxBackward(r, c, y, 0, x, 0, z, 0, p.c());
            DeviceFlops.logSoftmaxBackward(p.d(), r, c);
            cpu.mlp().sampleCategorical(r, c, y, 0, new Random(1), act, 0, p.c());
            DeviceFlops.sampleCategorical(p.d(), r, c);
            cpu.mlp().sumSquares(n, x, 0, p.c());
            DeviceFlops.sumSquares(p.d(), n);
            cpu.mlp().axpy(n, 2f, x, 0, y, 0, p.c());
            DeviceFlops.axpy(p.d(), n);
            cpu.mlp().scale(n, 2f, x, 0, p.c());
            DeviceFlops.scale(p.d(), n);
            cpu.lstm().cellForward(r, c, w, 0, x, 0, y, 0, z, 0, p.c());
            DeviceFlops.lstmForward(p.d(), r, c);
            cpu.lstm().cellBackward(r, c, w, 0, x, 0, y, 0, z, 0, null, 0, new float[4 * n], 0, new float[n], 0, p.c());
            DeviceFlops.lstmBackward(p.d(), r, c);
            cpu.optim().adam(n, x, 0, y, 0, z, 0, new float[n], 0, 3, 1e-3f, 0.9f, 0.999f, 1e-8f, 1f, p.c());
            DeviceFlops.adam(p.d(), n);
            p.same("shape " + r + "x" + c);
        }
    }

    @Test
    void spreadCountsUseThePhysicsCosts() {
        assertEquals(PhysicsFlops.CONTACT_PAIR, DeviceFlops.CONTACT_PAIR);
        assertEquals(PhysicsFlops.CONTACT_PAIR_TRANSCENDENTAL, DeviceFlops.CONTACT_PAIR_TRANSCENDENTAL);
        assertEquals(PhysicsFlops.INTEGRATE, DeviceFlops.INTEGRATE);
        assertEquals(PhysicsFlops.DISTANCE, DeviceFlops.DISTANCE);
        for (int n = 1; n <= 6; n++) {
            // simple_spread's physics: n colliding movable agents, n landmarks that neither move nor collide
            float[] size = new float[2 * n], mass = new float[2 * n], cap = new float[2 * n];
            boolean[] movable = new boolean[2 * n], collide = new boolean[2 * n];
            for (int e = 0; e < 2 * n; e++) {
                size[e] = e < n ? 0.15f : 0.05f;
                mass[e] = 1f;
                cap[e] = Float.NaN;
                movable[e] = collide[e] = e < n;
            }
            PointMassSpec spec = new PointMassSpec(size, mass, movable, collide, cap, 0.1f, 0.25f, 100f, 1e-3f);
            long nn = n;
            // closed form: 2N action forces + physics + N² distances + N(N−1) min + N subtractions
            // + N(N−1)(distance + compare + count) + 3N reward mix
            long want = 2 * nn + PhysicsFlops.step(spec) + nn * nn * PhysicsFlops.DISTANCE + nn * (nn - 1) + nn
                    + nn * (nn - 1) * (PhysicsFlops.DISTANCE + 2) + 3 * nn;
            assertEquals(want, DeviceFlops.spreadStep(n, n), "step N=" + n);
            assertEquals(PhysicsFlops.stepTranscendentals(spec) + nn * nn + nn * (nn - 1),
                    DeviceFlops.spreadStepTranscendentals(n, n), "transcendentals N=" + n);
            assertEquals(2 * nn * (2 * nn - 1), DeviceFlops.spreadObserve(n, n), "observe N=" + n);
            assertEquals(8 * nn, DeviceFlops.spreadReset(n, n), "reset N=" + n);
        }
        FlopLedger l = new FlopLedger();
        DeviceFlops.spread(l.counter(FlopCategory.SIM), 10, 4, 7, 3, 3);
        assertEquals(10 * DeviceFlops.spreadStep(3, 3) + 4 * DeviceFlops.spreadReset(3, 3) + 7 * DeviceFlops.spreadObserve(3, 3),
                l.flops(FlopCategory.SIM));
        assertEquals(10 * DeviceFlops.spreadStepTranscendentals(3, 3), l.transcendentals(FlopCategory.SIM));
    }
}
