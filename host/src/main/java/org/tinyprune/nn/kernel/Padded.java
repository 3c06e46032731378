package org.tinyprune.nn.kernel;

/**
 * A zero-padded copy of a C×H×W image in which a stride-1 convolution needs no im2col. Each channel
 * becomes a {@code (H + 2·padH) × (W + 2·padW)} plane with rows of {@link #rowLength}; consecutive
 * planes are {@link #plane} apart. Read at a fixed shift, such a buffer is a row of the unfolded
 * matrix: patch element (c, ki, kj) of output position q is {@code buf[c·plane + ki·rowLength + kj
 * + q]}, where q = oh·rowLength + ow runs over the output in padded rows (the last {@code kernelW −
 * 1} columns of each row are computed and discarded). So a GEMM whose B rows are given by {@link
 * #rows} computes the convolution over {@link #spanPadded} positions: the span {@code
 * outH·rowLength} rounded up to whole vectors so that no kernel needs a scalar tail. {@link #size}
 * leaves room for those extra reads.
 *
 * <p>The border is never written: zero a buffer once, then {@link #pad} any number of images into
 * it.
 */
public record Padded(
        int channels,
        int height,
        int width,
        int padH,
        int padW,
        int kernelH,
        int kernelW,
        int rowLength,
        int plane,
        int spanPadded,
        int size) {

    /** The layout of a {@code channels × height × width} image for a kernel with this padding. */
    public static Padded of(
            int channels, int height, int width, int padH, int padW, int kernelH, int kernelW) {
        int rowLength = width + 2 * padW;
        int plane = (height + 2 * padH) * rowLength;
        int span = (height + 2 * padH - kernelH + 1) * rowLength;
        return new Padded(
                channels,
                height,
                width,
                padH,
                padW,
                kernelH,
                kernelW,
                rowLength,
                plane,
                Gemm.roundUp(span),
                channels * plane + kernelW + Gemm.L);
    }

    /** Output rows of the stride-1 convolution. */
    public int outH() {
        return height + 2 * padH - kernelH + 1;
    }

    /** Output columns of the stride-1 convolution. */
    public int outW() {
        return width + 2 * padW - kernelW + 1;
    }

    /** Rows of the unfolded image: channels × kernelH × kernelW. */
    public int unfoldedRows() {
        return channels * kernelH * kernelW;
    }

    /**
     * {@code table[(c·kh + ki)·kw + kj] = c·plane + ki·rowLength + kj}: the B rows of the unfolded
     * image.
     */
    public int[] rows(int[] reuse) {
        int taps = kernelH * kernelW;
        int[] table =
                reuse != null && reuse.length >= channels * taps ? reuse : new int[channels * taps];
        for (int c = 0, r = 0; c < channels; c++) {
            for (int ki = 0; ki < kernelH; ki++) {
                for (int kj = 0; kj < kernelW; kj++, r++) {
                    table[r] = c * plane + ki * rowLength + kj;
                }
            }
        }
        return table;
    }

    /** Copies the image at {@code x[xOff]} into the interiors of {@code buf}'s planes. */
    public void pad(float[] x, int xOff, float[] buf) {
        for (int c = 0; c < channels; c++) {
            for (int h = 0; h < height; h++) {
                System.arraycopy(
                        x,
                        xOff + (c * height + h) * width,
                        buf,
                        c * plane + (h + padH) * rowLength + padW,
                        width);
            }
        }
    }

    /**
     * {@code count} output planes from {@code span} (plane i at {@code i·spanPadded}, padded rows)
     * into {@code y} at {@code yOff} as dense {@link #outH} × {@link #outW} planes.
     */
    public void extract(float[] span, int count, float[] y, int yOff) {
        int oh = outH();
        int ow = outW();
        for (int i = 0; i < count; i++) {
            for (int h = 0; h < oh; h++) {
                System.arraycopy(
                        span, i * spanPadded + h * rowLength, y, yOff + (i * oh + h) * ow, ow);
            }
        }
    }

    /**
     * The inverse of {@link #extract}: dense planes into padded rows (other positions untouched).
     */
    public void spread(float[] y, int yOff, int count, float[] span) {
        int oh = outH();
        int ow = outW();
        for (int i = 0; i < count; i++) {
            for (int h = 0; h < oh; h++) {
                System.arraycopy(
                        y, yOff + (i * oh + h) * ow, span, i * spanPadded + h * rowLength, ow);
            }
        }
    }
}
