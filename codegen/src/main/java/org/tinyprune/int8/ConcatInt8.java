package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Tensor;

/**
 * int8 concatenation along the node's axis: a copy, since every input must carry the output's
 * quantisation (as the C kernel requires; the quantiser assigns them so).
 */
final class ConcatInt8 implements Int8Kernel {

    private final int outer;
    private final int[] blocks;
    private final int[] range;

    ConcatInt8(Graph graph, Node node) {
        List<Tensor> in = graph.inputsOf(node);
        Tensor out = graph.outputOf(node);
        Int8Checks.activation(node, out);
        int axis = node.attributes().axis();
        int[] shape = out.shape();
        int o = 1;
        for (int d = 0; d < axis; d++) {
            o *= shape[d];
        }
        outer = o;
        blocks = new int[in.size()];
        for (int i = 0; i < in.size(); i++) {
            Int8Checks.activation(node, in.get(i));
            Int8Checks.sameQuantization(node, in.get(i), out);
            blocks[i] = (int) (in.get(i).elements() / outer);
        }
        if (!node.attributes().clamp().isNone()) {
            range = Int8Checks.activationRange(node, out.quantization());
        } else {
            range = new int[] {-128, 127};
        }
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        int total = 0;
        for (int b : blocks) {
            total += b;
        }
        byte[] y = new byte[outer * total];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < blocks.length; i++) {
                byte[] x = inputs.get(i);
                for (int k = 0; k < blocks[i]; k++) {
                    y[pos++] = (byte) FixedPoint.clamp(x[o * blocks[i] + k], range[0], range[1]);
                }
            }
        }
        return y;
    }
}
