package org.tinyprune.int8;

import java.util.Arrays;

/**
 * Lowers the input of one convolution group to a column matrix, so that the convolution becomes a
 * matrix product with unit-stride inner loops. Row {@code k = (ci · kh + ky) · kw + kx} (the weight
 * index within an output channel) holds, for every output position {@code p = oy · outW + ox}, the
 * centred input {@code x[ci][oy·sH - padTop + ky·dH][ox·sW - padLeft + kx·dW] - zpIn}, or 0 where
 * that position falls in the padding (padding reads the input zero point).
 */
final class Im2Col {

    private Im2Col() {}

    /**
     * Fills {@code columns[0 .. taps · outPlane)}.
     *
     * @param x the whole int8 input tensor (NCHW)
     * @param n the image
     * @param firstChannel the group's first input channel
     * @param g the convolution's geometry
     * @param inputOffset added to every input value ({@code -zpIn})
     * @param columns destination: at least {@code g.taps()} rows of at least {@code g.outPlane()}
     */
    static void fill(
            byte[] x, int n, int firstChannel, ConvGeometry g, int inputOffset, int[][] columns) {
        int row = 0;
        for (int ci = 0; ci < g.inPerGroup(); ci++) {
            int xPlane = (n * g.inC() + firstChannel + ci) * g.inH() * g.inW();
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    fillRow(x, xPlane, ky, kx, g, inputOffset, columns[row++]);
                }
            }
        }
    }

    /** One tap's row: for each output row, zeros left and right of the valid input columns. */
    private static void fillRow(
            byte[] x, int xPlane, int ky, int kx, ConvGeometry g, int inputOffset, int[] columns) {
        int stride = g.strideW();
        int shift = kx * g.dilationW() - g.padLeft();
        // output columns ox in [lo, hi) read input columns ix = ox·stride + shift inside [0, inW)
        int lo = Math.min(g.outW(), Math.max(0, ceilDiv(-shift, stride)));
        int hi = Math.max(lo, Math.min(g.outW(), ceilDiv(g.inW() - shift, stride)));
        for (int oy = 0; oy < g.outH(); oy++) {
            int dst = oy * g.outW();
            int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
            if (iy < 0 || iy >= g.inH()) {
                Arrays.fill(columns, dst, dst + g.outW(), 0);
                continue;
            }
            Arrays.fill(columns, dst, dst + lo, 0);
            int src = xPlane + iy * g.inW() + shift;
            if (stride == 1) {
                for (int ox = lo; ox < hi; ox++) {
                    columns[dst + ox] = x[src + ox] + inputOffset;
                }
            } else {
                for (int ox = lo; ox < hi; ox++) {
                    columns[dst + ox] = x[src + ox * stride] + inputOffset;
                }
            }
            Arrays.fill(columns, dst + hi, dst + g.outW(), 0);
        }
    }

    /** {@code ⌈a / b⌉} for {@code b > 0} and any sign of {@code a}. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
