package org.flatworld.kernels;

import java.lang.reflect.InvocationTargetException;
import java.util.ServiceLoader;
import org.flatworld.kernels.scalar.ScalarKernels;

/**
 * Chooses a backend once and logs the choice in one line on stderr, e.g.
 * {@code kernels: panama, 512-bit, fma, 2 threads}.
 * <ul>
 *   <li>{@code scalar}: the plain-Java reference ({@link ScalarKernels}).</li>
 *   <li>{@code panama}: the Vector API backend; fails with {@link UnsupportedOperationException}
 *       when the JVM runs without {@code --add-modules jdk.incubator.vector}.</li>
 *   <li>{@code cpu}: panama when the Vector API is present, else scalar (logged).</li>
 *   <li>{@code cuda}: the backend a {@link KernelsFactory} named "cuda" provides through
 *       {@link ServiceLoader}; fails with a clear message when none is available.</li>
 *   <li>{@code auto}: cuda when available, else cpu, logging why cuda was skipped.</li>
 * </ul>
 * Like Lucene's VectorizationProvider, the Vector API class is loaded reflectively so this class
 * loads without the incubator module.
 */
public final class KernelProvider {
    private static final String PANAMA_CLASS = "org.flatworld.kernels.panama.PanamaKernels";

    private KernelProvider() {}

    /**
     * A backend by name ({@code auto|cpu|cuda|scalar|panama}) with {@code threads} worker threads
     * (1..1024; the scalar backend always uses one). The caller closes it.
     */
    public static Kernels create(String backend, int threads) {
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
        if (backend == null) throw new IllegalArgumentException("backend is null; allowed: auto, cpu, cuda, scalar, panama");
        Kernels k = switch (backend) {
            case "scalar" -> new ScalarKernels();
            case "panama" -> {
                String why = vectorApiMissing();
                if (why != null) throw new UnsupportedOperationException("backend 'panama' unavailable: " + why);
                yield panama(threads);
            }
            case "cpu" -> cpu(threads);
            case "cuda" -> {
                KernelsFactory f = factory("cuda");
                if (f == null) throw new UnsupportedOperationException(
                        "backend 'cuda' unavailable: no CUDA backend on the class path (module flatworld-native)");
                if (!f.available()) throw new UnsupportedOperationException("backend 'cuda' unavailable: " + f.unavailableReason());
                yield f.create(threads);
            }
            case "auto" -> {
                KernelsFactory f = factory("cuda");
                if (f != null && f.available()) yield f.create(threads);
                log("kernels: cuda " + (f == null ? "not on the class path" : "unavailable (" + f.unavailableReason() + ")")
                        + "; using the CPU");
                yield cpu(threads);
            }
            default -> throw new IllegalArgumentException(
                    "unknown backend '" + backend + "'; allowed: auto, cpu, cuda, scalar, panama");
        };
        log("kernels: " + k.description());
        return k;
    }

    /** The scalar reference backend (not logged). */
    public static Kernels scalar() { return new ScalarKernels(); }

    /** Why the Vector API backend cannot run in this JVM, or null when it can. */
    public static String vectorApiMissing() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty())
            return "the JVM runs without --add-modules jdk.incubator.vector";
        try {
            Class.forName(PANAMA_CLASS, false, KernelProvider.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "class " + PANAMA_CLASS + " not found";
        }
        return null;
    }

    private static Kernels cpu(int threads) {
        String why = vectorApiMissing();
        if (why == null) return panama(threads);
        log("kernels: Vector API unavailable (" + why + "); falling back to scalar");
        return new ScalarKernels();
    }

    private static Kernels panama(int threads) {
        try {
            return (Kernels) Class.forName(PANAMA_CLASS).getConstructor(int.class).newInstance(threads);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException("cannot start the Vector API backend", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the Vector API backend", e);
        }
    }

    private static KernelsFactory factory(String name) {
        for (KernelsFactory f : ServiceLoader.load(KernelsFactory.class)) if (name.equals(f.name())) return f;
        return null;
    }

    /** Lines already logged: the choice is logged once per process, not once per trial or network. */
    private static final java.util.Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void log(String line) {
        if (!Boolean.getBoolean("flatworld.kernels.quiet") && LOGGED.add(line)) System.err.println(line);
    }
}
