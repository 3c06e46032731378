package org.tinyprune.link.pool;

/**
 * What a {@link BoardPool} does with one work item on one board. Runs on the board's worker thread;
 * the board is used by no other thread meanwhile.
 *
 * @param <B> the board's type
 * @param <I> the work item's type
 * @param <R> the result's type
 */
@FunctionalInterface
public interface PoolJob<B, I, R> {
    /**
     * Does the item's work on the board.
     *
     * @param board the board (and its name, for messages)
     * @param item the work item
     * @return the item's result, which must not depend on which board produced it
     * @throws Exception a failure; the pool's board-failure rule decides whether the board leaves
     *     the pool (and the item goes to another board) or the whole run stops
     */
    R run(PooledBoard<B> board, I item) throws Exception;
}
