package org.tinyprune.measure;

import java.util.List;

/**
 * Timed windows of one input, MLPerf Tiny style: each window is {@code infer N W%}, its raw cycles
 * read back with {@code tp-window%}.
 *
 * @param runs timed runs per window
 * @param windowCycles cycles of each window (all runs), in the order they were measured
 */
public record Latency(int runs, List<Long> windowCycles) {
    /** Copies the list. */
    public Latency {
        windowCycles = List.copyOf(windowCycles);
    }

    /**
     * Returns the median over windows of cycles per run (the reported latency).
     *
     * @return cycles per inference
     */
    public long medianCycles() {
        List<Long> sorted =
                windowCycles.stream().map(c -> Math.round((double) c / runs)).sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Returns the largest minus the smallest window, in cycles. */
    public long spreadCycles() {
        return windowCycles.stream().mapToLong(Long::longValue).max().orElse(0)
                - windowCycles.stream().mapToLong(Long::longValue).min().orElse(0);
    }
}
