package org.flatworld.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatworld.io.SafeTensors;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.KernelProvider;
import org.flatworld.kernels.Kernels;
import org.flatworld.nn.ActorCritic;
import org.flatworld.nn.NetPolicy;
import org.flatworld.nn.NetShape;
import org.flatworld.nn.ParamLayout;

/**
 * A run folder's checkpoint: {@code policy.safetensors} (the network, tensor names like
 * {@code torso.0.weight}; metadata: config hash, observation layout version, architecture) and
 * {@code trainer_state.safetensors} (Adam moments, target parameters, V-MPO duals; metadata:
 * counters and the FLOP ledger) for {@code train --resume}. Both are written atomically.
 */
public final class Checkpoints {
    public static final String POLICY = "policy.safetensors";
    public static final String STATE = "trainer_state.safetensors";
    public static final String FORMAT = "flatworld-policy-1";

    private Checkpoints() {}

    /** A policy loaded from a run folder, with the config it was trained with. */
    public record LoadedPolicy(NetPolicy policy, TrainConfig config) {}

    static void save(Path dir, Trainer t) {
        ActorCritic net = new ActorCritic(t.netShape(), KernelProvider.scalar());
        Map<String, String> meta = policyMetadata(t.config(), t.netShape(), t.paramCount());
        Map<String, String> state = new LinkedHashMap<>();
        state.put("config_hash", t.config().hash());
        state.put("adam_step", Long.toString(t.adamStep));
        state.put("global_step", Long.toString(t.globalStep));
        state.put("samples", Long.toString(t.samples));
        state.put("updates", Long.toString(t.updates));
        state.put("iterations", Long.toString(t.iterations));
        state.put("episodes", Long.toString(t.episodes));
        for (FlopCategory c : FlopCategory.values()) {
            state.put("flops." + c.label(), Long.toString(t.ledger.flops(c)));
            state.put("transcendentals." + c.label(), Long.toString(t.ledger.transcendentals(c)));
        }
        int p = t.paramCount();
        double[] d = {t.eta, t.alpha, t.dualAdam[0], t.dualAdam[1], t.dualAdam[2], t.dualAdam[3],
                t.popMu, t.popNu, t.popM, t.popM2, t.popT};
        state.put("duals", Arrays.toString(d)); // η, α, their Adam moments, PopArt μ, ν and averages; exact decimals
        SafeTensors.write(dir.resolve(STATE), List.of(
                new SafeTensors.Tensor("adam.m", new int[] {p}, t.adamM),
                new SafeTensors.Tensor("adam.v", new int[] {p}, t.adamV),
                new SafeTensors.Tensor("target", new int[] {p}, t.target)), state);
        meta.put("global_step", Long.toString(t.globalStep)); // pairs the policy with its trainer state
        SafeTensors.write(dir.resolve(POLICY), tensors(net.layout(), t.params), meta);
    }

    /** Where a loadable checkpoint stands: agent-steps and training FLOPs (eval excluded) it was saved at. */
    public record Saved(long globalStep, long trainingFlops) {}

    /**
     * The checkpoint in {@code dir} when it can resume {@code cfg} (both files present and readable, the
     * same config hash, policy and trainer state from the same step — a kill between the two atomic
     * writes leaves them apart); {@code null} otherwise.
     */
    public static Saved inspect(Path dir, TrainConfig cfg) {
        Path pol = dir.resolve(POLICY), st = dir.resolve(STATE);
        if (!Files.isRegularFile(pol) || !Files.isRegularFile(st)) return null;
        try {
            Map<String, String> m = SafeTensors.read(st).metadata();
            Map<String, String> pm = SafeTensors.read(pol).metadata();
            if (!cfg.hash().equals(m.get("config_hash")) || !cfg.hash().equals(pm.get("config_hash"))) return null;
            long step = longMeta(m, "global_step", st);
            if (!Long.toString(step).equals(pm.get("global_step"))) return null;
            FlopLedger l = new FlopLedger();
            for (FlopCategory c : FlopCategory.values())
                l.set(c, longMeta(m, "flops." + c.label(), st), longMeta(m, "transcendentals." + c.label(), st));
            return new Saved(step, l.trainingTotal());
        } catch (RuntimeException e) {
            return null; // torn or foreign files: nothing to resume from
        }
    }

    static Map<String, String> policyMetadata(TrainConfig cfg, NetShape shape, int paramCount) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("config_hash", cfg.hash());
        meta.put("obs_layout_version", EnvFactory.obsLayoutVersion(cfg.env()));
        meta.put("model", shape.kind().name().toLowerCase());
        meta.put("obs_dim", Integer.toString(shape.obsDim()));
        meta.put("num_actions", Integer.toString(shape.numActions()));
        meta.put("hidden", Arrays.toString(shape.hidden()));
        meta.put("lstm_hidden", Integer.toString(shape.recurrent() ? shape.lstmHidden() : 0));
        if (shape.entity()) meta.put("entity_hidden", Arrays.toString(shape.entityHidden()));
        meta.put("params", Integer.toString(paramCount));
        return meta;
    }

    static List<SafeTensors.Tensor> tensors(ParamLayout layout, float[] params) {
        List<SafeTensors.Tensor> list = new ArrayList<>();
        for (ParamLayout.Entry e : layout.entries())
            list.add(new SafeTensors.Tensor(e.name(), e.shape(), Arrays.copyOfRange(params, e.offset(), e.offset() + e.size())));
        return list;
    }

    /** Fills {@code t} from the checkpoint in {@code dir} (train --resume). */
    static void restore(Path dir, Trainer t) {
        Path pol = dir.resolve(POLICY), st = dir.resolve(STATE);
        if (!Files.exists(pol) || !Files.exists(st))
            throw new IllegalArgumentException("nothing to resume in " + dir + ": " + POLICY + " or " + STATE + " missing");
        SafeTensors.Contents state = SafeTensors.read(st);
        String hash = state.metadata().get("config_hash");
        if (!t.config().hash().equals(hash))
            throw new IllegalArgumentException("checkpoint in " + dir + " has config hash " + hash + " but this config hashes to "
                    + t.config().hash() + "; resume with the run's own config.json");
        readParams(SafeTensors.read(pol), t.netShape(), t.params, pol);
        int p = t.paramCount();
        copy(state, "adam.m", t.adamM, p, st);
        copy(state, "adam.v", t.adamV, p, st);
        copy(state, "target", t.target, p, st);
        Map<String, String> m = state.metadata();
        t.adamStep = longMeta(m, "adam_step", st);
        t.globalStep = longMeta(m, "global_step", st);
        t.samples = longMeta(m, "samples", st);
        t.updates = longMeta(m, "updates", st);
        t.iterations = longMeta(m, "iterations", st);
        t.episodes = longMeta(m, "episodes", st);
        for (FlopCategory c : FlopCategory.values())
            t.ledger.set(c, longMeta(m, "flops." + c.label(), st), longMeta(m, "transcendentals." + c.label(), st));
        String duals = m.getOrDefault("duals", "");
        String[] parts = duals.replace("[", "").replace("]", "").split(",");
        if (parts.length != 11) throw new IllegalArgumentException("invalid trainer state " + st + ": duals '" + duals + "'");
        double[] d = new double[11];
        for (int i = 0; i < 11; i++) {
            try {
                d[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid trainer state " + st + ": duals '" + duals + "'");
            }
        }
        t.eta = d[0];
        t.alpha = d[1];
        System.arraycopy(d, 2, t.dualAdam, 0, 4);
        t.popMu = d[6];
        t.popNu = d[7];
        t.popM = d[8];
        t.popM2 = d[9];
        t.popT = (long) d[10];
    }

    private static long longMeta(Map<String, String> m, String key, Path file) {
        try {
            return Long.parseLong(m.get(key));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("invalid trainer state " + file + ": metadata '" + key + "' missing or not an integer");
        }
    }

    private static void copy(SafeTensors.Contents c, String name, float[] dst, int n, Path file) {
        SafeTensors.Tensor t = c.tensors().get(name);
        if (t == null || t.data().length != n)
            throw new IllegalArgumentException("invalid trainer state " + file + ": tensor '" + name + "' missing or not of " + n + " values");
        System.arraycopy(t.data(), 0, dst, 0, n);
    }

    /** Copies the tensors of a policy file into params, refusing any other architecture. */
    static void readParams(SafeTensors.Contents c, NetShape shape, float[] params, Path file) {
        ParamLayout layout = new ParamLayout(shape);
        if (!FORMAT.equals(c.metadata().get("format")))
            throw new IllegalArgumentException(file + " is not a Flatworld policy (metadata format '" + c.metadata().get("format") + "', expected " + FORMAT + ")");
        if (c.tensors().size() != layout.entries().size())
            throw new IllegalArgumentException("checkpoint " + file + " holds " + c.tensors().size() + " tensors, architecture "
                    + shape + " needs " + layout.entries().size() + " (" + c.tensors().keySet() + ")");
        for (ParamLayout.Entry e : layout.entries()) {
            SafeTensors.Tensor t = c.tensors().get(e.name());
            if (t == null) throw new IllegalArgumentException("checkpoint " + file + " lacks tensor '" + e.name() + "' of architecture " + shape);
            if (!Arrays.equals(t.shape(), e.shape()))
                throw new IllegalArgumentException("checkpoint " + file + " tensor '" + e.name() + "' has shape " + Arrays.toString(t.shape())
                        + ", architecture " + shape + " needs " + Arrays.toString(e.shape()));
            for (float v : t.data())
                if (!Float.isFinite(v)) throw new IllegalArgumentException("checkpoint " + file + " tensor '" + e.name() + "' holds a non-finite value");
            System.arraycopy(t.data(), 0, params, e.offset(), e.size());
        }
    }

    /** The policy of a run folder (its config.json and policy.safetensors), on the CPU backend with one thread. */
    public static LoadedPolicy loadPolicy(Path runDir) {
        return loadPolicy(runDir, KernelProvider.create("cpu", 1));
    }

    /** As {@link #loadPolicy(Path)} on the given kernels. */
    public static LoadedPolicy loadPolicy(Path runDir, Kernels kernels) {
        Path cfgFile = runDir.resolve("config.json"), pol = runDir.resolve(POLICY);
        if (!Files.isRegularFile(cfgFile)) throw new IllegalArgumentException("no run in " + runDir + ": config.json missing");
        if (!Files.isRegularFile(pol)) throw new IllegalArgumentException("no policy in " + runDir + ": " + POLICY + " missing");
        TrainConfig cfg;
        try {
            cfg = TrainConfig.fromJson(Files.readString(cfgFile));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + cfgFile + ": " + e.getMessage());
        }
        SafeTensors.Contents c = SafeTensors.read(pol);
        Map<String, String> m = c.metadata();
        if (!cfg.hash().equals(m.get("config_hash")))
            throw new IllegalArgumentException("checkpoint " + pol + " has config hash " + m.get("config_hash") + " but "
                    + cfgFile + " hashes to " + cfg.hash());
        String layoutVersion = EnvFactory.obsLayoutVersion(cfg.env());
        if (!layoutVersion.equals(m.get("obs_layout_version")))
            throw new IllegalArgumentException("checkpoint " + pol + " was trained on observation layout " + m.get("obs_layout_version")
                    + ", this build writes " + layoutVersion);
        int obsDim = intMeta(m, "obs_dim", pol), numActions = intMeta(m, "num_actions", pol);
        NetShape shape = cfg.netShape(obsDim, numActions);
        ActorCritic net = new ActorCritic(shape, kernels);
        float[] params = new float[net.paramCount()];
        readParams(c, shape, params, pol);
        return new LoadedPolicy(NetPolicy.live(net, params), cfg);
    }

    private static int intMeta(Map<String, String> m, String key, Path file) {
        try {
            int v = Integer.parseInt(m.get(key));
            if (v < 1 || v > 1 << 20) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": metadata '" + key + "' missing or out of range [1, 2^20]");
        }
    }
}
