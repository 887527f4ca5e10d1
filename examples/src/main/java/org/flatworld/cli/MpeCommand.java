package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.flatworld.mpe.MpeLayout;
import org.flatworld.mpe.MpeRecording;
import org.flatworld.mpe.MpeReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flatworld mpe …}: the multi-agent particle environments (replay of recorded episodes). */
@Command(name = "mpe", mixinStandardHelpOptions = true,
        description = "Multi-agent particle environments: replay recorded episodes.",
        subcommands = {MpeCommand.Replay.class})
public final class MpeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("mpe needs a subcommand: replay (see flatworld mpe --help)");
    }

    /**
     * Replays a recording in the fixture format with the double-precision reference: each
     * episode's initial state is set, its recorded actions applied, and one JSON line is printed
     * per step. The whole file is checked and replayed before anything is printed, so bad input
     * gives one error line and no partial output.
     */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Replay recorded episodes (../shared/fixtures/mpe format); prints one JSON line per step: "
                    + "{\"episode\":k,\"t\":t,\"obs\":{agent:[…]},\"rewards\":{agent:r}}.")
    public static final class Replay implements Callable<Integer> {
        @Option(names = "--scenario", required = true, description = "Scenario: ${COMPLETION-CANDIDATES}.",
                completionCandidates = Scenarios.class)
        String scenario;

        @Option(names = "--in", required = true, description = "Recording (JSON lines).")
        Path in;

        @Override
        public Integer call() throws IOException {
            if (!MpeLayout.SCENARIOS.contains(scenario))
                throw new UserError("--scenario: unknown MPE scenario '" + scenario + "'; known: " + String.join(", ", MpeLayout.SCENARIOS));
            List<MpeRecording.Episode> episodes;
            try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
                episodes = MpeRecording.read(r);
            } catch (NoSuchFileException e) {
                throw new UserError("--in: no such file: " + in);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new UserError("--in: " + in + " is not UTF-8 text");
            }
            if (episodes.isEmpty()) throw new UserError("--in: " + in + " holds no episode line");
            ObjectMapper json = new ObjectMapper();
            List<String> out = new ArrayList<>();
            for (int k = 0; k < episodes.size(); k++) {
                MpeRecording.Episode ep = episodes.get(k);
                if (!ep.scenario().equals(scenario))
                    throw new UserError("line " + ep.line() + ": episode of scenario '" + ep.scenario() + "', but --scenario is " + scenario);
                MpeReference ref = MpeRecording.start(ep);
                MpeLayout l = ref.layout();
                for (MpeRecording.Step st : ep.steps()) {
                    MpeRecording.apply(ref, ep, st);
                    ObjectNode line = json.createObjectNode();
                    line.put("episode", k);
                    line.put("t", ref.steps());
                    ObjectNode obs = line.putObject("obs");
                    ObjectNode rew = line.putObject("rewards");
                    double[] r = ref.rewards();
                    for (int a = 0; a < l.numAgents(); a++) {
                        ArrayNode o = obs.putArray(l.entityName(a));
                        for (double v : ref.observation(a)) o.add((double) (float) v); // MPE casts observations to float32
                        rew.put(l.entityName(a), r[a]);
                    }
                    out.add(json.writeValueAsString(line));
                }
            }
            PrintStream stdout = System.out;
            for (String s : out) stdout.println(s);
            stdout.flush();
            return 0;
        }
    }

    /** Scenario names for --help. */
    static final class Scenarios extends ArrayList<String> {
        Scenarios() { super(MpeLayout.SCENARIOS); }
    }
}
