package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Shapes;
import org.tinyprune.ir.Tensor;

/**
 * int8 element-wise multiply with {@link MulRescale}; input B (an activation or an int8 constant)
 * has a's shape, one element, or one per channel, as {@link Shapes#broadcastOf} says.
 */
final class MulInt8 implements Int8Kernel {

    private final MulRescale params;
    private final int actMin;
    private final int actMax;
    private final int repeat;
    private final int inner;
    private final byte[] constant;

    MulInt8(Graph graph, Node node) {
        Tensor ta = graph.tensor(node.input(0));
        Tensor tb = graph.tensor(node.input(1));
        Quantization a = Int8Checks.activation(node, ta);
        Quantization b =
                tb.isConstant() ? constantFactor(node, tb) : Int8Checks.activation(node, tb);
        Quantization out = Int8Checks.activation(node, graph.outputOf(node));
        try {
            params =
                    MulRescale.of(
                            a.scale(),
                            a.zeroPoint(),
                            b.scale(),
                            b.zeroPoint(),
                            out.scale(),
                            out.zeroPoint());
        } catch (IllegalArgumentException e) {
            throw Int8Checks.fail(node, e.getMessage());
        }
        int[] r = Shapes.broadcastOf(ta.shape(), tb.shape());
        if (r == null) {
            throw Int8Checks.fail(
                    node, "input '" + tb.name() + "' does not broadcast over '" + ta.name() + "'");
        }
        repeat = r[0];
        inner = r[1];
        constant = tb.isConstant() ? tb.int8Data() : null;
        int[] range = Int8Checks.activationRange(node, out);
        actMin = range[0];
        actMax = range[1];
    }

    private static Quantization constantFactor(Node node, Tensor t) {
        Quantization q = t.quantization();
        if (t.dtype() != DType.INT8 || q == null || q.isPerAxis()) {
            throw Int8Checks.fail(
                    node,
                    "constant factor '"
                            + t.name()
                            + "' is "
                            + t
                            + "; it must be int8 with per-tensor quantisation");
        }
        return q;
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] a = inputs.get(0);
        byte[] b = constant != null ? constant : inputs.get(1);
        byte[] y = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = (byte) params.mul(a[i], b[(i / inner) % repeat], actMin, actMax);
        }
        return y;
    }
}
