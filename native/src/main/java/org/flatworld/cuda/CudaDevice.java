package org.flatworld.cuda;

import static org.flatworld.cuda.Cuda.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.flatworld.cuda.bindings.CudaDriver;

/**
 * The process's one CUDA context: the primary context of device {@code flatworld.cuda.device}
 * (system property, default 0), shared with the runtime API and cuBLAS, with Flatworld's kernel
 * module loaded. Created on first {@link #get()} and kept for the life of the process (the driver
 * releases it at exit). Any thread may use it: {@link #makeCurrent()} binds the context to the
 * calling thread once.
 */
public final class CudaDevice {
    private static final int ATTR_MULTIPROCESSOR_COUNT = 16;
    private static final int ATTR_CC_MAJOR = 75;
    private static final int ATTR_CC_MINOR = 76;

    private static CudaDevice instance;
    private static String problem;
    private static boolean probed;

    private final int ordinal;
    private final MemorySegment context;
    private final String name;
    private final int ccMajor, ccMinor, multiprocessors, driverVersion;
    private final long totalMemory;
    private final CudaModule module;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private CudaDevice(int ordinal) {
        this.ordinal = ordinal;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.JAVA_LONG);
            check(CudaDriver.cuDriverGetVersion(out), "cuDriverGetVersion");
            driverVersion = out.get(ValueLayout.JAVA_INT, 0);
            check(CudaDriver.cuDeviceGet(out, ordinal), "cuDeviceGet(" + ordinal + ")");
            int dev = out.get(ValueLayout.JAVA_INT, 0);
            MemorySegment nameBuf = a.allocate(256);
            check(CudaDriver.cuDeviceGetName(nameBuf, 256, dev), "cuDeviceGetName");
            name = nameBuf.getString(0);
            ccMajor = attribute(out, ATTR_CC_MAJOR, dev);
            ccMinor = attribute(out, ATTR_CC_MINOR, dev);
            multiprocessors = attribute(out, ATTR_MULTIPROCESSOR_COUNT, dev);
            check(CudaDriver.cuDeviceTotalMem_v2(out, dev), "cuDeviceTotalMem_v2");
            totalMemory = out.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment ctx = a.allocate(ValueLayout.ADDRESS);
            check(CudaDriver.cuDevicePrimaryCtxRetain(ctx, dev), "cuDevicePrimaryCtxRetain");
            context = ctx.get(ValueLayout.ADDRESS, 0);
        }
        makeCurrent();
        module = CudaModule.load(this);
    }

    private static int attribute(MemorySegment out, int attr, int dev) {
        check(CudaDriver.cuDeviceGetAttribute(out, attr, dev), "cuDeviceGetAttribute(" + attr + ")");
        return out.get(ValueLayout.JAVA_INT, 0);
    }

    /**
     * Null when a CUDA device can be used here, else why not (no kernel image in the jar, no driver
     * library, cuInit failed, no device, context or module creation failed). Probed once per process.
     */
    public static synchronized String probe() {
        if (probed) return problem;
        probed = true;
        problem = probeNow();
        return problem;
    }

    private static String probeNow() {
        if (!CudaModule.imagePresent())
            return "the flatworld-native jar has no CUDA kernel image (" + CudaModule.RESOURCE + "; built without nvcc)";
        String lib = NativeLibraries.problem(CudaDriver.LIBRARIES);
        if (lib != null) return lib;
        int ordinal = Integer.getInteger("flatworld.cuda.device", 0);
        try {
            check(CudaDriver.cuInit(0), "cuInit");
            try (Arena a = Arena.ofConfined()) {
                MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
                check(CudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
                int n = count.get(ValueLayout.JAVA_INT, 0);
                if (n == 0) return "the CUDA driver reports no device";
                if (ordinal < 0 || ordinal >= n)
                    return "flatworld.cuda.device must be in [0, " + (n - 1) + "], got " + ordinal;
            }
            instance = new CudaDevice(ordinal);
            return null;
        } catch (CudaException | UnsupportedOperationException | UnsatisfiedLinkError e) {
            return e.getMessage();
        }
    }

    /** The process's device; {@link UnsupportedOperationException} with the reason when there is none. */
    public static synchronized CudaDevice get() {
        String why = probe();
        if (why != null) throw new UnsupportedOperationException("CUDA unavailable: " + why);
        return instance;
    }

    /** Binds this context to the calling thread (once per thread). */
    public void makeCurrent() {
        if (current.get()) return;
        check(CudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        current.set(Boolean.TRUE);
    }

    /** Waits for all work of this context. */
    public void synchronize() {
        makeCurrent();
        check(CudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /** A device allocation of {@code bytes} (> 0); freed by {@link DeviceBuffer#close()}. */
    public DeviceBuffer allocate(long bytes) {
        return new DeviceBuffer(this, bytes);
    }

    public CudaStream createStream() {
        return new CudaStream(this);
    }

    public CudaModule module() { return module; }

    public int ordinal() { return ordinal; }

    public String name() { return name; }

    public int multiprocessors() { return multiprocessors; }

    public long totalMemory() { return totalMemory; }

    /** e.g. "NVIDIA H100 80GB HBM3, sm_90, 132 SMs, 79.1 GiB, driver 13000". */
    public String description() {
        return String.format("%s, sm_%d%d, %d SMs, %.1f GiB, driver %d", name, ccMajor, ccMinor, multiprocessors,
                totalMemory / (1024.0 * 1024 * 1024), driverVersion);
    }
}
