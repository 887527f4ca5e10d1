package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.flops.NetworkFlops;
import org.flatworld.kernels.flops.NetworkWorkload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flatworld bench}: quick in-process throughput measurements (warm-up on small inputs,
 * then the median of repeats). Careful figures come from JMH in {@code bench/}.
 *
 * <p>To add a benchmark, write a {@code @Command(name = "…")} class (using {@link Common} and
 * {@link #measure}/{@link #print}) and add it to the {@code subcommands} list below — one line.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput benchmarks: gemm, mlp, lstm (GFLOP/s).",
        subcommands = {
            BenchCommand.Gemm.class,
            BenchCommand.Mlp.class,
            BenchCommand.Lstm.class,
            BenchTrainCommand.class,
            BenchEnvCommand.class,
            // further bench subcommands are registered here, one per line
        })
public class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UserError("bench needs a subcommand: gemm, mlp, lstm (see flatworld bench --help)");
    }

    /** Options every bench subcommand shares. */
    public static final class Common {
        @Option(names = "--threads", defaultValue = "1", description = "Worker threads (default: ${DEFAULT-VALUE}).")
        public int threads;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats; the median is reported (default: ${DEFAULT-VALUE}).")
        public int repeats;

        @Option(names = "--min-time", defaultValue = "0.2", description = "Seconds each repeat runs at least (default: ${DEFAULT-VALUE}).")
        public double minTime;

        @Option(names = "--kernels", description = "Kernel backend: scalar, panama, cpu, cuda or auto (default: the global --backend).")
        public String kernels;

        @Option(names = "--json", description = "Print one JSON object on stdout.")
        public boolean json;

        /** The chosen backend (the caller closes it). */
        public Kernels open() {
            if (threads < 1 || threads > 1024) throw new UserError("--threads must be in [1, 1024], got " + threads);
            if (repeats < 1 || repeats > 1000) throw new UserError("--repeats must be in [1, 1000], got " + repeats);
            if (!(minTime >= 0 && minTime <= 60)) throw new UserError("--min-time must be in [0, 60] seconds, got " + minTime);
            return KernelProvider.create(kernels == null ? Main.backend() : kernels, threads);
        }
    }

    /** Seconds per call: median, min, max over repeats. */
    public record Timing(double median, double min, double max, long callsPerRepeat) {}

    /**
     * Times {@code body}: it is first called until {@code minTime/4} has passed (at least twice),
     * then each of {@code repeats} rounds calls it until {@code minTime} has passed.
     */
    public static Timing measure(Runnable body, int repeats, double minTime) {
        long warm = (long) (minTime / 4 * 1e9);
        long t0 = System.nanoTime();
        int calls = 0;
        do { body.run(); calls++; } while (calls < 2 || System.nanoTime() - t0 < warm);
        double perCall = Math.max((System.nanoTime() - t0) / 1e9 / calls, 1e-9);
        long n = Math.max(1, (long) Math.ceil(minTime / perCall));
        double[] s = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long a = System.nanoTime();
            for (long i = 0; i < n; i++) body.run();
            s[r] = (System.nanoTime() - a) / 1e9 / n;
        }
        Arrays.sort(s);
        double median = repeats % 2 == 1 ? s[repeats / 2] : (s[repeats / 2 - 1] + s[repeats / 2]) / 2;
        return new Timing(median, s[0], s[repeats - 1], n);
    }

    /** Adds the timing as rates ({@code work} per call / seconds) and prints JSON or a line. */
    public static void print(Map<String, Object> out, Kernels k, Common c, Timing t, double work, String unit) throws Exception {
        Map<String, Object> o = new LinkedHashMap<>(out);
        o.put("backend", k.name());
        o.put("description", k.description());
        o.put("threads", k.threads());
        o.put("median", work / t.median());
        o.put("min", work / t.max());
        o.put("max", work / t.min());
        o.put("unit", unit);
        o.put("repeats", c.repeats);
        o.put("seconds_per_call", t.median());
        o.put("jdk", Runtime.version().toString());
        if (c.json) System.out.println(new ObjectMapper().writeValueAsString(o));
        else System.out.printf(Locale.ROOT, "%s: %.2f %s (median of %d; min %.2f, max %.2f) on %s%n",
                o.get("what"), work / t.median(), unit, c.repeats, work / t.max(), work / t.min(), k.description());
    }

    private static float[] random(int n, long seed) {
        float[] a = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    /** Small calls first, so the JIT compiles the kernels on small inputs (PERF.md: JIT cliffs). */
    static void warmUpGemm(Kernels k) {
        float[] a = random(64 * 64, 1), b = random(64 * 64, 2), c = new float[64 * 64];
        for (int i = 0; i < 300; i++) {
            k.gemm().gemm(false, false, 64, 64, 64, a, 0, 64, b, 0, 64, c, 0, 64, false, FlopLedger.NONE);
            k.gemm().gemm(false, true, 64, 64, 64, a, 0, 64, b, 0, 64, c, 0, 64, false, FlopLedger.NONE);
            k.gemm().gemm(true, false, 64, 64, 64, a, 0, 64, b, 0, 64, c, 0, 64, true, FlopLedger.NONE);
            k.gemm().gemm(false, true, 64, 5, 64, a, 0, 64, b, 0, 64, c, 0, 5, false, FlopLedger.NONE);
        }
    }

    @Command(name = "gemm", mixinStandardHelpOptions = true, description = "SGEMM throughput, C = op(A)·op(B).")
    public static class Gemm implements Callable<Integer> {
        @Option(names = "--m", required = true, description = "Rows of C.") int m;
        @Option(names = "--k", required = true, description = "Inner dimension.") int k;
        @Option(names = "--n", required = true, description = "Columns of C.") int n;
        @Option(names = "--form", defaultValue = "AB", description = "AB (default), ABt (x·Wᵀ) or AtB (dyᵀ·x).") String form;
        @Mixin Common common;

        @Override
        public Integer call() throws Exception {
            if (m < 1 || k < 1 || n < 1) throw new UserError("--m, --k, --n must be ≥ 1, got " + m + ", " + k + ", " + n);
            if ((long) m * k > 1L << 28 || (long) k * n > 1L << 28 || (long) m * n > 1L << 28)
                throw new UserError("matrices must have ≤ 2^28 elements each");
            boolean ta, tb;
            switch (form) {
                case "AB" -> { ta = false; tb = false; }
                case "ABt" -> { ta = false; tb = true; }
                case "AtB" -> { ta = true; tb = false; }
                default -> throw new UserError("--form must be AB, ABt or AtB, got '" + form + "'");
            }
            float[] a = random(m * k, 1), b = random(k * n, 2), c = new float[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            try (Kernels kk = common.open()) {
                warmUpGemm(kk);
                Timing t = measure(() -> kk.gemm().gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false, FlopLedger.NONE),
                        common.repeats, common.minTime);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("what", "gemm");
                o.put("m", m); o.put("k", k); o.put("n", n); o.put("form", form);
                o.put("flops_per_call", 2L * m * n * k);
                print(o, kk, common, t, 2.0 * m * n * k / 1e9, "GFLOP/s");
            }
            return 0;
        }
    }

    /** Forward + backward of a network op list (NetworkWorkload), after a small warm-up network. */
    static void network(String what, NetworkFlops small, NetworkFlops f, Map<String, Object> o, Common common) throws Exception {
        try (Kernels kk = common.open()) {
            NetworkWorkload warm = new NetworkWorkload(small, 1);
            for (int i = 0; i < 50; i++) warm.run(kk, FlopLedger.NONE, FlopLedger.NONE);
            NetworkWorkload w = new NetworkWorkload(f, 2);
            Timing t = measure(() -> w.run(kk, FlopLedger.NONE, FlopLedger.NONE), common.repeats, common.minTime);
            o.put("what", what);
            o.put("params", f.params());
            o.put("forward_flops", f.forward());
            o.put("backward_flops", f.backward());
            print(o, kk, common, t, (f.forward() + f.backward()) / 1e9, "GFLOP/s");
        }
    }

    @Command(name = "mlp", mixinStandardHelpOptions = true, description = "MLP actor-critic forward + backward throughput.")
    public static class Mlp implements Callable<Integer> {
        @Option(names = "--obs", defaultValue = "64", description = "Observation size (default: ${DEFAULT-VALUE}).") int obs;
        @Option(names = "--hidden", defaultValue = "256,256", split = ",", description = "Layer sizes (default: ${DEFAULT-VALUE}).") int[] hidden;
        @Option(names = "--actions", defaultValue = "5", description = "Actions (default: ${DEFAULT-VALUE}).") int actions;
        @Option(names = "--batch", defaultValue = "4096", description = "Rows (default: ${DEFAULT-VALUE}).") int batch;
        @Option(names = "--activation", defaultValue = "tanh", description = "tanh or relu (default: ${DEFAULT-VALUE}).") String activation;
        @Mixin Common common;

        @Override
        public Integer call() throws Exception {
            NetworkFlops f = NetworkFlops.mlp(obs, hidden, actions, batch, activation);
            NetworkFlops small = NetworkFlops.mlp(obs, hidden, actions, Math.min(batch, 64), activation);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("obs", obs); o.put("hidden", hidden); o.put("actions", actions); o.put("batch", batch);
            network("mlp", small, f, o, common);
            return 0;
        }
    }

    @Command(name = "lstm", mixinStandardHelpOptions = true, description = "LSTM actor-critic forward + backward (BPTT) throughput.")
    public static class Lstm implements Callable<Integer> {
        @Option(names = "--obs", defaultValue = "64", description = "Observation size (default: ${DEFAULT-VALUE}).") int obs;
        @Option(names = "--hidden", defaultValue = "128,128", split = ",", description = "Encoder sizes then the LSTM size (default: ${DEFAULT-VALUE}).") int[] hidden;
        @Option(names = "--actions", defaultValue = "5", description = "Actions (default: ${DEFAULT-VALUE}).") int actions;
        @Option(names = "--batch", defaultValue = "1024", description = "Rows per step (default: ${DEFAULT-VALUE}).") int batch;
        @Option(names = "--seq", defaultValue = "8", description = "Time steps (default: ${DEFAULT-VALUE}).") int seq;
        @Option(names = "--activation", defaultValue = "tanh", description = "tanh or relu (default: ${DEFAULT-VALUE}).") String activation;
        @Mixin Common common;

        @Override
        public Integer call() throws Exception {
            NetworkFlops f = NetworkFlops.lstm(obs, hidden, actions, batch, seq, activation);
            NetworkFlops small = NetworkFlops.lstm(obs, hidden, actions, Math.min(batch, 64), Math.min(seq, 2), activation);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("obs", obs); o.put("hidden", hidden); o.put("actions", actions); o.put("batch", batch); o.put("seq", seq);
            network("lstm", small, f, o, common);
            return 0;
        }
    }
}
