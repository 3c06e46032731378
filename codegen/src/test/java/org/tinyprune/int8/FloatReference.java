package org.tinyprune.int8;

import org.tinyprune.ir.Quantization;

/**
 * Test oracle: the real-number (double) result of conv, dense, pooling and add on dequantised int8
 * operands, written independently of the interpreter's kernels.
 */
final class FloatReference {

    private FloatReference() {}

    static double[] dequantize(byte[] q, Quantization quant, int channels, int perChannel) {
        double[] r = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            int c = quant.isPerAxis() ? (i / perChannel) % channels : 0;
            r[i] = (double) quant.scale(c) * (q[i] - quant.zeroPoint(c));
        }
        return r;
    }

    /** Conv on NCHW x [1, cin, h, w] with weights [cout, cin/g, kh, kw]; bias real per channel. */
    static double[] conv(
            double[] x,
            int cin,
            int h,
            int w,
            double[] wt,
            int cout,
            int kh,
            int kw,
            double[] bias,
            int stride,
            int[] pads,
            int groups,
            int oh,
            int ow) {
        double[] y = new double[cout * oh * ow];
        int cg = cin / groups;
        for (int o = 0; o < cout; o++) {
            int g = o / (cout / groups);
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = bias[o];
                    for (int c = 0; c < cg; c++) {
                        for (int a = 0; a < kh; a++) {
                            for (int b = 0; b < kw; b++) {
                                int yy = i * stride + a - pads[0];
                                int xx = j * stride + b - pads[1];
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                    s +=
                                            x[((g * cg + c) * h + yy) * w + xx]
                                                    * wt[((o * cg + c) * kh + a) * kw + b];
                                }
                            }
                        }
                    }
                    y[(o * oh + i) * ow + j] = s;
                }
            }
        }
        return y;
    }

    /** Pooling over valid positions of each window; max or mean. */
    static double[] pool(
            double[] x,
            int c,
            int h,
            int w,
            int k,
            int stride,
            int pad,
            int oh,
            int ow,
            boolean max) {
        double[] y = new double[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    int n = 0;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            int yy = i * stride + a - pad;
                            int xx = j * stride + b - pad;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                double v = x[(ch * h + yy) * w + xx];
                                best = Math.max(best, v);
                                sum += v;
                                n++;
                            }
                        }
                    }
                    y[(ch * oh + i) * ow + j] = max ? best : sum / n;
                }
            }
        }
        return y;
    }

    /** The quantisation covering [min(v, 0), max(v, 0)] in 255 steps. */
    static Quantization rangeOf(double[] v) {
        double lo = 0;
        double hi = 0;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        float scale = (float) Math.max((hi - lo) / 255.0, 1e-6);
        int zp = (int) Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
        return Quantization.perTensor(scale, zp);
    }

    /** Codes of real values: clamp(round(v / scale) + zp). */
    static int[] codes(double[] v, Quantization q) {
        int[] c = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            c[i] =
                    (int)
                            Math.max(
                                    -128,
                                    Math.min(127, Math.round(v[i] / q.scale()) + q.zeroPoint()));
        }
        return c;
    }
}
