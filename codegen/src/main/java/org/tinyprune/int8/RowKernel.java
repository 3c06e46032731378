package org.tinyprune.int8;

/**
 * One layer of a streamed chain ({@link StreamedChain}), computing one output row at a time from
 * the input rows its window covers. Arithmetic is exactly the layer-by-layer kernel's.
 */
interface RowKernel {

    /** Input rows, columns and channels. */
    int inH();

    /** Output rows. */
    int outH();

    /** Output channels. */
    int outC();

    /** Output columns. */
    int outW();

    /** Vertical stride. */
    int strideH();

    /** Zero rows above the input. */
    int padTop();

    /** Input rows one window spans: {@code dilationH · (kh - 1) + 1}. */
    int extentH();

    /**
     * Computes output row {@code oy} into {@code out} ({@code [channel][x]}).
     *
     * @param in holds at least the input rows of the window, clipped to the input
     */
    void row(LineBuffer in, int oy, byte[] out);

    /** First input row output row {@code oy} reads (clipped to the input). */
    default int firstRow(int oy) {
        return Math.max(0, oy * strideH() - padTop());
    }

    /** Last input row output row {@code oy} reads (clipped to the input). */
    default int lastRow(int oy) {
        return Math.min(inH() - 1, oy * strideH() - padTop() + extentH() - 1);
    }
}
