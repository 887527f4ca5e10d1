package org.flatworld.sweep.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Talks to Slurm through its command-line clients ({@code sbatch}, {@code squeue}, {@code sacct},
 * {@code scontrol}, {@code scancel}) — the interface every site has, unlike slurmrestd. Outputs are
 * requested in fixed, parsable formats and parsed by the static methods of this class; failures
 * become one-line {@link SlurmException}s.
 */
public final class SlurmClient {

    /** Result of one client command. */
    public record Result(int exit, String out, String err) {
        /** The most telling line of stderr (the last {@code error:} line, else the last line). */
        public String errorLine() {
            String best = null;
            for (String line : err.split("\\R")) {
                String l = line.strip();
                if (l.isEmpty()) continue;
                if (l.contains("error:")) best = l;
                else if (best == null || !best.contains("error:")) best = l;
            }
            return best == null ? "exit status " + exit : best;
        }
    }

    /** Runs a command; replaceable so that parsing and error mapping are testable without a cluster. */
    public interface CommandRunner {
        Result run(List<String> argv) throws IOException;
    }

    private final List<Path> searchPath;
    private final CommandRunner runner;

    /**
     * @param searchPath where to look for the Slurm clients (normally {@code $PATH})
     * @param env        extra environment for them, e.g. {@code SLURM_CONF}; empty for none
     */
    public SlurmClient(List<Path> searchPath, Map<String, String> env) {
        this(searchPath, processRunner(env));
    }

    public SlurmClient(List<Path> searchPath, CommandRunner runner) {
        this.searchPath = List.copyOf(searchPath);
        this.runner = runner;
    }

    /** Clients found on {@code $PATH}; {@code slurmConf} (nullable) is passed as {@code SLURM_CONF}. */
    public static SlurmClient fromEnvironment(Path slurmConf) {
        Map<String, String> env = new HashMap<>();
        if (slurmConf != null) {
            if (!Files.isRegularFile(slurmConf))
                throw new IllegalArgumentException("--slurm-conf: no such file " + slurmConf);
            env.put("SLURM_CONF", slurmConf.toAbsolutePath().toString());
        }
        return new SlurmClient(pathDirs(System.getenv("PATH")), env);
    }

    static List<Path> pathDirs(String path) {
        List<Path> dirs = new ArrayList<>();
        if (path != null) for (String p : path.split(java.io.File.pathSeparator)) if (!p.isEmpty()) dirs.add(Path.of(p));
        return dirs;
    }

    /** The executable {@code name} on the search path, if any. */
    public Optional<Path> which(String name) {
        for (Path dir : searchPath) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private Path require(String name) {
        return which(name).orElseThrow(() -> new SlurmException(name + " not found on PATH: run on a machine with the "
                + "Slurm client tools (a cluster login node), or use --engine local"));
    }

    private Result exec(String tool, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(require(tool).toString());
        argv.addAll(args);
        try {
            return runner.run(argv);
        } catch (IOException e) {
            throw new SlurmException("could not run " + tool + ": " + e.getMessage());
        }
    }

    /** Fails fast with one line when there is no {@code sbatch} or the controller does not answer. */
    public void checkReachable() {
        require("sbatch");
        if (which("scontrol").isEmpty()) return;
        Result r = exec("scontrol", List.of("ping"));
        if (r.exit() != 0 || r.out().contains("DOWN"))
            throw new SlurmException("the Slurm controller is not reachable (scontrol ping: "
                    + firstLine(r.out().isBlank() ? r.errorLine() : r.out()) + "); check slurmctld and SLURM_CONF");
    }

    /** {@code MaxArraySize} from {@code scontrol show config}, or Slurm's default 1001 when unavailable. */
    public int maxArraySize() {
        if (which("scontrol").isEmpty()) return DEFAULT_MAX_ARRAY_SIZE;
        Result r = exec("scontrol", List.of("show", "config"));
        return r.exit() == 0 ? parseMaxArraySize(r.out()) : DEFAULT_MAX_ARRAY_SIZE;
    }

    public static final int DEFAULT_MAX_ARRAY_SIZE = 1001;

    /** {@code sbatch --parsable [args] script}: the job id, or a one-line {@link SlurmException}. */
    public String submit(Path script, List<String> args) {
        List<String> a = new ArrayList<>(List.of("--parsable"));
        a.addAll(args);
        a.add(script.toString());
        Result r = exec("sbatch", a);
        if (r.exit() != 0)
            throw new SlurmException("Slurm rejected the submission of " + script.getFileName() + ": "
                    + stripPrefix(r.errorLine()));
        return parseJobId(r.out());
    }

    /** Array tasks of {@code user} now in the queue (pending, running, completing…). */
    public List<TaskRecord> queue(String user) {
        Result r = exec("squeue", List.of("--noheader", "--array", "--user=" + user, "--format=%i|%T|%r"));
        if (r.exit() != 0)
            throw new SlurmException("squeue failed: " + stripPrefix(r.errorLine()));
        return parseSqueue(r.out());
    }

    /**
     * Final states of the given array jobs: {@code sacct} where accounting is on, else
     * {@code scontrol show job} (which remembers jobs for {@code MinJobAge}, 5 min by default).
     * Returns what could be learned; never throws for a job Slurm no longer knows.
     */
    public List<TaskRecord> history(List<String> jobIds) {
        if (jobIds.isEmpty()) return List.of();
        if (which("sacct").isPresent()) {
            Result r = exec("sacct", List.of("--noheader", "--parsable2", "--allocations",
                    "--jobs=" + String.join(",", jobIds), "--format=JobID,State,ExitCode"));
            if (r.exit() == 0) return parseSacct(r.out());
        }
        List<TaskRecord> out = new ArrayList<>();
        if (which("scontrol").isEmpty()) return out;
        for (String id : jobIds) {
            Result r = exec("scontrol", List.of("show", "job", "--oneliner", id));
            if (r.exit() == 0) out.addAll(parseScontrolJobs(r.out()));
        }
        return out;
    }

    /** {@code scancel JOB_TASK}; used by tests and to stop a sweep. */
    public void cancel(String jobOrTask, String signal) {
        List<String> a = new ArrayList<>();
        if (signal != null) a.add("--signal=" + signal);
        a.add(jobOrTask);
        Result r = exec("scancel", a);
        if (r.exit() != 0) throw new SlurmException("scancel " + jobOrTask + " failed: " + stripPrefix(r.errorLine()));
    }

    // ---- parsing (static, unit-tested) ----

    /** One array task as Slurm reports it. {@code exitCode} and {@code reason} may be empty. */
    public record TaskRecord(String arrayJobId, int arrayIndex, String state, String reason, String exitCode) {}

    static int parseMaxArraySize(String showConfig) {
        for (String line : showConfig.split("\\R")) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && kv[0].strip().equals("MaxArraySize")) {
                try {
                    return Integer.parseInt(kv[1].strip());
                } catch (NumberFormatException e) {
                    return DEFAULT_MAX_ARRAY_SIZE;
                }
            }
        }
        return DEFAULT_MAX_ARRAY_SIZE;
    }

    /** {@code "123"} or {@code "123;cluster"} → {@code "123"}. */
    static String parseJobId(String out) {
        String line = firstLine(out);
        String id = line.split(";", 2)[0].strip();
        if (!id.matches("\\d+")) throw new SlurmException("sbatch printed no job id (got '" + line + "')");
        return id;
    }

    /** Lines {@code JOBID_TASK|STATE|REASON}, where TASK may be a bracketed list for pending tasks. */
    static List<TaskRecord> parseSqueue(String out) {
        List<TaskRecord> list = new ArrayList<>();
        for (String line : out.split("\\R")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 2) continue;
            addTasks(list, f[0].strip(), f[1].strip(), f.length > 2 ? f[2].strip() : "", "");
        }
        return list;
    }

    /** {@code sacct --parsable2} lines {@code JobID|State|ExitCode}; {@code State} may read "CANCELLED by 0". */
    static List<TaskRecord> parseSacct(String out) {
        List<TaskRecord> list = new ArrayList<>();
        for (String line : out.split("\\R")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 2 || f[0].contains(".")) continue; // job steps (123_4.batch) are not tasks
            String state = f[1].strip().split("\\s+", 2)[0];
            addTasks(list, f[0].strip(), state, f.length > 3 ? f[3].strip() : "", f.length > 2 ? f[2].strip() : "");
        }
        return list;
    }

    /** {@code scontrol show job --oneliner}: one job per line of {@code Key=Value} words. */
    static List<TaskRecord> parseScontrolJobs(String out) {
        List<TaskRecord> list = new ArrayList<>();
        for (String line : out.split("\\R")) {
            Map<String, String> kv = new HashMap<>();
            for (String word : line.strip().split("\\s+")) {
                int eq = word.indexOf('=');
                if (eq > 0) kv.putIfAbsent(word.substring(0, eq), word.substring(eq + 1));
            }
            String array = kv.get("ArrayJobId"), task = kv.get("ArrayTaskId"), state = kv.get("JobState");
            if (array == null || task == null || state == null) continue;
            addTasks(list, array + "_" + task, state, kv.getOrDefault("Reason", ""), kv.getOrDefault("ExitCode", ""));
        }
        return list;
    }

    private static void addTasks(List<TaskRecord> list, String id, String state, String reason, String exit) {
        int us = id.indexOf('_');
        if (us <= 0) return; // not an array task
        String job = id.substring(0, us);
        if (!job.matches("\\d+")) return;
        int[] tasks;
        try {
            tasks = ArraySpec.parse(id.substring(us + 1));
        } catch (IllegalArgumentException e) {
            return; // a format this version does not know: skip the line rather than fail the status
        }
        String r = "None".equals(reason) || "(null)".equals(reason) ? "" : reason;
        for (int t : tasks) list.add(new TaskRecord(job, t, state, r, exit));
    }

    static String stripPrefix(String line) {
        String l = line;
        for (String p : new String[] {"sbatch: error: ", "squeue: error: ", "scancel: error: ", "sacct: error: ",
                "Batch job submission failed: "}) {
            if (l.startsWith(p)) l = l.substring(p.length());
        }
        return l;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    /** Runs with {@code env} added; stdout and stderr read concurrently so neither pipe blocks. */
    static CommandRunner processRunner(Map<String, String> env) {
        Map<String, String> extra = Map.copyOf(env);
        return argv -> {
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().putAll(extra);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            String out = readAll(p.getInputStream());
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(argv.get(0) + " did not finish within 120 s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + argv.get(0));
            }
            return new Result(p.exitValue(), out, err.join());
        };
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
