package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;

/**
 * The definition of int8 convolution, written as directly as possible (general, 1×1, grouped and
 * depthwise alike, any dilation): per output element of channel {@code o}, {@code acc = bias[o] + Σ
 * (x - zpIn) · w} over the window's taps (tap {@code (ky, kx)} reads {@code (oy·sH - padTop +
 * ky·dH, ox·sW - padLeft + kx·dW)}), padded positions contributing 0 (they read the input zero
 * point), then {@link Requantization#toInt8}.
 *
 * <p>This is the naive reference the optimised {@link ConvInt8} is tested and benchmarked against
 * ({@link Int8Interpreter#reference}); it is too slow for evaluating data sets.
 */
final class ReferenceConvInt8 implements Int8Kernel {

    private final ConvGeometry g;
    private final WeightedLayer layer;

    ReferenceConvInt8(Graph graph, Node node) {
        g = ConvGeometry.of(graph, node);
        layer = WeightedLayer.of(graph, node, g.outC());
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        byte[] y = new byte[g.batch() * g.outC() * g.outPlane()];
        for (int n = 0; n < g.batch(); n++) {
            int sample = n * g.inC();
            Pixels pixels = (c, iy, ix) -> x[((sample + c) * g.inH() + iy) * g.inW() + ix];
            for (int o = 0; o < g.outC(); o++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        y[((n * g.outC() + o) * g.outH() + oy) * g.outW() + ox] =
                                position(g, layer, pixels, o, oy, ox);
                    }
                }
            }
        }
        return y;
    }

    /** The input pixels of one sample, by channel, row and column (within the map). */
    interface Pixels {
        int at(int c, int iy, int ix);
    }

    /**
     * The int8 output of channel {@code o} at {@code (oy, ox)}: the definition above, for one
     * position.
     */
    static byte position(ConvGeometry g, WeightedLayer layer, Pixels x, int o, int oy, int ox) {
        int cinPerGroup = g.inPerGroup();
        int firstC = (o / g.outPerGroup()) * cinPerGroup;
        int acc = layer.bias()[o];
        for (int ci = 0; ci < cinPerGroup; ci++) {
            int wBase = (o * cinPerGroup + ci) * g.kh();
            for (int ky = 0; ky < g.kh(); ky++) {
                int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                if (iy < 0 || iy >= g.inH()) {
                    continue;
                }
                for (int kx = 0; kx < g.kw(); kx++) {
                    int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                    if (ix >= 0 && ix < g.inW()) {
                        acc += layer.product(x.at(firstC + ci, iy, ix), (wBase + ky) * g.kw() + kx);
                    }
                }
            }
        }
        return layer.output(acc, o);
    }
}
