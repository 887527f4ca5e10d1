package org.flatworld.cuda;

import static org.flatworld.cuda.Cuda.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flatworld.cuda.bindings.CudaDriver;

/**
 * Flatworld's kernel image (the fatbin nvcc builds from {@code native/src/main/cuda} during the
 * Maven build, packaged as the class-path resource {@link #RESOURCE}) loaded into the context with
 * cuModuleLoadData, and its entry points resolved once by name.
 */
public final class CudaModule {
    /** Where the build puts the image. */
    public static final String RESOURCE = "/org/flatworld/cuda/flatworld.fatbin";

    /** Every extern "C" kernel of native/src/main/cuda, resolved at load time (NativeBindingsTest checks the image has them). */
    public static final List<String> KERNELS = List.of(
            "fw_gemm", "fw_gemm_128", "fw_bias_add", "fw_bias_grad", "fw_tanh", "fw_tanh_backward", "fw_relu", "fw_relu_backward",
            "fw_log_softmax", "fw_log_softmax_backward", "fw_sum_squares", "fw_sum_partials", "fw_axpy", "fw_scale",
            "fw_lstm_forward", "fw_lstm_backward", "fw_adam", "fw_clip_scale", "fw_sample_categorical", "fw_argmax",
            "fw_spread_step", "fw_spread_step_n3", "fw_spread_reset", "fw_goal_dnf");

    /** A resolved entry point. */
    public record Kernel(String name, MemorySegment function) {}

    private final Map<String, Kernel> kernels = new HashMap<>();

    private CudaModule(MemorySegment module) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fn = a.allocate(ValueLayout.ADDRESS);
            for (String name : KERNELS) {
                check(CudaDriver.cuModuleGetFunction(fn, module, a.allocateFrom(name)), "cuModuleGetFunction(" + name + ")");
                kernels.put(name, new Kernel(name, fn.get(ValueLayout.ADDRESS, 0)));
            }
        }
    }

    static CudaModule load(CudaDevice device) {
        byte[] image = image();
        if (image == null) throw new UnsupportedOperationException("no CUDA kernel image " + RESOURCE + " on the class path");
        device.makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment img = a.allocate(image.length + 1L, 16);
            MemorySegment.copy(image, 0, img, ValueLayout.JAVA_BYTE, 0, image.length);
            MemorySegment mod = a.allocate(ValueLayout.ADDRESS);
            check(CudaDriver.cuModuleLoadData(mod, img), "cuModuleLoadData(" + RESOURCE + ")");
            return new CudaModule(mod.get(ValueLayout.ADDRESS, 0));
        }
    }

    /** Whether the jar carries the kernel image (false when it was built without nvcc). */
    public static boolean imagePresent() {
        return CudaModule.class.getResource(RESOURCE) != null;
    }

    /** The image's bytes, or null when absent. */
    public static byte[] image() {
        try (InputStream in = CudaModule.class.getResourceAsStream(RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The entry point {@code name} (one of {@link #KERNELS}). */
    public Kernel kernel(String name) {
        Kernel k = kernels.get(name);
        if (k == null) throw new IllegalArgumentException("no kernel '" + name + "'; known: " + KERNELS);
        return k;
    }
}
