package org.tinyprune.link.pool;

/**
 * One board of a {@link BoardPool}.
 *
 * @param name how messages name it: its port, e.g. {@code /dev/ttyACM0}, {@code
 *     rfc2217://farm:4001} or {@code emulated#2 (/dev/pts/5)}
 * @param board the open board
 * @param <B> the board's type (a {@code BoardSession}; a fake in tests)
 */
public record PooledBoard<B>(String name, B board) {
    /** Checks the parts. */
    public PooledBoard {
        if (name == null || name.isBlank() || board == null) {
            throw new IllegalArgumentException("a pooled board needs a name and a board");
        }
    }
}
