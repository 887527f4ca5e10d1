package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flatworld.sweep.LocalExecutor;
import org.flatworld.sweep.SweepConfig;
import org.flatworld.sweep.SweepExecutor;
import org.flatworld.sweep.SweepFolder;
import org.flatworld.sweep.SweepReport;
import org.flatworld.sweep.TrialRunner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flatworld sweep}: creates (or resumes) a sweep folder, runs its trials, and merges the outputs. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs a scaling sweep: trials.csv, curves.csv, fit.json, plots/ and report.html in --out.")
public class SweepCommand implements Callable<Integer> {
    static class Source {
        @Option(names = "--preset", description = "Built-in sweep: smoke, quick or paper.")
        String preset;

        @Option(names = "--config", description = "Sweep config JSON file (docs/SWEEPS.md).")
        Path config;
    }

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--out", description = "The sweep folder (required unless --status).")
    Path out;

    @Option(names = "--resume", description = "Continue a sweep folder: skip finished trials, rerun partial ones.")
    boolean resume;

    @Option(names = "--engine", defaultValue = "local", description = "Where trials run: local or slurm (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--workers", description = "Trials at once (local engine; default: cores / threads per trial).")
    Integer workers;

    @Option(names = "--json", description = "Print one JSON summary object on stdout.")
    boolean json;

    /** --engine slurm options and --status (the Slurm helper's). */
    @Mixin
    SlurmCliOptions slurm = new SlurmCliOptions();

    @Override
    public Integer call() throws Exception {
        if (slurm.status != null) return slurm.printStatus(json);
        if (out == null) throw new UserError("--out DIR is required (or --status DIR)");
        if (!engine.equals("local") && !engine.equals("slurm"))
            throw new UserError("--engine must be local or slurm, got '" + engine + "'");
        slurm.checkEngine(engine);
        if (workers != null && (workers < 1 || workers > 4096))
            throw new UserError("--workers must be in [1, 4096], got " + workers);
        SweepConfig config;
        if (source == null) {
            if (!resume || !Files.isRegularFile(out.resolve(SweepFolder.CONFIG)))
                throw new UserError("give --preset or --config (or --resume with an existing sweep folder)");
            config = SweepFolder.open(out).config();
        } else {
            config = source.preset != null ? SweepConfig.preset(source.preset) : SweepConfig.read(source.config);
        }
        TrialRunner.useBackend(Main.backend());
        TrialRunner.forName(config.runner()).validate(config);
        if (!resume && Files.isRegularFile(out.resolve(SweepFolder.CONFIG))) {
            SweepFolder.create(out, config); // refuses a folder made with another config, naming the difference
            throw new UserError(out + " already holds this sweep; pass --resume to continue it or choose another --out");
        }
        SweepFolder folder = SweepFolder.create(out, config);
        List<Integer> pending = folder.pending();
        SweepExecutor executor = executor(folder);
        System.err.printf("sweep %s: %d trials (%d to run) in %s, engine %s%n", config.name(), folder.size(), pending.size(),
                out, executor.name());
        executor.execute(folder, pending);
        if (!folder.pending().isEmpty()) return slurm.detached(folder, json); // --detach: `report --sweep` merges later
        SweepReport.Merged m = SweepReport.write(folder);
        System.err.println("sweep: wrote " + out.resolve("report.html"));
        if (json) System.out.println(summary(m));
        return 0;
    }

    /** The executor for --engine. */
    protected SweepExecutor executor(SweepFolder folder) {
        if (engine.equals("slurm")) return slurm.executor(folder);
        return new LocalExecutor(workers != null ? workers : LocalExecutor.defaultWorkers(folder.config()), true, System.err);
    }

    static String summary(SweepReport.Merged m) throws Exception {
        ObjectMapper om = new ObjectMapper();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("out", m.folder().dir().toString());
        o.put("trials", m.total());
        o.put("finished", m.rows().size());
        o.put("censored", m.rows().stream().filter(r -> r.crossing().censored()).count());
        Map<String, Object> fits = new LinkedHashMap<>();
        for (var e : m.fits().entrySet()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("chosen", e.getValue().fit().chosen());
            var chosen = e.getValue().fit().chosen() == null ? null : e.getValue().fit().forms().get(e.getValue().fit().chosen());
            f.put("params", chosen == null ? null : chosen.params());
            f.put("ci", chosen == null ? null : chosen.ci());
            fits.put(e.getKey(), f);
        }
        o.put("fits", fits);
        o.put("report", m.folder().dir().resolve("report.html").toString());
        return om.writeValueAsString(o);
    }
}
