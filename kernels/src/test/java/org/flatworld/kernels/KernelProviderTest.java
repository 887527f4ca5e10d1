package org.flatworld.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Backend choice and its explicit fallbacks. */
class KernelProviderTest {

    /** Run in a child JVM without the incubator module by {@link #cpuFallsBackToScalarWithoutTheVectorApi}. */
    public static final class Probe {
        public static void main(String[] args) {
            try (Kernels k = KernelProvider.create(args[0], 2)) {
                System.out.println(k.name());
            } catch (UnsupportedOperationException e) {
                System.out.println("unsupported: " + e.getMessage());
            }
        }
    }

    @Test
    void namedBackends() {
        try (Kernels p = KernelProvider.create("panama", 2); Kernels c = KernelProvider.create("cpu", 1);
             Kernels s = KernelProvider.create("scalar", 4)) {
            assertEquals("panama", p.name());
            assertEquals(2, p.threads());
            assertTrue(p.description().matches("panama, \\d+-bit, (no )?fma, 2 threads"), p.description());
            assertEquals("panama", c.name());
            assertEquals("scalar", s.name());
        }
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.create("gpu", 1));
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.create("cpu", 0));
    }

    @Test
    void cudaWithoutABackendSaysWhy() {
        // the kernels module alone has no CUDA factory on its class path
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> KernelProvider.create("cuda", 1));
        assertTrue(e.getMessage().contains("cuda"), e.getMessage());
        try (Kernels k = KernelProvider.create("auto", 1)) {
            assertTrue(k.name().equals("panama") || k.name().equals("cuda"), k.name());
        }
    }

    @Test
    void cpuFallsBackToScalarWithoutTheVectorApi() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String backend : new String[] {"cpu", "panama"}) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName(), backend)
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (backend.equals("cpu")) {
                assertTrue(out.contains("Vector API unavailable"), out);
                assertTrue(out.strip().endsWith("scalar"), out);
            } else {
                assertTrue(out.contains("unsupported: backend 'panama' unavailable"), out);
            }
        }
    }
}
