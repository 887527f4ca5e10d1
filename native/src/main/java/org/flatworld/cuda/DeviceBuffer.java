package org.flatworld.cuda;

import static org.flatworld.cuda.Cuda.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.flatworld.cuda.bindings.CudaDriver;

/**
 * One device allocation (cuMemAlloc). {@link #address()} is the CUdeviceptr; sub-ranges are plain
 * address arithmetic ({@link #floatAt}). Not thread-safe to close while in use.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaDevice device;
    private final long bytes;
    private long address;

    DeviceBuffer(CudaDevice device, long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("device allocation must be > 0 bytes, got " + bytes);
        this.device = device;
        this.bytes = bytes;
        device.makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ValueLayout.JAVA_LONG);
            check(CudaDriver.cuMemAlloc_v2(p, bytes), "cuMemAlloc_v2(" + bytes + " bytes)");
            address = p.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /** The device address (CUdeviceptr). */
    public long address() {
        if (address == 0) throw new IllegalStateException("device buffer already freed");
        return address;
    }

    public long bytes() { return bytes; }

    /** Device address of float element {@code index} (4-byte elements from the start). */
    public long floatAt(long index) {
        if (index < 0 || index * 4 > bytes) throw new IndexOutOfBoundsException("float index " + index + " outside " + bytes / 4);
        return address() + index * 4;
    }

    @Override
    public void close() {
        if (address == 0) return;
        device.makeCurrent();
        long a = address;
        address = 0;
        check(CudaDriver.cuMemFree_v2(a), "cuMemFree_v2");
    }
}
