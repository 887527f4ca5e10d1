package org.flatworld.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * OpenBLAS {@code cblas_sgemm} through FFM, the peer the GEMM benchmarks compare with. Heap
 * {@code float[]} are passed directly with {@link Linker.Option#critical(boolean) critical(true)}
 * (PERF.md: as fast as native segments). {@link #load()} is empty when no OpenBLAS is installed
 * (system property {@code flatworld.openblas} may name the library file).
 */
public final class OpenBlas {
    static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
    private static final String[] NAMES = {"libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.0.dylib"};

    private final MethodHandle sgemm, setThreads, coreName;

    private OpenBlas(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        sgemm = linker.downcallHandle(lib.findOrThrow("cblas_sgemm"),
                FunctionDescriptor.ofVoid(i, i, i, i, i, i, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, i,
                        ValueLayout.ADDRESS, i, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, i),
                Linker.Option.critical(true));
        setThreads = linker.downcallHandle(lib.findOrThrow("openblas_set_num_threads"), FunctionDescriptor.ofVoid(i));
        coreName = linker.downcallHandle(lib.findOrThrow("openblas_get_corename"), FunctionDescriptor.of(ValueLayout.ADDRESS));
    }

    /** The installed OpenBLAS, or empty (with the reason on stderr) when there is none. */
    public static Optional<OpenBlas> load() {
        String explicit = System.getProperty("flatworld.openblas");
        String[] names = explicit != null ? new String[] {explicit} : NAMES;
        for (String name : names) {
            try {
                return Optional.of(new OpenBlas(SymbolLookup.libraryLookup(name, Arena.global())));
            } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
                // try the next name
            }
        }
        System.err.println("openblas: not installed (tried " + String.join(", ", names) + "); skipping the OpenBLAS peer");
        return Optional.empty();
    }

    public void setThreads(int n) {
        try {
            setThreads.invokeExact(n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The kernel family OpenBLAS chose for this CPU (e.g. "Haswell", "SkylakeX", "Zen"). */
    public String coreName() {
        try {
            MemorySegment p = (MemorySegment) coreName.invokeExact();
            return p.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Row-major C = op(A)·op(B) (beta = 0), same argument meaning as GemmKernels. */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1f,
                    MemorySegment.ofArray(a), lda, MemorySegment.ofArray(b), ldb, 0f, MemorySegment.ofArray(c), ldc);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
