package org.flatworld.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On-device acceptance: every CUDA kernel against the scalar CPU reference on fresh random inputs
 * (DeviceCheck.checks). Skipped where no CUDA device can be used; run alone with
 * {@code -Dgroups=gpu}, or without Maven through native/scripts/device-check.sh.
 */
@Tag("gpu")
class CudaDeviceTest {

    @Test
    void everyKernelMatchesTheScalarReference() {
        String why = CudaDevice.probe();
        Assumptions.assumeTrue(why == null, () -> "no CUDA device: " + why);
        long seed = new java.util.SplittableRandom().nextLong(); // fresh inputs each run; the seed is in the message
        List<DeviceCheck.Result> results = DeviceCheck.checks(seed, false);
        assertFalse(results.isEmpty());
        String failed = results.stream().filter(r -> !r.ok())
                .map(r -> r.name() + " (error " + r.error() + ") " + r.detail()).collect(Collectors.joining("\n"));
        assertTrue(failed.isEmpty(), "failed checks (seed " + seed + "):\n" + failed);
    }

    @Test
    void providerPicksCudaWhenADeviceIsPresent() {
        Assumptions.assumeTrue(CudaDevice.probe() == null, "no CUDA device");
        try (Kernels auto = KernelProvider.create("auto", 1); Kernels cuda = KernelProvider.create("cuda", 1)) {
            assertTrue(auto.name().equals("cuda") && cuda.name().equals("cuda"), auto.name() + ", " + cuda.name());
        }
    }
}
