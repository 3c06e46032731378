package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.kernel.Im2col;

/**
 * Stride-1 depthwise convolution of one channel plane, vectorisable: every input row is first
 * copied once per kernel column into a zero-offset, zero-padded "shifted row", so that each tap
 * becomes {@code y[j] += w * shifted[j]} with equal indices (which HotSpot C2 vectorises; a loop
 * over {@code x[off + j]} is not). The weight gradient accumulates element-wise products per tap
 * into lane arrays and sums each lane array once per plane.
 */
final class DepthwiseRows {
    private DepthwiseRows() {
    }

    /** shifted[r·kw + kj][o] = src[r][o − pad + kj] (zero outside [0, srcW)), for r in [0, rows). */
    static void shift(float[] src, int off, int rows, int srcW, int kw, int pad, int outLen, float[][] shifted) {
        for (int r = 0; r < rows; r++) {
            for (int kj = 0; kj < kw; kj++) {
                float[] dst = shifted[r * kw + kj];
                int lo = Math.max(0, Math.min(outLen, pad - kj));
                int hi = Math.max(lo, Math.min(outLen, srcW + pad - kj));
                Arrays.fill(dst, 0, lo, 0f);
                System.arraycopy(src, off + r * srcW + lo - pad + kj, dst, lo, hi - lo);
                Arrays.fill(dst, hi, outLen, 0f);
            }
        }
    }

    /** y[0..n) += a · x[0..n). */
    static void axpy(float[] y, int n, float a, float[] x) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    /** acc[0..n) += a[0..n) · b[0..n). */
    static void mulAdd(float[] acc, int n, float[] a, float[] b) {
        for (int j = 0; j < n; j++) {
            acc[j] += a[j] * b[j];
        }
    }

    /** One output plane: y = bias + Σ taps; {@code xs} from {@link #shift} of the input plane. */
    static void forward(Im2col.Window g, float[] w, int wOff, float bias, float[][] xs, float[] row,
                        float[] y, int yOff) {
        int kh = g.kernelH();
        int kw = g.kernelW();
        int ow = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            Arrays.fill(row, 0, ow, bias);
            for (int ki = 0; ki < kh; ki++) {
                int ih = oh - g.padH() + ki;
                if (ih < 0 || ih >= g.height()) {
                    continue;
                }
                for (int kj = 0; kj < kw; kj++) {
                    axpy(row, ow, w[wOff + ki * kw + kj], xs[ih * kw + kj]);
                }
            }
            System.arraycopy(row, 0, y, yOff + oh * ow, ow);
        }
    }

    /** Weight gradient of one plane into dw[wOff..), via lane accumulators {@code acc[tap]}. */
    static void weightGrad(Im2col.Window g, float[] dy, int dyOff, float[][] xs, float[] row, float[][] acc,
                           float[] dw, int wOff) {
        int kh = g.kernelH();
        int kw = g.kernelW();
        int ow = g.outW();
        for (int t = 0; t < kh * kw; t++) {
            Arrays.fill(acc[t], 0, ow, 0f);
        }
        for (int oh = 0; oh < g.outH(); oh++) {
            System.arraycopy(dy, dyOff + oh * ow, row, 0, ow);
            for (int ki = 0; ki < kh; ki++) {
                int ih = oh - g.padH() + ki;
                if (ih < 0 || ih >= g.height()) {
                    continue;
                }
                for (int kj = 0; kj < kw; kj++) {
                    mulAdd(acc[ki * kw + kj], ow, row, xs[ih * kw + kj]);
                }
            }
        }
        for (int t = 0; t < kh * kw; t++) {
            float sum = 0f;
            float[] a = acc[t];
            for (int j = 0; j < ow; j++) {
                sum += a[j];
            }
            dw[wOff + t] += sum;
        }
    }

    /**
     * Input gradient of one plane: dx[ih][iw] = Σ w[ki][kj] · dy[ih + padH − ki][iw + padW − kj].
     * {@code ds} is {@link #shift} of the dY plane with padding kw−1−padW, so that row
     * {@code oh·kw + (kw−1−kj)} holds dy[oh][iw + padW − kj] at index iw.
     */
    static void inputGrad(Im2col.Window g, float[] w, int wOff, float[][] ds, float[] row, float[] dx, int dxOff) {
        int kh = g.kernelH();
        int kw = g.kernelW();
        int width = g.width();
        for (int ih = 0; ih < g.height(); ih++) {
            Arrays.fill(row, 0, width, 0f);
            for (int ki = 0; ki < kh; ki++) {
                int oh = ih + g.padH() - ki;
                if (oh < 0 || oh >= g.outH()) {
                    continue;
                }
                for (int kj = 0; kj < kw; kj++) {
                    axpy(row, width, w[wOff + ki * kw + kj], ds[oh * kw + kw - 1 - kj]);
                }
            }
            System.arraycopy(row, 0, dx, dxOff + ih * width, width);
        }
    }
}
