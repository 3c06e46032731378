package org.tinyprune.int8;

import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;

/**
 * Int8 convolution (general, grouped, depthwise, any dilation) one output row at a time: the
 * arithmetic of {@link ReferenceConvInt8} for the output positions of row {@code oy}.
 */
final class ConvRows implements RowKernel {
    private final ConvGeometry g;
    private final WeightedLayer layer;

    ConvRows(Graph graph, Node node) {
        g = ConvGeometry.of(graph, node);
        layer = WeightedLayer.of(graph, node, g.outC());
    }

    @Override
    public int inH() {
        return g.inH();
    }

    @Override
    public int outH() {
        return g.outH();
    }

    @Override
    public int outC() {
        return g.outC();
    }

    @Override
    public int outW() {
        return g.outW();
    }

    @Override
    public int strideH() {
        return g.strideH();
    }

    @Override
    public int padTop() {
        return g.padTop();
    }

    @Override
    public int extentH() {
        return g.dilationH() * (g.kh() - 1) + 1;
    }

    @Override
    public void row(LineBuffer in, int oy, byte[] out) {
        int cinPerGroup = g.inPerGroup();
        int coutPerGroup = g.outPerGroup();
        for (int o = 0; o < g.outC(); o++) {
            int firstC = (o / coutPerGroup) * cinPerGroup;
            for (int ox = 0; ox < g.outW(); ox++) {
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
                                acc += layer.product(in.get(firstC + ci, iy, ix), (wBase + ky) * g.kw() + kx);
                            }
                        }
                    }
                }
                out[o * g.outW() + ox] = layer.output(acc, o);
            }
        }
    }
}
