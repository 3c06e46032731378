package org.tinyprune.int8;

/**
 * The rows of one feature map that a streamed chain holds at a time ({@link StreamedChain}): at
 * most {@code capacity} consecutive rows {@code [first, first + count)}, each stored as {@code
 * [channel][x]}. Rows leave from the top ({@link #dropBelow}) and enter at the bottom ({@link
 * #append}), in row order, as the C driver's line buffers do. Reading a row the buffer does not
 * hold fails: the interpreter proves the chain needs no more than these rows.
 */
final class LineBuffer {
    private final int channels;
    private final int width;
    private final int capacity;
    private final byte[] data;
    private int first;
    private int count;

    LineBuffer(int channels, int width, int capacity) {
        this.channels = channels;
        this.width = width;
        this.capacity = capacity;
        this.data = new byte[capacity * channels * width];
    }

    /** A buffer holding every row of one NCHW image {@code n} of {@code x} (a chain's input). */
    static LineBuffer whole(byte[] x, int n, int channels, int height, int width) {
        LineBuffer b = new LineBuffer(channels, width, height);
        for (int y = 0; y < height; y++) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(
                        x,
                        ((n * channels + c) * height + y) * width,
                        b.data,
                        (y * channels + c) * width,
                        width);
            }
        }
        b.count = height;
        return b;
    }

    /** Value at channel {@code c}, row {@code y}, column {@code x}; the row must be held. */
    int get(int c, int y, int x) {
        if (y < first || y >= first + count) {
            throw new IllegalStateException(
                    "row "
                            + y
                            + " is not in the line buffer (rows "
                            + first
                            + ".."
                            + (first + count - 1)
                            + ")");
        }
        return data[((y - first) * channels + c) * width + x];
    }

    /** Forgets the rows above {@code row}. */
    void dropBelow(int row) {
        int drop = Math.min(Math.max(row - first, 0), count);
        if (drop > 0) {
            int rowBytes = channels * width;
            System.arraycopy(data, drop * rowBytes, data, 0, (count - drop) * rowBytes);
            first += drop;
            count -= drop;
        }
        if (count == 0) {
            first = row;
        }
    }

    /**
     * Appends row {@code y} ({@code [channel][x]}), which must follow the last row held.
     *
     * @throws IllegalStateException if the buffer is full or {@code y} is out of order
     */
    void append(int y, byte[] row) {
        if (count == capacity || (count > 0 && y != first + count)) {
            throw new IllegalStateException(
                    "line buffer of "
                            + capacity
                            + " rows cannot take row "
                            + y
                            + " after rows "
                            + first
                            + ".."
                            + (first + count - 1));
        }
        if (count == 0) {
            first = y;
        }
        System.arraycopy(row, 0, data, count * channels * width, channels * width);
        count++;
    }

    /** Rows held at most. */
    int capacity() {
        return capacity;
    }
}
