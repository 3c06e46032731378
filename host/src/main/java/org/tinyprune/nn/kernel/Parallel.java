package org.tinyprune.nn.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A parallel loop over a fixed number of tasks, plus per-worker scratch buffers.
 *
 * <p>Determinism rule: a task's result may depend only on its task index, never on which worker
 * runs it or when. Callers partition work by a count that does not depend on the thread count (see
 * {@link #chunks}) and reduce partial results in task order, so results are bit-identical for any
 * number of threads. The worker index only selects scratch memory.
 *
 * <p>The thread count defaults to the number of available processors and can be set with the system
 * property {@code tinyprune.threads} or {@link #setThreads}.
 */
public final class Parallel {
    /** A loop body: {@code task} in [0, tasks), {@code worker} in [0, threads). */
    @FunctionalInterface
    public interface Body {
        /** Runs one task. */
        void run(int task, int worker);
    }

    private static final int SLOTS = 4;
    private static int threads =
            Integer.getInteger("tinyprune.threads", Runtime.getRuntime().availableProcessors());
    private static ExecutorService pool;
    private static float[][][] scratch = new float[threads][SLOTS][0];
    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);

    private Parallel() {}

    /** The number of threads used. */
    public static synchronized int threads() {
        return threads;
    }

    /** Sets the number of threads (at least 1). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        }
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
        scratch = new float[n][SLOTS][0];
    }

    /** A partition count for {@code n} items that depends only on {@code n}: min(n, max). */
    public static int chunks(int n, int max) {
        return Math.max(1, Math.min(n, max));
    }

    /** Start of chunk {@code c} of {@code chunks} equal parts of [0, n). */
    public static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }

    /**
     * A scratch array of at least {@code size} floats for {@code worker}; {@code slot} (0..3) lets
     * one task hold several at once. Contents are undefined.
     */
    public static float[] scratch(int worker, int slot, int size) {
        float[][] w = scratch[worker];
        if (w[slot].length < size) {
            w[slot] = new float[size];
        }
        return w[slot];
    }

    /** Runs {@code body} for every task in [0, tasks) and returns when all are done. */
    public static void run(int tasks, Body body) {
        if (IN_WORKER.get()) {
            for (int t = 0; t < tasks; t++) {
                body.run(t, 0);
            }
            return;
        }
        synchronized (Parallel.class) {
            int n = Math.min(threads, tasks);
            if (n <= 1) {
                runInline(tasks, body);
                return;
            }
            if (pool == null) {
                pool =
                        Executors.newFixedThreadPool(
                                threads - 1,
                                r -> {
                                    Thread t = new Thread(r, "tinyprune-worker");
                                    t.setDaemon(true);
                                    return t;
                                });
            }
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 1; w < n; w++) {
                int worker = w;
                futures.add(pool.submit(() -> loop(next, tasks, body, worker)));
            }
            loop(next, tasks, body, 0);
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for workers", e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        }
    }

    private static void runInline(int tasks, Body body) {
        IN_WORKER.set(true);
        try {
            for (int t = 0; t < tasks; t++) {
                body.run(t, 0);
            }
        } finally {
            IN_WORKER.set(false);
        }
    }

    private static void loop(AtomicInteger next, int tasks, Body body, int worker) {
        IN_WORKER.set(true);
        try {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                body.run(t, worker);
            }
        } finally {
            IN_WORKER.set(false);
        }
    }
}
