package org.flatworld.kernels.world;

/** Plain float32 reference of {@link WorldKernels}; also the tail of the Vector API loops. */
final class ScalarWorldKernels implements WorldKernels {
    static final ScalarWorldKernels INSTANCE = new ScalarWorldKernels();

    private ScalarWorldKernels() {}

    @Override
    public String name() { return "scalar"; }

    @Override
    public void contacts(BodyBatch b, int from, int to) {
        b.checkRange(from, to);
        for (int a = 0; a < b.bodies; a++) {
            for (int c = a + 1; c < b.bodies; c++) pairRange(b, a, c, from, to);
            for (int k = 0; k < b.obstacles; k++) obstacleRange(b, a, k, from, to);
        }
    }

    @Override
    public void move(BodyBatch b, int p, int[] act, int actOff, int[] nPlayers, float[] hx, float[] hy,
                     float[] dx, float[] dy, float[] idle, float accel, int from, int to) {
        b.checkRange(from, to);
        moveRange(b, p, act, actOff, nPlayers, hx, hy, dx, dy, idle, accel, from, to);
    }

    static void moveRange(BodyBatch b, int p, int[] act, int actOff, int[] nPlayers, float[] hx, float[] hy,
                          float[] dx, float[] dy, float[] idle, float accel, int from, int to) {
        final int row = p * b.stride;
        final float[] ffx = b.fx, ffy = b.fy;
        for (int e = from; e < to; e++) {
            int i = row + e;
            if (p >= nPlayers[e]) {
                ffx[i] = 0f;
                ffy[i] = 0f;
                continue;
            }
            int a = act[actOff + e - from];
            hx[i] = dx[a] + hx[i] * idle[a];
            hy[i] = dy[a] + hy[i] * idle[a];
            ffx[i] = accel * dx[a];
            ffy[i] = accel * dy[a];
        }
    }

    @Override
    public void goals(int[] bits, int stride, int words, int[] table, int[] row, int clauses, int atoms, float[] out, int outOff,
                      int from, int to) {
        goalsRange(bits, stride, words, table, row, clauses, atoms, out, outOff, from, to);
    }

    static void goalsRange(int[] bits, int stride, int words, int[] table, int[] row, int clauses, int atoms, float[] out,
                           int outOff, int from, int to) {
        if (words < 1 || words > 4) throw new IllegalArgumentException("words must be in [1, 4], got " + words);
        for (int e = from; e < to; e++) {
            int b0 = bits[e], b1 = words > 1 ? bits[stride + e] : 0, b2 = words > 2 ? bits[2 * stride + e] : 0;
            int b3 = words > 3 ? bits[3 * stride + e] : 0;
            int k = row[e], any = 0;
            for (int c = 0; c < clauses; c++) {
                int all = 1;
                for (int a = 0; a < atoms; a++, k += GOAL_ATOM) {
                    int hit = (b0 & table[k]) | (b1 & table[k + 1]) | (b2 & table[k + 2]) | (b3 & table[k + 3]);
                    all &= ((hit | -hit) >>> 31) ^ table[k + 4];
                }
                any |= all;
            }
            out[outOff + e - from] = any;
        }
    }

    static void pairRange(BodyBatch b, int a, int c, int from, int to) {
        final int s = b.stride, ia = a * s, ic = c * s;
        final float dmin = b.radius(a) + b.radius(c), cut = b.cutoff(a, c), cut2 = cut * cut;
        final float[] px = b.px, py = b.py, fx = b.fx, fy = b.fy, live = b.live;
        for (int e = from; e < to; e++) {
            if (live[ia + e] == 0f || live[ic + e] == 0f) continue;
            float dx = px[ic + e] - px[ia + e], dy = py[ic + e] - py[ia + e];
            float f = WorldMath.contact(dx, dy, dmin, cut2, b.margin, b.kf);
            if (f == 0f) continue;
            float cx = f * dx, cy = f * dy;
            fx[ic + e] += cx;
            fy[ic + e] += cy;
            fx[ia + e] -= cx;
            fy[ia + e] -= cy;
        }
    }

    static void obstacleRange(BodyBatch b, int a, int k, int from, int to) {
        final int s = b.stride, ia = a * s, ik = k * s;
        final float dmin = b.radius(a) + b.rk, cut = b.cutoff(a, -1), cut2 = cut * cut;
        final float[] px = b.px, py = b.py, fx = b.fx, fy = b.fy, live = b.live;
        for (int e = from; e < to; e++) {
            if (live[ia + e] == 0f || b.kLive[ik + e] == 0f) continue;
            float dx = px[ia + e] - b.kx[ik + e], dy = py[ia + e] - b.ky[ik + e];
            float f = WorldMath.contact(dx, dy, dmin, cut2, b.margin, b.kf);
            if (f == 0f) continue;
            fx[ia + e] += f * dx;
            fy[ia + e] += f * dy;
        }
    }

    @Override
    public void integrate(BodyBatch b, int from, int to) {
        b.checkRange(from, to);
        for (int a = 0; a < b.bodies; a++) integrateRange(b, a, from, to);
    }

    static void integrateRange(BodyBatch b, int a, int from, int to) {
        final int ia = a * b.stride;
        final boolean player = a < b.players;
        final float dt = b.dt, cap = player ? b.capP : b.capO, r = player ? b.rp : b.ro;
        final float[] inv = player ? b.invP : b.invO;
        final float[] px = b.px, py = b.py, vx = b.vx, vy = b.vy;
        for (int e = from; e < to; e++) {
            int i = ia + e;
            if (b.live[i] == 0f) continue;
            float x = px[i] + vx[i] * dt, y = py[i] + vy[i] * dt;
            float u = vx[i] * b.keep[e] + b.fx[i] * inv[e], w = vy[i] * b.keep[e] + b.fy[i] * inv[e];
            float sp = (float) Math.sqrt(u * u + w * w);
            float scale = cap / Math.max(sp, cap);
            u *= scale;
            w *= scale;
            float h = b.half[e], lo = -h + r, hi = h - r;
            if (x <= lo) { x = lo; if (u < 0f) u = 0f; }
            if (x >= hi) { x = hi; if (u > 0f) u = 0f; }
            if (y <= lo) { y = lo; if (w < 0f) w = 0f; }
            if (y >= hi) { y = hi; if (w > 0f) w = 0f; }
            px[i] = x;
            py[i] = y;
            vx[i] = u;
            vy[i] = w;
        }
    }

    @Override
    public void distanceBits(float[] ax, float[] ay, int rowA, float[] bx, float[] by, int rowB, float thr2, boolean inclusive,
                             int[] bits, int bitRow, int bit, int from, int to) {
        int m = 1 << bit;
        for (int e = from; e < to; e++) {
            float dx = ax[rowA + e] - bx[rowB + e], dy = ay[rowA + e] - by[rowB + e];
            float d2 = dx * dx + dy * dy;
            if (inclusive ? d2 <= thr2 : d2 < thr2) bits[bitRow + e] |= m;
        }
    }

    @Override
    public void coneBits(float[] px, float[] py, int rowP, float[] fx, float[] fy, int rowF, int rowB, float view2, float cone2,
                         int[] bits, int bitRow, int bit, int from, int to) {
        int m = 1 << bit;
        for (int e = from; e < to; e++) {
            float dx = px[rowB + e] - px[rowP + e], dy = py[rowB + e] - py[rowP + e];
            float d2 = dx * dx + dy * dy;
            float dot = fx[rowF + e] * dx + fy[rowF + e] * dy;
            if (d2 <= view2 && dot >= 0f && dot * dot >= cone2 * d2) bits[bitRow + e] |= m;
        }
    }
}
