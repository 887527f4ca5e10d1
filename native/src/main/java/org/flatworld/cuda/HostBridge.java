package org.flatworld.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Runs one host-array kernel call on the device for {@link CudaKernels}: {@link #begin} sizes a
 * device workspace and the stream's page-locked staging buffer (both grown on demand, never
 * shrunk), {@link #in} stages and enqueues an upload, {@link #out} reserves device space,
 * {@link #fetch} enqueues a download, {@link #finish} waits once and copies the downloads into the
 * caller's arrays. Staging offsets mirror workspace offsets. Callers hold the bridge's lock for the
 * whole call.
 */
final class HostBridge implements AutoCloseable {
    private static final long ALIGN = 256;
    private static final int MAX_PENDING = 8;

    final CudaStream stream;
    final DeviceKernels kernels;
    private DeviceBuffer work;
    private long capacity;
    private long used;
    private MemorySegment staging;
    private final float[][] pendingArray = new float[MAX_PENDING][];
    private final int[] pendingOffset = new int[MAX_PENDING];
    private final int[] pendingCount = new int[MAX_PENDING];
    private final long[] pendingStaging = new long[MAX_PENDING];
    private int pending;

    HostBridge(CudaDevice device) {
        this.stream = device.createStream();
        this.kernels = new DeviceKernels(stream);
    }

    /** Starts a call that needs at most {@code floats} floats in {@code slots} buffers. */
    void begin(long floats, int slots) {
        long bytes = 4 * floats + ALIGN * (slots + 1);
        if (bytes > capacity) {
            stream.synchronize();
            if (work != null) work.close();
            capacity = Math.max(bytes, Math.max(1 << 20, capacity * 2));
            work = stream.device().allocate(capacity);
        }
        staging = stream.staging(capacity);
        used = 0;
        pending = 0;
    }

    private long reserve(long bytes) {
        long at = used;
        used += (bytes + ALIGN - 1) / ALIGN * ALIGN;
        if (used > capacity) throw new IllegalStateException("workspace overflow: " + used + " > " + capacity);
        return at;
    }

    /** Uploads a[off, off + n) and returns its device address (a valid dummy address when n = 0). */
    long in(float[] a, int off, long n) {
        long at = reserve(4 * n);
        if (n > 0) {
            MemorySegment.copy(a, off, staging, ValueLayout.JAVA_FLOAT, at, (int) n);
            stream.copyToDevice(work.address() + at, staging.asSlice(at, 4 * n), 4 * n);
        }
        return work.address() + at;
    }

    /** Reserves n floats (or bytes / 4) on the device. */
    long out(long n) {
        return work.address() + reserve(4 * n);
    }

    /** Downloads n floats from device address dev (inside the workspace) into a[off..] at {@link #finish}. */
    void fetch(long dev, float[] a, int off, int n) {
        if (n == 0) return;
        long at = dev - work.address();
        stream.copyToHost(staging.asSlice(at, 4L * n), dev, 4L * n);
        pendingArray[pending] = a;
        pendingOffset[pending] = off;
        pendingCount[pending] = n;
        pendingStaging[pending] = at;
        pending++;
    }

    /** Waits for the call and delivers the downloads. */
    void finish() {
        stream.synchronize();
        for (int i = 0; i < pending; i++) {
            MemorySegment.copy(staging, ValueLayout.JAVA_FLOAT, pendingStaging[i], pendingArray[i], pendingOffset[i], pendingCount[i]);
            pendingArray[i] = null;
        }
        pending = 0;
    }

    /** Waits and reads one double at device address dev (inside the workspace). */
    double fetchDouble(long dev) {
        long at = dev - work.address();
        stream.copyToHost(staging.asSlice(at, 8), dev, 8);
        finish();
        return staging.get(ValueLayout.JAVA_DOUBLE, at);
    }

    @Override
    public void close() {
        kernels.close();
        if (work != null) work.close();
        stream.close();
    }
}
