package org.tinyprune.nn.kernel;

import java.util.Arrays;

/**
 * Unfolds image patches into matrix rows (and back) so that convolution becomes a GEMM. A patch
 * geometry is described by {@link Window}. Out-of-image (padding) positions read as zero and are
 * skipped when folding back. Each routine computes, per kernel tap and output row, the range of
 * output columns whose input lies inside the image, and moves that range without per-element
 * bounds tests (a block copy at stride 1).
 */
public final class Im2col {
    private Im2col() {
    }

    /** Geometry of a 2-D sliding window over a C×H×W image. */
    public record Window(int channels, int height, int width, int kernelH, int kernelW, int stride,
                         int padH, int padW, int outH, int outW) {
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

    /** cols[r][p] = patch element r of output position p of x (image at {@code xOff}); r = (c·kh + ki)·kw + kj. */
    public static void im2col(Window g, float[] x, int xOff, float[][] cols) {
        int r = 0;
        int s = g.stride;
        for (int c = 0; c < g.channels; c++) {
            int plane = xOff + c * g.height * g.width;
            for (int ki = 0; ki < g.kernelH; ki++) {
                for (int kj = 0; kj < g.kernelW; kj++, r++) {
                    float[] col = cols[r];
                    int lo = g.colStart(kj);
                    int hi = g.colEnd(kj);
                    for (int oh = 0; oh < g.outH; oh++) {
                        int ih = oh * s - g.padH + ki;
                        int o = oh * g.outW;
                        if (ih < 0 || ih >= g.height || lo >= hi) {
                            Arrays.fill(col, o, o + g.outW, 0f);
                            continue;
                        }
                        int src = plane + ih * g.width - g.padW + kj;
                        Arrays.fill(col, o, o + lo, 0f);
                        if (s == 1) {
                            System.arraycopy(x, src + lo, col, o + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++) {
                                col[o + ow] = x[src + ow * s];
                            }
                        }
                        Arrays.fill(col, o + hi, o + g.outW, 0f);
                    }
                }
            }
        }
    }

    /**
     * colT[p][r]: the transpose of {@link #im2col}'s matrix, built as im2col into {@code tmp}
     * followed by a transpose eight rows at a time (twice as fast as gathering patches directly).
     */
    public static void im2colT(Window g, float[] x, int xOff, float[][] tmp, float[][] colT) {
        im2col(g, x, xOff, tmp);
        int rows = g.rows();
        int cols = g.cols();
        int r = 0;
        for (; r + 7 < rows; r += 8) {
            float[] s0 = tmp[r];
            float[] s1 = tmp[r + 1];
            float[] s2 = tmp[r + 2];
            float[] s3 = tmp[r + 3];
            float[] s4 = tmp[r + 4];
            float[] s5 = tmp[r + 5];
            float[] s6 = tmp[r + 6];
            float[] s7 = tmp[r + 7];
            for (int p = 0; p < cols; p++) {
                float[] d = colT[p];
                d[r] = s0[p];
                d[r + 1] = s1[p];
                d[r + 2] = s2[p];
                d[r + 3] = s3[p];
                d[r + 4] = s4[p];
                d[r + 5] = s5[p];
                d[r + 6] = s6[p];
                d[r + 7] = s7[p];
            }
        }
        for (; r < rows; r++) {
            float[] src = tmp[r];
            for (int p = 0; p < cols; p++) {
                colT[p][r] = src[p];
            }
        }
    }

    /** dx (image at {@code dxOff}) += fold of cols[r][p]; the inverse scatter of {@link #im2col}. */
    public static void col2im(Window g, float[][] cols, float[] dx, int dxOff) {
        int r = 0;
        int s = g.stride;
        for (int c = 0; c < g.channels; c++) {
            int plane = dxOff + c * g.height * g.width;
            for (int ki = 0; ki < g.kernelH; ki++) {
                for (int kj = 0; kj < g.kernelW; kj++, r++) {
                    float[] col = cols[r];
                    int lo = g.colStart(kj);
                    int hi = g.colEnd(kj);
                    for (int oh = 0; oh < g.outH; oh++) {
                        int ih = oh * s - g.padH + ki;
                        if (ih < 0 || ih >= g.height) {
                            continue;
                        }
                        int dst = plane + ih * g.width - g.padW + kj;
                        int o = oh * g.outW;
                        for (int ow = lo; ow < hi; ow++) {
                            dx[dst + ow * s] += col[o + ow];
                        }
                    }
                }
            }
        }
    }
}
