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
        for (int o = 0; o < g.outC(); o++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                out[o * g.outW() + ox] = ReferenceConvInt8.position(g, layer, in::get, o, oy, ox);
            }
        }
    }
}
