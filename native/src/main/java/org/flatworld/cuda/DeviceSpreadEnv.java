package org.flatworld.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.flatworld.kernels.FlopLedger;

/**
 * A batch of simple_spread worlds living on the GPU (pointmass.cuh). State, structure-of-arrays
 * across environments (env index fastest):
 * <pre>
 *   agentPos (N, 2, E)  agentVel (N, 2, E)  landmarkPos (L, 2, E)  time (E) int  episode (E) int
 * </pre>
 * plus VecEnv-shaped I/O buffers it owns: actions (E, N) int, rewards (E, N), done (E) byte, obs
 * (E, N, obsDim). The device-resident path is {@link #stepDevice} (actions already on the device,
 * e.g. written by {@link DeviceKernels#sampleCategorical} from a policy forward on the device);
 * {@link #step(int[], float[], byte[])} and {@link #observe(float[])} mirror
 * {@code org.flatworld.env.VecEnv} for host callers (one copy each way per step).
 * Reset positions come from a counter-based generator keyed by (seed + envId, episode), so a run is
 * reproducible, but it is not the CPU engine's random stream (docs/GPU.md).
 */
public final class DeviceSpreadEnv implements AutoCloseable {
    private final SpreadConfig config;
    private final int envs;
    private final DeviceKernels kernels;
    private final CudaStream stream;
    private final DeviceBuffer agentPos, agentVel, landmarkPos, time, episode;
    private final DeviceBuffer actions, rewards, done, obs;
    private FlopLedger.Counter flops = FlopLedger.NONE;
    private long seed;
    private long stepsSinceReset;   // every environment's clock is this modulo the horizon (all reset together)

    public DeviceSpreadEnv(DeviceKernels kernels, SpreadConfig config, int envs) {
        if (envs < 1 || envs > (1 << 26)) throw new IllegalArgumentException("envs must be in [1, 2^26], got " + envs);
        this.config = config;
        this.envs = envs;
        this.kernels = kernels;
        this.stream = kernels.stream();
        CudaDevice d = stream.device();
        int n = config.agents(), l = config.landmarks();
        agentPos = d.allocate(4L * n * 2 * envs);
        agentVel = d.allocate(4L * n * 2 * envs);
        landmarkPos = d.allocate(4L * l * 2 * envs);
        time = d.allocate(4L * envs);
        episode = d.allocate(4L * envs);
        actions = d.allocate(4L * envs * n);
        rewards = d.allocate(4L * envs * n);
        done = d.allocate(Math.max(4L, envs));
        obs = d.allocate(4L * envs * n * config.obsDim());
    }

    public SpreadConfig config() { return config; }

    public int envs() { return envs; }

    public long seed() { return seed; }

    long agentPos() { return agentPos.address(); }

    long agentVel() { return agentVel.address(); }

    long landmarkPos() { return landmarkPos.address(); }

    long time() { return time.address(); }

    long episode() { return episode.address(); }

    /** Device buffers of the VecEnv-shaped I/O, for device-resident callers. */
    public long actionsBuffer() { return actions.address(); }

    public long rewardsBuffer() { return rewards.address(); }

    public long doneBuffer() { return done.address(); }

    public long obsBuffer() { return obs.address(); }

    public void setFlopCounter(FlopLedger.Counter counter) {
        if (counter == null) throw new IllegalArgumentException("counter is null (use FlopLedger.NONE)");
        this.flops = counter;
    }

    /**
     * Resets every environment (environment i keyed by seed + i) and writes the first observation
     * into {@link #obsBuffer()}; counts a reset and an observation per environment. Asynchronous.
     */
    public void reset(long seed) {
        this.seed = seed;
        stepsSinceReset = 0;
        DeviceFlops.spread(flops, 0, envs, envs, config.agents(), config.landmarks());
        kernels.spreadReset(this, obs.address());
    }

    /**
     * One step of every environment, asynchronous: reads actions (E, N) int at {@code actionsDev}, writes
     * rewards (E, N), done (E) byte and, when {@code obsDev != 0}, the next observations (E, N, obsDim).
     */
    public void stepDevice(long actionsDev, long rewardsDev, long doneDev, long obsDev) {
        // FLOPs as the CPU engine counts a step (+ the auto-resets) followed by an observe
        stepsSinceReset++;
        long resets = stepsSinceReset % config.horizon() == 0 ? envs : 0;
        DeviceFlops.spread(flops, envs, resets, obsDev != 0 ? envs : 0, config.agents(), config.landmarks());
        kernels.spreadStep(this, actionsDev, rewardsDev, doneDev, obsDev);
    }

    /** VecEnv-shaped host step: copies actions in, steps (writing obs on the device), copies rewards and done out. */
    public void step(int[] hostActions, float[] hostRewards, byte[] hostDone) {
        int n = config.agents();
        if (hostActions.length < envs * n || hostRewards.length < envs * n || hostDone.length < envs)
            throw new IllegalArgumentException("actions and rewards need ≥ " + envs * n + " and done ≥ " + envs + " elements");
        long aBytes = 4L * envs * n;
        MemorySegment s = stream.staging(2 * aBytes + envs);
        MemorySegment.copy(hostActions, 0, s, ValueLayout.JAVA_INT, 0, envs * n);
        stream.copyToDevice(actions.address(), s, aBytes);
        stepDevice(actions.address(), rewards.address(), done.address(), obs.address());
        stream.copyToHost(s.asSlice(aBytes), rewards.address(), aBytes);
        stream.copyToHost(s.asSlice(2 * aBytes), done.address(), envs);
        stream.synchronize();
        MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, aBytes, hostRewards, 0, envs * n);
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 2 * aBytes, hostDone, 0, envs);
    }

    /** Copies the current observations (E, N, obsDim) to the host. */
    public void observe(float[] hostObs) {
        stream.download(obs.address(), hostObs, 0, envs * config.agents() * config.obsDim());
    }

    /** Copies the state to the host (for checks): arrays sized as in the class comment. */
    public void downloadState(float[] pos, float[] vel, float[] lm, int[] t, int[] ep) {
        int n = config.agents(), l = config.landmarks();
        stream.download(agentPos.address(), pos, 0, n * 2 * envs);
        stream.download(agentVel.address(), vel, 0, n * 2 * envs);
        stream.download(landmarkPos.address(), lm, 0, l * 2 * envs);
        MemorySegment s = stream.staging(8L * envs);
        stream.copyToHost(s, time.address(), 4L * envs);
        stream.copyToHost(s.asSlice(4L * envs), episode.address(), 4L * envs);
        stream.synchronize();
        MemorySegment.copy(s, ValueLayout.JAVA_INT, 0, t, 0, envs);
        MemorySegment.copy(s, ValueLayout.JAVA_INT, 4L * envs, ep, 0, envs);
    }

    @Override
    public void close() {
        stream.synchronize();
        for (DeviceBuffer b : new DeviceBuffer[] {agentPos, agentVel, landmarkPos, time, episode, actions, rewards, done, obs})
            b.close();
    }
}
