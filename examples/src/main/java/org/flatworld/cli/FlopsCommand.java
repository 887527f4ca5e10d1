package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flatworld.kernels.flops.NetworkFlops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flatworld flops}: the exact FLOP count of one forward and one backward pass of the
 * actor-critic network, with every kernel call listed so totals can be checked by hand
 * (docs/FLOPS.md defines the networks).
 */
@Command(name = "flops", mixinStandardHelpOptions = true,
        description = "Exact FLOPs of one forward and one backward pass of the MLP or LSTM actor-critic (docs/FLOPS.md).")
public class FlopsCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "mlp or lstm.")
    String model;

    @Option(names = "--obs", required = true, description = "Observation size O (≥ 1).")
    int obs;

    @Option(names = "--hidden", required = true, split = ",",
            description = "Layer sizes H1,H2,…; for lstm the last one is the LSTM size, the others an encoder MLP.")
    int[] hidden;

    @Option(names = "--actions", required = true, description = "Number of discrete actions A (≥ 1).")
    int actions;

    @Option(names = "--batch", defaultValue = "1", description = "Rows B per pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", description = "Time steps T (lstm only; default 1).")
    Integer seq;

    @Option(names = "--activation", defaultValue = "tanh", description = "tanh or relu (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NetworkFlops f = switch (model) {
            case "mlp" -> {
                if (seq != null && seq != 1) throw new UserError("--seq applies to --model lstm only, got --seq " + seq);
                yield NetworkFlops.mlp(obs, hidden, actions, batch, activation);
            }
            case "lstm" -> NetworkFlops.lstm(obs, hidden, actions, batch, seq == null ? 1 : seq, activation);
            default -> throw new UserError("--model must be mlp or lstm, got '" + model + "'");
        };
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", model);
            out.put("params", f.params());
            out.put("forward", f.forward());
            out.put("backward", f.backward());
            out.put("transcendentals", f.transcendentals());
            out.put("forward_transcendentals", f.forwardTranscendentals());
            out.put("backward_transcendentals", f.backwardTranscendentals());
            out.put("optimizer", f.optimizer());
            List<Map<String, Object>> ops = new ArrayList<>();
            for (NetworkFlops.Op op : f.ops()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("phase", op.phase().label());
                o.put("op", op.op());
                o.put("layer", op.layer());
                o.put("m", op.m());
                o.put("n", op.n());
                if (op.op().equals("gemm")) {
                    o.put("k", op.k());
                    o.put("form", op.form());
                }
                o.put("flops", op.flops());
                if (op.transcendentals() != 0) o.put("transcendentals", op.transcendentals());
                ops.add(o);
            }
            out.put("ops", ops);
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.printf(Locale.ROOT, "%s, %d parameters%n", model, f.params());
            System.out.printf(Locale.ROOT, "forward   %,20d FLOPs (%,d transcendental)%n", f.forward(), f.forwardTranscendentals());
            System.out.printf(Locale.ROOT, "backward  %,20d FLOPs (%,d transcendental)%n", f.backward(), f.backwardTranscendentals());
            System.out.printf(Locale.ROOT, "optimizer %,20d FLOPs per Adam step%n", f.optimizer());
            System.out.println("(--json lists every kernel call)");
        }
        return 0;
    }
}
