package org.flatworld.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole GPU path without a GPU: g++ compiles the real CUDA kernels for the host together with
 * a fake libcuda (src/test/emu), and a child JVM runs {@link DeviceCheck}'s full comparison suite
 * through the generated bindings, CudaDevice, CudaModule, CudaStream's argument marshalling, the
 * host-array backend and the device-resident env, against the scalar references. What this cannot
 * check (real GPU scheduling, memory model, PTX code generation, speed) is left to device-check.sh.
 */
class CudaEmulatorTest {

    @Test
    void deviceCheckPassesOnTheHostEmulator(@TempDir Path tmp) throws Exception {
        Path gxx = Path.of("/usr/bin/g++");
        Assumptions.assumeTrue(Files.isExecutable(gxx), "no g++ to build the host emulator");
        String root = System.getProperty("flatworld.root");
        Assumptions.assumeTrue(root != null, "flatworld.root not set");
        Path nativeDir = Path.of(root, "native");
        Path lib = tmp.resolve("libfakecuda.so");
        run(List.of(gxx.toString(), "-O1", "-std=c++20", "-shared", "-fPIC", "-w",
                "-I" + nativeDir.resolve("src/main/cuda"), "-I" + nativeDir.resolve("src/test/emu"),
                "-x", "c++", nativeDir.resolve("src/test/emu/fake_libcuda.cpp").toString(), "-o", lib.toString()), 120);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(List.of(java, "--enable-native-access=ALL-UNNAMED", "-ea",
                "-Dflatworld.cuda.library.libcuda.so.1=" + lib,
                "-cp", System.getProperty("java.class.path"), DeviceCheck.class.getName(), "check", "--quick"), 300);
        ObjectMapper json = new ObjectMapper();
        int checks = 0, failed = 0;
        String device = null, summary = null;
        StringBuilder failures = new StringBuilder();
        for (String line : out.lines().toList()) {
            if (!line.startsWith("{")) continue;
            JsonNode j = json.readTree(line);
            switch (j.get("what").asText()) {
                case "device" -> device = j.path("description").asText();
                case "summary" -> summary = line;
                case "check" -> {
                    checks++;
                    if (!j.get("ok").asBoolean()) {
                        failed++;
                        failures.append(line).append('\n');
                    }
                }
                default -> { }
            }
        }
        assertTrue(device != null && device.startsWith("Flatworld host emulator"), "ran on the emulator:\n" + out);
        assertEquals(0, failed, "failed checks:\n" + failures);
        assertTrue(checks > 150, "only " + checks + " checks ran");
        assertTrue(summary != null && summary.contains("\"failed\":0"), "summary: " + summary);
    }

    private static String run(List<String> cmd, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + cmd.getFirst());
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd.getFirst() + " failed:\n" + out);
        return out;
    }
}
