package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/**
 * int8 element-wise add of two equally shaped tensors with {@link AddRescale} (TFLite's scheme).
 */
final class AddInt8 implements Int8Kernel {

    private final AddRescale params;
    private final int actMin;
    private final int actMax;

    AddInt8(Graph graph, Node node) {
        List<Tensor> in = graph.inputsOf(node);
        if (in.get(0).isConstant() || in.get(1).isConstant()) {
            throw Int8Checks.fail(node, "int8 add of a constant operand is not supported");
        }
        Quantization a = Int8Checks.activation(node, in.get(0));
        Quantization b = Int8Checks.activation(node, in.get(1));
        Quantization out = Int8Checks.activation(node, graph.outputOf(node));
        params =
                AddRescale.of(
                        a.scale(),
                        a.zeroPoint(),
                        b.scale(),
                        b.zeroPoint(),
                        out.scale(),
                        out.zeroPoint());
        int[] range = Int8Checks.activationRange(node, out);
        actMin = range[0];
        actMax = range[1];
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] a = inputs.get(0);
        byte[] b = inputs.get(1);
        byte[] y = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = (byte) params.add(a[i], b[i], actMin, actMax);
        }
        return y;
    }
}
