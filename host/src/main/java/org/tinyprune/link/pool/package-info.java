/**
 * Several boards at once: a {@link org.tinyprune.link.pool.BoardPool} hands work items (a
 * calibration network, a Pareto point's model) to whichever of its boards is free, one worker
 * thread per board, and returns the results in the items' order, whatever order they finished in,
 * so a run on several boards writes what a run on one writes. A board that fails (a link error
 * after the protocols' own retries) leaves the pool and its item goes to another board.
 */
package org.tinyprune.link.pool;
