package org.flatworld.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs trials in this JVM, {@code workers} at a time (each with the config's threads per trial). Trials
 * are independent and deterministic, so the folder ends the same whatever the order. A progress bar
 * (trials done, running, ETA) is drawn on a terminal and nothing when stderr is not one.
 */
public final class LocalExecutor implements SweepExecutor {
    private final int workers;
    private final boolean progress;
    private final PrintStream log;

    /** @param workers trials at once (≥ 1); @param progress draw a bar (only honoured on a terminal) */
    public LocalExecutor(int workers, boolean progress, PrintStream log) {
        if (workers < 1 || workers > 4096) throw new IllegalArgumentException("workers must be in [1, 4096], got " + workers);
        this.workers = workers;
        this.progress = progress;
        this.log = log;
    }

    /** Workers that fit: cores / threads per trial, at least 1. */
    public static int defaultWorkers(SweepConfig c) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / c.threadsOrDefault());
    }

    public static boolean onTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public String name() { return "local"; }

    @Override
    public void execute(SweepFolder folder, List<Integer> pending) throws IOException, InterruptedException {
        if (pending.isEmpty()) return;
        TrialRunner runner = TrialRunner.forName(folder.config().runner());
        AtomicInteger running = new AtomicInteger();
        int doneBefore = folder.size() - pending.size();
        // on a terminal: trials done / total, elapsed and ETA (progressbar's, from the trials run in this process), running now
        ProgressBar bar = progress && onTerminal()
                ? new ProgressBarBuilder().setTaskName("trials").setInitialMax(folder.size()).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500).startsFrom(doneBefore, Duration.ZERO).build()
                : null;
        if (bar != null) bar.setExtraMessage(" running 0");
        long start = System.nanoTime();
        AtomicInteger doneNow = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, pending.size()), r -> {
            Thread t = new Thread(r, "trial-worker");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        try {
            for (int index : pending) {
                order.add(index);
                futures.add(pool.submit(() -> {
                    int now = running.incrementAndGet();
                    if (bar != null) bar.setExtraMessage(" running " + now);
                    try {
                        TrialExecution.runOne(folder, index, runner);
                    } finally {
                        running.decrementAndGet();
                        doneNow.incrementAndGet();
                        if (bar != null) {
                            bar.step();
                            bar.setExtraMessage(" running " + running.get());
                        }
                    }
                    return null;
                }));
            }
            List<String> failed = new ArrayList<>();
            Throwable first = null;
            for (int k = 0; k < futures.size(); k++) {
                try {
                    futures.get(k).get();
                } catch (ExecutionException e) {
                    failed.add(Integer.toString(order.get(k)));
                    if (first == null) first = e.getCause();
                }
            }
            if (!failed.isEmpty()) {
                String msg = failed.size() + " of " + pending.size() + " trials failed (indices " + String.join(",", failed)
                        + "; see trials/I/error.txt): " + first;
                if (first instanceof IllegalArgumentException) throw new IllegalArgumentException(msg, first);
                throw new IOException(msg, first);
            }
        } finally {
            pool.shutdownNow();
            if (bar != null) bar.close();
            if (log != null && !progress)
                log.printf("sweep: %d trials ran, %d were already done, %.1f s%n", doneNow.get(), doneBefore,
                        (System.nanoTime() - start) / 1e9);
        }
    }
}
