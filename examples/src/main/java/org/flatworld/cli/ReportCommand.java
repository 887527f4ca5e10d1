package org.flatworld.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flatworld.sweep.SweepFolder;
import org.flatworld.sweep.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flatworld report}: merges a sweep folder's finished trials into its outputs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Merges DIR/trials/*/result.json into trials.csv, curves.csv, fit.json, plots/ and report.html.")
public class ReportCommand implements Callable<Integer> {
    @Option(names = "--sweep", required = true, description = "The sweep folder.")
    Path sweep;

    @Option(names = "--json", description = "Print one JSON summary object on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SweepFolder folder = SweepFolder.open(sweep);
        if (folder.pending().size() == folder.size())
            throw new UserError(sweep + ": no trial has finished yet; nothing to report");
        SweepReport.Merged m = SweepReport.write(folder);
        System.err.printf("report: %d of %d trials finished; wrote %s%n", m.rows().size(), m.total(), sweep.resolve("report.html"));
        if (json) System.out.println(SweepCommand.summary(m));
        return 0;
    }
}
