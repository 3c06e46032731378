package org.tinyprune.int8;

import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Tensor;

/**
 * int8 constant padding of H and W: the border holds the zero point (real 0) or the PAD's value
 * quantised like the input, the input is copied unchanged (output quantisation equals the input's,
 * as {@code tp_pad_s8} requires).
 */
final class PadInt8 implements Int8Kernel {

    private final int planes;
    private final int inH;
    private final int inW;
    private final int outH;
    private final int outW;
    private final int top;
    private final int left;
    private final byte border;

    PadInt8(Graph graph, Node node) {
        Tensor in = graph.inputsOf(node).get(0);
        Tensor out = graph.outputOf(node);
        int[] x = Int8Checks.shape(node, in, 4);
        int[] y = Int8Checks.shape(node, out, 4);
        Int8Checks.activation(node, in);
        Int8Checks.activation(node, out);
        Int8Checks.sameQuantization(node, in, out);
        planes = x[0] * x[1];
        inH = x[2];
        inW = x[3];
        outH = y[2];
        outW = y[3];
        top = node.attributes().pads()[0];
        left = node.attributes().pads()[1];
        border = PadBorder.of(graph, node);
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        byte[] y = new byte[planes * outH * outW];
        Arrays.fill(y, border);
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < inH; i++) {
                System.arraycopy(
                        x, (p * inH + i) * inW, y, (p * outH + i + top) * outW + left, inW);
            }
        }
        return y;
    }
}
