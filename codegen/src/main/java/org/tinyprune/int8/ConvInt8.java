package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Tensor;

/**
 * int8 convolution (general, 1×1, grouped and depthwise: one definition, since integer sums do not
 * depend on the loop order the C paths choose). Per output element of channel {@code o}:
 * {@code acc = bias[o] + Σ (x - zpIn) · w}, padded positions contributing 0 (they read the input
 * zero point), then {@link Requantization#toInt8}.
 */
final class ConvInt8 implements Int8Kernel {

    private final int batch;
    private final int inC;
    private final int inH;
    private final int inW;
    private final int outC;
    private final int outH;
    private final int outW;
    private final int kh;
    private final int kw;
    private final int strideH;
    private final int strideW;
    private final int padTop;
    private final int padLeft;
    private final int groups;
    private final WeightedLayer layer;

    ConvInt8(Graph graph, Node node) {
        List<Tensor> in = graph.inputsOf(node);
        Tensor out = graph.outputOf(node);
        int[] x = Int8Checks.shape(node, in.get(0), 4);
        int[] w = Int8Checks.shape(node, in.get(1), 4);
        int[] y = Int8Checks.shape(node, out, 4);
        batch = x[0];
        inC = x[1];
        inH = x[2];
        inW = x[3];
        outC = y[1];
        outH = y[2];
        outW = y[3];
        kh = w[2];
        kw = w[3];
        strideH = node.attributes().strides()[0];
        strideW = node.attributes().strides()[1];
        padTop = node.attributes().pads()[0];
        padLeft = node.attributes().pads()[1];
        groups = node.attributes().group();
        layer = WeightedLayer.of(graph, node, outC);
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        byte[] y = new byte[batch * outC * outH * outW];
        int cinPerGroup = inC / groups;
        int coutPerGroup = outC / groups;
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outC; o++) {
                int firstC = (o / coutPerGroup) * cinPerGroup;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        int acc = layer.bias()[o];
                        for (int ci = 0; ci < cinPerGroup; ci++) {
                            int xBase = (n * inC + firstC + ci) * inH;
                            int wBase = (o * cinPerGroup + ci) * kh;
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * strideH - padTop + ky;
                                if (iy < 0 || iy >= inH) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * strideW - padLeft + kx;
                                    if (ix >= 0 && ix < inW) {
                                        acc += layer.product(x[(xBase + iy) * inW + ix],
                                                (wBase + ky) * kw + kx);
                                    }
                                }
                            }
                        }
                        y[((n * outC + o) * outH + oy) * outW + ox] = layer.output(acc, o);
                    }
                }
            }
        }
        return y;
    }
}
