package org.tinyprune.int8;

/**
 * Per-thread working memory of the int8 kernels, reused across calls so evaluating a data set
 * does not allocate (and zero) a column matrix per layer and sample. Kernels run one at a time on
 * a thread and never call each other, so a buffer is never in use twice; each thread has its own,
 * which keeps {@link Int8Kernel#run} safe to call concurrently. Contents are unspecified on
 * return: callers overwrite what they read.
 */
final class Int8Scratch {

    private static final ThreadLocal<Int8Scratch> PER_THREAD = ThreadLocal.withInitial(Int8Scratch::new);

    private int[] columns = new int[0];
    private int[] accumulators = new int[0];

    private Int8Scratch() {
    }

    /** This thread's scratch. */
    static Int8Scratch get() {
        return PER_THREAD.get();
    }

    /**
     * A buffer for a column matrix ({@link Im2Col}).
     *
     * @param size values needed
     * @return a buffer of at least {@code size} values
     */
    int[] columns(int size) {
        if (columns.length < size) {
            columns = new int[size];
        }
        return columns;
    }

    /**
     * A buffer for one output channel's accumulators.
     *
     * @param size values needed
     * @return a buffer of at least {@code size} values
     */
    int[] accumulators(int size) {
        if (accumulators.length < size) {
            accumulators = new int[size];
        }
        return accumulators;
    }
}
