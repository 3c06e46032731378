package org.tinyprune.nn.kernel;

/**
 * Unfolds image patches into matrix rows (and back) so that convolution becomes a GEMM. A patch
 * geometry is described by {@link Window}. Out-of-image (padding) positions read as zero and are
 * skipped when folding back. Each routine computes, per kernel tap and output row, the range of
 * output columns whose input lies inside the image, and moves that range without per-element bounds
 * tests (a block copy at stride 1).
 */
public final class Im2col {
    private Im2col() {}

    /** Geometry of a 2-D sliding window over a C×H×W image. */
    public record Window(
            int channels,
            int height,
            int width,
            int kernelH,
            int kernelW,
            int stride,
            int padH,
            int padW,
            int outH,
            int outW) {
        /** Rows of the unfolded matrix: channels × kernelH × kernelW. */
        public int rows() {
            return channels * kernelH * kernelW;
        }

        /** Columns of the unfolded matrix: outH × outW. */
        public int cols() {
            return outH * outW;
        }

        /** First output column whose tap {@code kj} reads inside the row. */
        public int colStart(int kj) {
            int need = padW - kj;
            return need <= 0 ? 0 : Math.min(outW, (need + stride - 1) / stride);
        }

        /** One past the last output column whose tap {@code kj} reads inside the row. */
        public int colEnd(int kj) {
            int last = width - 1 + padW - kj;
            return last < 0 ? 0 : Math.min(outW, last / stride + 1);
        }
    }

    /**
     * cols[colsOff + r·ld + p] = patch element r of output position p of x (image at {@code xOff}),
     * r = (c·kh + ki)·kw + kj, p in [0, cols()); a row's entries past cols() (when {@code ld} is
     * larger) are not written.
     */
    public static void im2col(Window g, float[] x, int xOff, float[] cols, int colsOff, int ld) {
        int r = 0;
        int s = g.stride;
        int ow = g.outW;
        for (int c = 0; c < g.channels; c++) {
            int plane = xOff + c * g.height * g.width;
            for (int ki = 0; ki < g.kernelH; ki++) {
                for (int kj = 0; kj < g.kernelW; kj++, r++) {
                    int lo = g.colStart(kj);
                    int hi = Math.max(lo, g.colEnd(kj));
                    for (int oh = 0, o = colsOff + r * ld; oh < g.outH; oh++, o += ow) {
                        int ih = oh * s - g.padH + ki;
                        if (ih < 0 || ih >= g.height) {
                            zero(cols, o, o + ow);
                            continue;
                        }
                        int src = plane + ih * g.width - g.padW + kj;
                        zero(cols, o, o + lo);
                        if (s == 1) {
                            System.arraycopy(x, src + lo, cols, o + lo, hi - lo);
                        } else {
                            for (int q = lo; q < hi; q++) {
                                cols[o + q] = x[src + q * s];
                            }
                        }
                        zero(cols, o + hi, o + ow);
                    }
                }
            }
        }
    }

    /** Zeroes [from, to): a plain loop, cheaper than a library call for the few padding columns. */
    private static void zero(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = 0f;
        }
    }

    /**
     * dx (image at {@code dxOff}) += fold of the unfolded matrix at {@code colsOff}; the inverse
     * scatter of {@link #im2col}.
     */
    public static void col2im(Window g, float[] cols, int colsOff, float[] dx, int dxOff) {
        int r = 0;
        int s = g.stride;
        for (int c = 0; c < g.channels; c++) {
            int plane = dxOff + c * g.height * g.width;
            for (int ki = 0; ki < g.kernelH; ki++) {
                for (int kj = 0; kj < g.kernelW; kj++, r++) {
                    int lo = g.colStart(kj);
                    int hi = g.colEnd(kj);
                    for (int oh = 0; oh < g.outH; oh++) {
                        int ih = oh * s - g.padH + ki;
                        if (ih < 0 || ih >= g.height) {
                            continue;
                        }
                        int dst = plane + ih * g.width - g.padW + kj;
                        int o = colsOff + r * g.cols() + oh * g.outW;
                        for (int q = lo; q < hi; q++) {
                            dx[dst + q * s] += cols[o + q];
                        }
                    }
                }
            }
        }
    }
}
