package org.flatworld.world;

import java.util.ArrayList;
import java.util.List;

/**
 * The flat discrete action set assembled from enabled groups (SPEC §3). Index 0 is the no-op; then
 * the movement directions (4: +x, −x, +y, −y; 8: those plus the diagonals); then one action per
 * enabled special group in the fixed order grab, drop, throw, tag. Defaults (move4 only) give |A| = 5.
 */
public final class ActionSet {
    public static final int NONE = 0, GRAB = 1, DROP = 2, THROW = 3, TAG = 4;
    /** Group names accepted in {@code actions}. */
    public static final List<String> GROUPS = List.of("move4", "move8", "grab", "drop", "throw", "tag");

    private final float[] dx; // (numActions) unit movement direction, 0 for non-movement
    private final float[] dy; // (numActions)
    private final int[] special; // (numActions) NONE or a special code
    private final float[] idle;  // (numActions) 1 for actions without a movement direction, else 0
    private final List<String> names;

    public ActionSet(List<String> groups) {
        boolean move8 = groups.contains("move8");
        if (move8 && groups.contains("move4"))
            throw new IllegalArgumentException("actions: choose one of move4 or move8, got both");
        if (!move8 && !groups.contains("move4"))
            throw new IllegalArgumentException("actions: a movement group (move4 or move8) is required, got " + groups);
        for (String g : groups)
            if (!GROUPS.contains(g))
                throw new IllegalArgumentException("actions: unknown group '" + g + "', allowed " + GROUPS);
        List<float[]> dirs = new ArrayList<>();
        List<String> n = new ArrayList<>();
        dirs.add(new float[] {0, 0}); n.add("noop");
        dirs.add(new float[] {1, 0}); n.add("right");
        dirs.add(new float[] {-1, 0}); n.add("left");
        dirs.add(new float[] {0, 1}); n.add("up");
        dirs.add(new float[] {0, -1}); n.add("down");
        if (move8) {
            float d = (float) Math.sqrt(0.5);
            dirs.add(new float[] {d, d}); n.add("up-right");
            dirs.add(new float[] {-d, d}); n.add("up-left");
            dirs.add(new float[] {d, -d}); n.add("down-right");
            dirs.add(new float[] {-d, -d}); n.add("down-left");
        }
        List<Integer> sp = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) sp.add(NONE);
        String[] specials = {"grab", "drop", "throw", "tag"};
        for (int s = 0; s < specials.length; s++)
            if (groups.contains(specials[s])) {
                dirs.add(new float[] {0, 0});
                sp.add(s + 1);
                n.add(specials[s]);
            }
        int a = dirs.size();
        dx = new float[a];
        dy = new float[a];
        special = new int[a];
        idle = new float[a];
        for (int i = 0; i < a; i++) {
            dx[i] = dirs.get(i)[0];
            dy[i] = dirs.get(i)[1];
            special[i] = sp.get(i);
            idle[i] = dx[i] == 0f && dy[i] == 0f ? 1f : 0f;
        }
        names = List.copyOf(n);
    }

    public int size() { return dx.length; }

    public float dx(int a) { return dx[a]; }

    public float dy(int a) { return dy[a]; }

    public int special(int a) { return special[a]; }

    /** 1 when action a has no movement direction (no-op, grab, drop, throw, tag), else 0. */
    public float idle(int a) { return idle[a]; }

    /** Index of the action with special code {@code code}, or −1 when that group is disabled. */
    public int indexOf(int code) {
        for (int i = 0; i < special.length; i++) if (special[i] == code) return i;
        return -1;
    }

    /** Number of movement actions including the no-op (5 or 9). */
    public int movementActions() {
        int m = 0;
        for (int s : special) if (s == NONE) m++;
        return m;
    }

    public List<String> names() { return names; }
}
