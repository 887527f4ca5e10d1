package org.flatworld.cuda;

import static org.flatworld.cuda.Cuda.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.flatworld.cuda.bindings.CudaDriver;

/**
 * A CUDA stream with what enqueuing work on it needs, allocated once: a kernel-argument block
 * ({@link #args()}, reused by every launch: cuLaunchKernel copies the arguments before it returns)
 * and a page-locked staging buffer for host copies (grown on demand). Work on one stream runs in
 * issue order; nothing here waits unless it says so. One thread at a time per stream.
 */
public final class CudaStream implements AutoCloseable {
    private static final int MAX_ARGS = 32;

    private final CudaDevice device;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment stream;
    private final MemorySegment argValues;   // (MAX_ARGS) 8-byte slots
    private final MemorySegment argPointers; // (MAX_ARGS) void*: slot i's address
    private final MemorySegment scratch;     // out-parameters of driver calls
    private int argCount;
    private MemorySegment staging = MemorySegment.NULL; // page-locked host memory
    private long stagingBytes;
    private boolean closed;

    CudaStream(CudaDevice device) {
        this.device = device;
        device.makeCurrent();
        MemorySegment p = arena.allocate(ValueLayout.ADDRESS);
        check(CudaDriver.cuStreamCreate(p, 0), "cuStreamCreate");
        stream = p.get(ValueLayout.ADDRESS, 0);
        argValues = arena.allocate(8L * MAX_ARGS, 8);
        argPointers = arena.allocate(ValueLayout.ADDRESS, MAX_ARGS);
        for (int i = 0; i < MAX_ARGS; i++) argPointers.setAtIndex(ValueLayout.ADDRESS, i, argValues.asSlice(8L * i, 8));
        scratch = arena.allocate(ValueLayout.ADDRESS);
    }

    public CudaDevice device() { return device; }

    /** The raw CUstream (for cuBLAS' cublasSetStream). */
    public MemorySegment handle() { return stream; }

    /** Starts a new argument list for the next {@link #launch}. */
    public CudaStream args() {
        argCount = 0;
        return this;
    }

    private long slot() {
        if (argCount == MAX_ARGS) throw new IllegalStateException("more than " + MAX_ARGS + " kernel arguments");
        return 8L * argCount++;
    }

    /** Appends a 32-bit int argument. */
    public CudaStream i32(int v) { argValues.set(ValueLayout.JAVA_INT, slot(), v); return this; }

    /** Appends a 64-bit integer argument (long long, size_t). */
    public CudaStream i64(long v) { argValues.set(ValueLayout.JAVA_LONG, slot(), v); return this; }

    /** Appends a device pointer argument (0 = nullptr). */
    public CudaStream ptr(long deviceAddress) { return i64(deviceAddress); }

    /** Appends a float argument. */
    public CudaStream f32(float v) { argValues.set(ValueLayout.JAVA_FLOAT, slot(), v); return this; }

    /** Enqueues {@code kernel} with the arguments appended since {@link #args()}: a 1-D grid. */
    public void launch(CudaModule.Kernel kernel, int grid, int block) {
        if (grid < 1 || block < 1 || block > 1024)
            throw new IllegalArgumentException("grid must be ≥ 1 and block in [1, 1024], got " + grid + ", " + block);
        launch(kernel, grid, 1, block, 0);
    }

    /** Enqueues {@code kernel} on a 2-D grid (gridX, gridY) of {@code block}-thread blocks. */
    public void launch(CudaModule.Kernel kernel, int gridX, int gridY, int block, int sharedBytes) {
        device.makeCurrent();
        check(CudaDriver.cuLaunchKernel(kernel.function(), gridX, gridY, 1, block, 1, 1, sharedBytes, stream,
                argPointers, MemorySegment.NULL), kernel.name());
    }

    /** A page-locked host buffer of at least {@code bytes}, owned by this stream (reused; contents not kept when it grows). */
    public MemorySegment staging(long bytes) {
        if (bytes > stagingBytes) {
            synchronize();
            if (stagingBytes > 0) check(CudaDriver.cuMemFreeHost(staging), "cuMemFreeHost");
            long size = Math.max(bytes, Math.max(1 << 20, stagingBytes * 2));
            check(CudaDriver.cuMemAllocHost_v2(scratch, size), "cuMemAllocHost_v2(" + size + " bytes)");
            staging = scratch.get(ValueLayout.ADDRESS, 0).reinterpret(size);
            stagingBytes = size;
        }
        return staging;
    }

    /** Enqueues host → device ({@code host} should be page-locked, e.g. a {@link #staging} slice, for the copy to be asynchronous). */
    public void copyToDevice(long dst, MemorySegment host, long bytes) {
        if (bytes == 0) return;
        device.makeCurrent();
        check(CudaDriver.cuMemcpyHtoDAsync_v2(dst, host, bytes, stream), "cuMemcpyHtoDAsync_v2");
    }

    /** Enqueues device → host; the data is there after {@link #synchronize()}. */
    public void copyToHost(MemorySegment host, long src, long bytes) {
        if (bytes == 0) return;
        device.makeCurrent();
        check(CudaDriver.cuMemcpyDtoHAsync_v2(host, src, bytes, stream), "cuMemcpyDtoHAsync_v2");
    }

    /** Enqueues device → device. */
    public void copyOnDevice(long dst, long src, long bytes) {
        if (bytes == 0) return;
        device.makeCurrent();
        check(CudaDriver.cuMemcpyDtoDAsync_v2(dst, src, bytes, stream), "cuMemcpyDtoDAsync_v2");
    }

    /** Enqueues a fill of {@code count} 32-bit words (e.g. {@code Float.floatToRawIntBits(0f)}). */
    public void fill32(long dst, int bits, long count) {
        if (count == 0) return;
        device.makeCurrent();
        check(CudaDriver.cuMemsetD32Async(dst, bits, count, stream), "cuMemsetD32Async");
    }

    /** Copies {@code n} floats from {@code src[off..]} to device address {@code dst} and waits. */
    public void upload(float[] src, int off, int n, long dst) {
        MemorySegment s = staging(4L * n);
        MemorySegment.copy(src, off, s, ValueLayout.JAVA_FLOAT, 0, n);
        copyToDevice(dst, s, 4L * n);
        synchronize();
    }

    /** Copies {@code n} floats from device address {@code src} into {@code dst[off..]} and waits. */
    public void download(long src, float[] dst, int off, int n) {
        MemorySegment s = staging(4L * n);
        copyToHost(s, src, 4L * n);
        synchronize();
        MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, dst, off, n);
    }

    /** Waits until everything enqueued on this stream has finished. */
    public void synchronize() {
        device.makeCurrent();
        check(CudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        device.makeCurrent();
        check(CudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
        if (stagingBytes > 0) check(CudaDriver.cuMemFreeHost(staging), "cuMemFreeHost");
        check(CudaDriver.cuStreamDestroy_v2(stream), "cuStreamDestroy_v2");
        arena.close();
    }
}
