package org.tinyprune.int8;

import java.util.Arrays;

/**
 * Per-thread working memory of the int8 kernels, reused across calls so evaluating a data set does
 * not allocate (and zero) a column matrix per layer and sample. Kernels run one at a time on a
 * thread and never call each other, so a buffer is never in use twice; each thread has its own,
 * which keeps {@link Int8Kernel#run} safe to call concurrently. Contents are unspecified on return:
 * callers overwrite what they read.
 */
final class Int8Scratch {

    private static final ThreadLocal<Int8Scratch> PER_THREAD =
            ThreadLocal.withInitial(Int8Scratch::new);

    private int[][] columns = new int[0][];
    private int[][] accumulators = new int[0][];

    private Int8Scratch() {}

    /** This thread's scratch. */
    static Int8Scratch get() {
        return PER_THREAD.get();
    }

    /**
     * Buffers for a column matrix ({@link Im2Col}), one array per row so that the kernels' inner
     * loops index every array with the same plain counter (the form the JIT vectorises).
     *
     * @param rows rows needed
     * @param size values per row
     * @return at least {@code rows} distinct rows of at least {@code size} values each
     */
    int[][] columns(int rows, int size) {
        columns = grown(columns, rows, size);
        return columns;
    }

    /**
     * Buffers for the accumulators of up to {@code count} output channels, one plane each.
     *
     * @param count planes needed
     * @param size values per plane
     * @return at least {@code count} distinct buffers of at least {@code size} values each
     */
    int[][] accumulators(int count, int size) {
        accumulators = grown(accumulators, count, size);
        return accumulators;
    }

    /**
     * {@code buffers} with at least {@code rows} rows of at least {@code size} values, reusing
     * rows.
     */
    private static int[][] grown(int[][] buffers, int rows, int size) {
        int[][] out = buffers.length >= rows ? buffers : Arrays.copyOf(buffers, rows);
        for (int i = 0; i < rows; i++) {
            if (out[i] == null || out[i].length < size) {
                out[i] = new int[size];
            }
        }
        return out;
    }
}
