package org.flatworld.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where each tensor of a {@link NetShape} lives in one flat {@code float[]}: names follow PyTorch
 * ({@code torso.0.weight} is (out, in), row-major), so a safetensors file of these tensors maps
 * onto {@code nn.Linear}/{@code nn.LSTM}-like modules. Order: torso layers, LSTM, policy head,
 * value head.
 */
public final class ParamLayout {
    /** One tensor: its name, shape and offset into the flat parameter array. */
    public record Entry(String name, int[] shape, int offset, int size) {}

    private final List<Entry> entries;
    private final int size;
    final int[] torsoW, torsoB;
    final int[] entityW, entityB;
    final int lstmWih, lstmWhh, lstmB;
    final int policyW, policyB, valueW, valueB;

    public ParamLayout(NetShape s) {
        List<Entry> list = new ArrayList<>();
        int off = 0;
        entityW = new int[s.entityLayers()];
        entityB = new int[s.entityLayers()];
        for (int i = 0; i < s.entityLayers(); i++) {
            entityW[i] = off;
            off = add(list, "entity." + i + ".weight", off, s.entityWidth(i), s.entityInWidth(i));
            entityB[i] = off;
            off = add(list, "entity." + i + ".bias", off, s.entityWidth(i));
        }
        torsoW = new int[s.layers()];
        torsoB = new int[s.layers()];
        for (int i = 0; i < s.layers(); i++) {
            torsoW[i] = off;
            off = add(list, "torso." + i + ".weight", off, s.width(i), s.inWidth(i));
            torsoB[i] = off;
            off = add(list, "torso." + i + ".bias", off, s.width(i));
        }
        if (s.recurrent()) {
            int h = s.lstmHidden(), e = s.width(s.layers() - 1);
            lstmWih = off;
            off = add(list, "lstm.weight_ih", off, 4 * h, e);
            lstmWhh = off;
            off = add(list, "lstm.weight_hh", off, 4 * h, h);
            lstmB = off;
            off = add(list, "lstm.bias", off, 4 * h);
        } else {
            lstmWih = lstmWhh = lstmB = -1;
        }
        int f = s.featureDim();
        policyW = off;
        off = add(list, "policy.weight", off, s.numActions(), f);
        policyB = off;
        off = add(list, "policy.bias", off, s.numActions());
        valueW = off;
        off = add(list, "value.weight", off, 1, f);
        valueB = off;
        off = add(list, "value.bias", off, 1);
        this.entries = Collections.unmodifiableList(list);
        this.size = off;
    }

    private static int add(List<Entry> list, String name, int off, int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (off + n > Integer.MAX_VALUE - 64) throw new IllegalArgumentException("network too large: more than 2^31 parameters");
        list.add(new Entry(name, shape.clone(), off, (int) n));
        return off + (int) n;
    }

    public List<Entry> entries() { return entries; }

    /** Total parameter count. */
    public int size() { return size; }

    public Entry entry(String name) {
        for (Entry e : entries) if (e.name.equals(name)) return e;
        throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
}
