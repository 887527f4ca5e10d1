package org.flatworld.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.flatworld.cuda.bindings.CudaDriver;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.KernelsFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Backend selection without a usable GPU: the CUDA factory says why, auto falls back, cuda fails clearly. */
class CudaFallbackTest {

    @Test
    void missingLibraryIsReportedWithItsName() {
        List<String> names = List.of("libflatworld-no-such-driver.so.1", "libflatworld-no-such-driver.so");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> NativeLibraries.lookup(names));
        assertTrue(e.getMessage().contains("libflatworld-no-such-driver.so.1"), e.getMessage());
        assertEquals(e.getMessage(), NativeLibraries.problem(names));
        assertThrows(IllegalArgumentException.class, () -> NativeLibraries.lookup(List.of()));
    }

    @Test
    void factoryIsRegisteredThroughServiceLoader() {
        KernelsFactory found = null;
        for (KernelsFactory f : ServiceLoader.load(KernelsFactory.class)) if (f.name().equals("cuda")) found = f;
        assertNotNull(found, "META-INF/services registers the CUDA factory");
        assertEquals(CudaKernelsFactory.class, found.getClass());
    }

    @Test
    void withoutDriverTheFactoryIsUnavailableAndAutoFallsBackToCpu() {
        Assumptions.assumeTrue(NativeLibraries.problem(CudaDriver.LIBRARIES) != null, "a CUDA driver is installed here");
        CudaKernelsFactory f = new CudaKernelsFactory();
        assertFalse(f.available());
        String why = f.unavailableReason();
        assertFalse(why.isBlank(), "a reason is given");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, CudaDevice::get);
        assertTrue(e.getMessage().contains(why), e.getMessage());

        System.setProperty("flatworld.kernels.quiet", "true");
        try {
            try (Kernels k = KernelProvider.create("auto", 1)) {
                assertNotEquals("cuda", k.name(), "auto must fall back to the CPU");
            }
            UnsupportedOperationException c = assertThrows(UnsupportedOperationException.class, () -> KernelProvider.create("cuda", 1));
            assertTrue(c.getMessage().contains("cuda") && c.getMessage().contains(why), c.getMessage());
        } finally {
            System.clearProperty("flatworld.kernels.quiet");
        }
    }
}
