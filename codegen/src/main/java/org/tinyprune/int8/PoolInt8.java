package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/**
 * int8 max, average and global average pooling. Output quantisation equals the input's (as the C
 * kernels require). A window reads taps {@code o * stride - pad + t * dilation}; max ignores taps
 * outside the input; average sums the taps inside the input and divides by their count, rounding
 * with {@link Pooling#roundedAverage}, or, with count_include_pad, also counts the taps in the
 * padding (not those beyond it, which ceil mode adds) as the input zero point (real 0). The fused
 * clamp applies last.
 */
final class PoolInt8 implements Int8Kernel {

    private final boolean max;
    private final int planes;
    private final int inH;
    private final int inW;
    private final int outH;
    private final int outW;
    private final int kh;
    private final int kw;
    private final int strideH;
    private final int strideW;
    private final int padTop;
    private final int padLeft;
    private final int padBottom;
    private final int padRight;
    private final int dilH;
    private final int dilW;
    private final boolean includePad;
    private final int zeroPoint;
    private final int actMin;
    private final int actMax;

    PoolInt8(Graph graph, Node node) {
        Tensor in = graph.inputsOf(node).get(0);
        Tensor out = graph.outputOf(node);
        int[] x = Int8Checks.shape(node, in, 4);
        int[] y = Int8Checks.shape(node, out, 4);
        Int8Checks.activation(node, in);
        Quantization qOut = Int8Checks.activation(node, out);
        Int8Checks.sameQuantization(node, in, out);
        boolean global = node.op() == OpKind.GLOBAL_AVG_POOL;
        max = node.op() == OpKind.MAX_POOL;
        planes = x[0] * x[1];
        inH = x[2];
        inW = x[3];
        outH = y[2];
        outW = y[3];
        kh = global ? inH : node.attributes().kernel()[0];
        kw = global ? inW : node.attributes().kernel()[1];
        strideH = global ? 1 : node.attributes().strides()[0];
        strideW = global ? 1 : node.attributes().strides()[1];
        padTop = global ? 0 : node.attributes().pads()[0];
        padLeft = global ? 0 : node.attributes().pads()[1];
        padBottom = global ? 0 : node.attributes().pads()[2];
        padRight = global ? 0 : node.attributes().pads()[3];
        dilH = global ? 1 : node.attributes().dilations()[0];
        dilW = global ? 1 : node.attributes().dilations()[1];
        includePad = !global && !max && node.attributes().countIncludePad();
        zeroPoint = qOut.zeroPoint();
        int[] range = Int8Checks.activationRange(node, qOut);
        actMin = range[0];
        actMax = range[1];
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        byte[] y = new byte[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            int base = p * inH * inW;
            Pixels plane = (c, iy, ix) -> x[base + iy * inW + ix];
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    y[(p * outH + oy) * outW + ox] = window(plane, 0, oy, ox);
                }
            }
        }
        return y;
    }

    /** Reads input values by channel, row and column (rows and columns inside the input). */
    @FunctionalInterface
    interface Pixels {
        int get(int c, int y, int x);
    }

    /** The pooled, clamped value of output {@code (oy, ox)} of channel {@code c} of {@code in}. */
    byte window(Pixels in, int c, int oy, int ox) {
        int best = Integer.MIN_VALUE;
        int sum = 0;
        int count = 0;
        for (int ky = 0; ky < kh; ky++) {
            int iy = oy * strideH - padTop + ky * dilH;
            for (int kx = 0; kx < kw; kx++) {
                int ix = ox * strideW - padLeft + kx * dilW;
                if (iy >= 0 && iy < inH && ix >= 0 && ix < inW) {
                    int v = in.get(c, iy, ix);
                    best = Math.max(best, v);
                    sum += v;
                    count++;
                } else if (includePad
                        && iy >= -padTop
                        && iy < inH + padBottom
                        && ix >= -padLeft
                        && ix < inW + padRight) {
                    sum += zeroPoint;
                    count++;
                }
            }
        }
        int v = max ? best : Pooling.roundedAverage(sum, count);
        return (byte) FixedPoint.clamp(v, actMin, actMax);
    }

    /** Input rows. */
    int inH() {
        return inH;
    }

    /** Output rows. */
    int outH() {
        return outH;
    }

    /** Output columns. */
    int outW() {
        return outW;
    }

    /** Vertical stride. */
    int strideH() {
        return strideH;
    }

    /** Zero rows above the input. */
    int padTop() {
        return padTop;
    }

    /** Input rows one window spans. */
    int extentH() {
        return dilH * (kh - 1) + 1;
    }
}
