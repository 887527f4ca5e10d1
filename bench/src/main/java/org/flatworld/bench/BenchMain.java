package org.flatworld.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launches JMH in an environment fit for comparing against OpenBLAS. This machine's environment pins
 * OpenBLAS to its AVX2 kernels (PERF.md), so OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed; and
 * OpenBLAS's idle threads busy-wait 2^28 cycles after every call by default, which on a 2-vCPU machine
 * takes a CPU away from whatever is timed next (measured 2026-11-25: our 2-thread GEMM ran 1.00–1.16×
 * our 1 thread with them spinning, 1.6–2.0× with OPENBLAS_THREAD_TIMEOUT=4, i.e. 2^4 cycles), so that
 * variable is set to 4 unless the caller set it. JMH's {@code @Fork} can add JVM arguments but not
 * change variables, and the forks inherit this process's environment, so when the environment is not
 * right we re-execute ourselves with it. Then it prints which core OpenBLAS picked and hands the
 * arguments to {@code org.openjdk.jmh.Main}. {@link GemmCompare} re-executes itself the same way.
 *
 * <pre>java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp bench/target/flatworld-bench.jar:bench/target/lib/* org.flatworld.bench.BenchMain Gemm -f 1 -wi 2 -i 3</pre>
 */
public final class BenchMain {
    static final String[] PINNING = {"OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"};

    private BenchMain() {}

    /** OpenBLAS's busy-wait after a call, as a power of two of cycles (its minimum); see the class comment. */
    static final String SPIN = "OPENBLAS_THREAD_TIMEOUT";
    static final String SPIN_VALUE = "4";

    public static void main(String[] args) throws Exception {
        if (!environmentReady()) {
            System.exit(reexec(BenchMain.class, args));
            return;
        }
        OpenBlas.load().ifPresent(b -> System.out.println("openblas: corename " + b.coreName()
                + " (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, " + SPIN + "=" + System.getenv(SPIN) + ")"));
        org.openjdk.jmh.Main.main(args);
    }

    /** No pinning variable set and the OpenBLAS spin bounded (by us or by the caller). */
    static boolean environmentReady() {
        Map<String, String> env = System.getenv();
        for (String v : PINNING) if (env.containsKey(v)) return false;
        return env.containsKey(SPIN);
    }

    /** Runs {@code main} again in a child JVM with the same arguments and the environment fixed; returns its exit code. */
    static int reexec(Class<?> main, String[] args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        for (String v : PINNING) pb.environment().remove(v);
        pb.environment().putIfAbsent(SPIN, SPIN_VALUE);
        System.err.println("bench: re-executing without " + String.join(", ", PINNING) + ", with " + SPIN + "="
                + pb.environment().get(SPIN));
        return pb.start().waitFor();
    }
}
