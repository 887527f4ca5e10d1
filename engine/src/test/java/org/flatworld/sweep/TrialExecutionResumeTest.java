package org.flatworld.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partial trial folder is wiped and rerun unless the caller asks to continue from a checkpoint and the
 * runner finds one there; only then does the runner's resume run, on the kept folder.
 */
class TrialExecutionResumeTest {
    @TempDir
    Path tmp;

    /** The synthetic runner that claims a checkpoint when {@code checkpoint} is set and records which entry ran. */
    private static final class Recording implements TrialRunner {
        final TrialRunner inner = new SyntheticTrialRunner();
        final boolean checkpoint;
        String called = "";

        Recording(boolean checkpoint) { this.checkpoint = checkpoint; }

        @Override
        public void validate(SweepConfig config) { inner.validate(config); }

        @Override
        public TrialResult run(SweepConfig config, TrialSpec spec, Path workDir, int threads) throws java.io.IOException {
            called += "run";
            return inner.run(config, spec, workDir, threads);
        }

        @Override
        public String resumable(SweepConfig config, TrialSpec spec, Path workDir, int threads) {
            return checkpoint && Files.exists(workDir.resolve("leftover.txt")) ? "global step 7 (1 curve points kept)" : null;
        }

        @Override
        public TrialResult resume(SweepConfig config, TrialSpec spec, Path workDir, int threads) throws java.io.IOException {
            called += "resume";
            return inner.run(config, spec, workDir, threads);
        }
    }

    private SweepFolder partial(String name) throws Exception {
        SweepFolder f = SweepFolder.create(tmp.resolve(name), SweepTestConfigs.synthetic());
        Path dir = Files.createDirectories(f.trialDir(1));
        Files.writeString(dir.resolve("leftover.txt"), "from a killed run");
        Files.writeString(dir.resolve("error.txt"), "an earlier failure");
        return f;
    }

    @Test
    void withoutTheFlagAPartialFolderIsWipedAndRerunEvenWithACheckpoint() throws Exception {
        SweepFolder f = partial("plain");
        Recording runner = new Recording(true);
        assertTrue(TrialExecution.runOne(f, 1, runner));
        assertEquals("run", runner.called);
        assertFalse(Files.exists(f.trialDir(1).resolve("leftover.txt")), "partial folder wiped");
        assertTrue(f.isDone(1));
        assertFalse(TrialExecution.runOne(f, 1, runner, true, null), "a finished trial is left alone");
    }

    @Test
    void withTheFlagButNoCheckpointAPartialFolderIsStillWiped() throws Exception {
        SweepFolder f = partial("nocheckpoint");
        Recording runner = new Recording(false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertTrue(TrialExecution.runOne(f, 1, runner, true, new PrintStream(log, true, StandardCharsets.UTF_8)));
        assertEquals("run", runner.called);
        assertFalse(Files.exists(f.trialDir(1).resolve("leftover.txt")));
        assertEquals("", log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withTheFlagAndACheckpointTheFolderIsKeptAndResumed() throws Exception {
        SweepFolder f = partial("resume");
        Recording runner = new Recording(true);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertTrue(TrialExecution.runOne(f, 1, runner, true, new PrintStream(log, true, StandardCharsets.UTF_8)));
        assertEquals("resume", runner.called);
        assertTrue(Files.exists(f.trialDir(1).resolve("leftover.txt")), "partial folder kept");
        assertFalse(Files.exists(f.trialDir(1).resolve("error.txt")), "the old failure is cleared");
        assertEquals("trial 1: resuming from checkpoint at global step 7 (1 curve points kept)",
                log.toString(StandardCharsets.UTF_8).strip());
        assertTrue(f.isDone(1));
    }
}
