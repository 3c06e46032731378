package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.kernel.Im2col;

/**
 * Stride-1 depthwise convolution of one channel plane, vectorisable over the whole plane: the
 * plane is unfolded (single-channel im2col, one row per kernel tap), so each tap becomes
 * {@code y[p] += w · col[p]} over all output positions with equal zero-based indices (which HotSpot
 * C2 vectorises; a loop over {@code x[off + j]} is not, and single image rows are too short). The
 * weight gradient is one dot product per tap with eight independent partial sums; the input gradient is the convolution of dY with the flipped kernel and padding k−1−p.
 */
final class DepthwiseRows {
    private DepthwiseRows() {
    }

    /** Single-channel window of {@code g}. */
    static Im2col.Window plane(Im2col.Window g) {
        return new Im2col.Window(1, g.height(), g.width(), g.kernelH(), g.kernelW(), 1, g.padH(), g.padW(),
                g.outH(), g.outW());
    }

    /** Single-channel window of the input-gradient convolution over dY. */
    static Im2col.Window back(Im2col.Window g) {
        return new Im2col.Window(1, g.outH(), g.outW(), g.kernelH(), g.kernelW(), 1, g.kernelH() - 1 - g.padH(),
                g.kernelW() - 1 - g.padW(), g.height(), g.width());
    }

    /** y[0..n) += a · x[0..n). */
    static void axpy(float[] y, int n, float a, float[] x) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    /** One output plane: y = bias + Σ_t w[t] · cols[t]; {@code cols} is the unfolded input plane. */
    static void forward(int taps, int hw, float[] w, int wOff, float bias, float[][] cols, float[] row,
                        float[] y, int yOff) {
        Arrays.fill(row, 0, hw, bias);
        for (int t = 0; t < taps; t++) {
            axpy(row, hw, w[wOff + t], cols[t]);
        }
        System.arraycopy(row, 0, y, yOff, hw);
    }

    /** dw[wOff + t] += Σ_p dy[p] · cols[t][p], with {@code dyRow} a zero-offset copy of the dY plane. */
    static void weightGrad(int taps, int hw, float[] dyRow, float[][] cols, float[] dw, int wOff) {
        for (int t = 0; t < taps; t++) {
            dw[wOff + t] += dot(dyRow, cols[t], hw);
        }
    }

    /**
     * Σ a[j]·b[j] over [0, n) with eight independent partial sums (added pairwise at the end), so
     * the additions pipeline instead of waiting on one another; the order is fixed by n.
     */
    static float dot(float[] a, float[] b, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        int j = 0;
        for (; j + 7 < n; j += 8) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
            s4 += a[j + 4] * b[j + 4];
            s5 += a[j + 5] * b[j + 5];
            s6 += a[j + 6] * b[j + 6];
            s7 += a[j + 7] * b[j + 7];
        }
        float tail = 0f;
        for (; j < n; j++) {
            tail += a[j] * b[j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) + tail;
    }

    /** dx plane = Σ_t w[taps−1−t] · dcols[t], with {@code dcols} the unfolded dY plane (window {@link #back}). */
    static void inputGrad(int taps, int plane, float[] w, int wOff, float[][] dcols, float[] row, float[] dx,
                          int dxOff) {
        Arrays.fill(row, 0, plane, 0f);
        for (int t = 0; t < taps; t++) {
            axpy(row, plane, w[wOff + taps - 1 - t], dcols[t]);
        }
        System.arraycopy(row, 0, dx, dxOff, plane);
    }
}
