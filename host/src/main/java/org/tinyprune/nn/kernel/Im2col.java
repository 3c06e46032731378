package org.tinyprune.nn.kernel;

/**
 * Unfolds image patches into matrix columns (and back) so that convolution becomes a GEMM.
 * A patch geometry is described by {@link Window}. Out-of-image (padding) positions read as zero
 * and are skipped when folding back.
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
    }

    /** col[r][p] = patch element r of output position p of x (image at {@code xOff}); r = (c·kh + ki)·kw + kj. */
    public static void im2col(Window g, float[] x, int xOff, float[][] cols) {
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            int plane = xOff + c * g.height * g.width;
            for (int ki = 0; ki < g.kernelH; ki++) {
                for (int kj = 0; kj < g.kernelW; kj++, r++) {
                    float[] col = cols[r];
                    for (int oh = 0; oh < g.outH; oh++) {
                        int ih = oh * g.stride - g.padH + ki;
                        int o = oh * g.outW;
                        if (ih < 0 || ih >= g.height) {
                            java.util.Arrays.fill(col, o, o + g.outW, 0f);
                            continue;
                        }
                        int row = plane + ih * g.width;
                        for (int ow = 0; ow < g.outW; ow++) {
                            int iw = ow * g.stride - g.padW + kj;
                            col[o + ow] = iw >= 0 && iw < g.width ? x[row + iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** colT[p][r]: the transpose of {@link #im2col}'s matrix, built directly. */
    public static void im2colT(Window g, float[] x, int xOff, float[][] colT) {
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            int plane = xOff + c * g.height * g.width;
            for (int ki = 0; ki < g.kernelH; ki++) {
                for (int kj = 0; kj < g.kernelW; kj++, r++) {
                    for (int oh = 0; oh < g.outH; oh++) {
                        int ih = oh * g.stride - g.padH + ki;
                        int p = oh * g.outW;
                        boolean rowIn = ih >= 0 && ih < g.height;
                        int row = plane + ih * g.width;
                        for (int ow = 0; ow < g.outW; ow++, p++) {
                            int iw = ow * g.stride - g.padW + kj;
                            colT[p][r] = rowIn && iw >= 0 && iw < g.width ? x[row + iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** dx (image at {@code dxOff}) += fold of cols[r][p]; the inverse scatter of {@link #im2col}. */
    public static void col2im(Window g, float[][] cols, float[] dx, int dxOff) {
        int r = 0;
        for (int c = 0; c < g.channels; c++) {
            int plane = dxOff + c * g.height * g.width;
            for (int ki = 0; ki < g.kernelH; ki++) {
                for (int kj = 0; kj < g.kernelW; kj++, r++) {
                    float[] col = cols[r];
                    for (int oh = 0; oh < g.outH; oh++) {
                        int ih = oh * g.stride - g.padH + ki;
                        if (ih < 0 || ih >= g.height) {
                            continue;
                        }
                        int row = plane + ih * g.width;
                        int o = oh * g.outW;
                        for (int ow = 0; ow < g.outW; ow++) {
                            int iw = ow * g.stride - g.padW + kj;
                            if (iw >= 0 && iw < g.width) {
                                dx[row + iw] += col[o + ow];
                            }
                        }
                    }
                }
            }
        }
    }
}
