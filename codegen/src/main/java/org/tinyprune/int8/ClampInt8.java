package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Tensor;

/**
 * int8 ops that only move or clamp values: RESHAPE (flatten; a no-op on the data in logical order)
 * and CLAMP (a standalone ReLU/ReLU6). The output carries the input's quantisation.
 */
final class ClampInt8 implements Int8Kernel {

    private final int actMin;
    private final int actMax;

    ClampInt8(Graph graph, Node node) {
        Tensor in = graph.inputsOf(node).get(0);
        Tensor out = graph.outputOf(node);
        Int8Checks.activation(node, in);
        Int8Checks.activation(node, out);
        Int8Checks.sameQuantization(node, in, out);
        int[] range = Int8Checks.activationRange(node, out.quantization());
        actMin = range[0];
        actMax = range[1];
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        byte[] y = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (byte) FixedPoint.clamp(x[i], actMin, actMax);
        }
        return y;
    }
}
