package org.tinyprune.link.pool;

/**
 * What a {@link BoardPool} run reports as it goes. Every method is called on the thread that called
 * {@link BoardPool#run}, one call at a time, so an implementation needs no locking; a method that
 * throws stops the run (see {@link BoardPool#run}).
 *
 * @param <I> the work item's type
 * @param <R> the result's type
 */
public interface PoolListener<I, R> {
    /** A listener that ignores everything. */
    static <I, R> PoolListener<I, R> none() {
        return new PoolListener<>() {};
    }

    /**
     * A board took an item.
     *
     * @param board the board's name
     * @param index the item's position in the list given to the run
     * @param item the item
     */
    default void started(String board, int index, I item) {}

    /**
     * An item finished (called in the order items finish, not in list order).
     *
     * @param board the board's name
     * @param index the item's position in the list given to the run
     * @param item the item
     * @param result its result
     * @throws Exception e.g. when a checkpoint cannot be written
     */
    default void finished(String board, int index, I item, R result) throws Exception {}

    /**
     * A board failed and left the pool; its item goes back to the others.
     *
     * @param board the board's name
     * @param index the item it was running
     * @param item the item
     * @param why the failure
     * @param left boards still in the pool
     */
    default void dropped(String board, int index, I item, Exception why, int left) {}
}
