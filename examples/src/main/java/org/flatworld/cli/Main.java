package org.flatworld.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code flatworld} command line (../shared/CONTRACT.md). User errors — a
 * {@link UserError}, an {@link IllegalArgumentException} or a picocli parameter error — print one
 * line to stderr and exit 2; nothing else leaks a stack trace unless FLATWORLD_DEBUG is set.
 */
@Command(name = "flatworld", mixinStandardHelpOptions = true, version = "flatworld 0.1.0",
        description = "Compute-to-generalization scaling laws for RL in 2-D multi-agent point-mass worlds.")
public final class Main implements Callable<Integer> {

    /** Global compute backend, inherited by every subcommand. */
    @Option(names = "--backend", scope = ScopeType.INHERIT, defaultValue = "auto",
            description = "Compute backend: cpu, cuda or auto (default: ${DEFAULT-VALUE}).")
    void setBackend(String value) {
        if (!value.equals("cpu") && !value.equals("cuda") && !value.equals("auto"))
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--backend must be cpu, cuda or auto, got '" + value + "'");
        backend = value;
    }

    private static volatile String backend = "auto";

    /** The backend chosen with --backend (cpu, cuda or auto). */
    public static String backend() { return backend; }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /** Every subcommand, one line each. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // subcommands are registered here, one per line:
        cl.addSubcommand(new TrainCommand());
        cl.addSubcommand(new FlopsCommand());
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new SweepCommand());
        cl.addSubcommand(new TrialCommand());
        cl.addSubcommand(new ReportCommand());
        cl.addSubcommand(new FitCommand());
        cl.addSubcommand(new EvalCommand());
        cl.addSubcommand(new MpeCommand());
        cl.addSubcommand(new TasksCommand());
        cl.addSubcommand(new RenderCommand());
        cl.setExecutionExceptionHandler(Main::onException);
        cl.setParameterExceptionHandler(Main::onParameterError);
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs the CLI in-process and returns its exit code (tests use this). */
    public static int run(String... args) { return commandLine().execute(args); }

    private static int onParameterError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("flatworld: " + e.getMessage());
        err.flush();
        return 2;
    }

    private static int onException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof UserError || e instanceof IllegalArgumentException || e instanceof UnsupportedOperationException) {
            err.println("flatworld: " + oneLine(e.getMessage()));
            err.flush();
            if (System.getenv("FLATWORLD_DEBUG") != null) e.printStackTrace(err);
            return 2;
        }
        err.println("flatworld: internal error: " + e);
        if (System.getenv("FLATWORLD_DEBUG") != null) e.printStackTrace(err);
        else err.println("flatworld: (set FLATWORLD_DEBUG=1 for the stack trace)");
        err.flush();
        return 1;
    }

    private static String oneLine(String s) {
        return s == null ? "error" : s.replace('\n', ' ').strip();
    }
}
