package org.tinyprune.int8;

import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/** The border of an int8 PAD, shared by the interpreter and the code generator. */
public final class PadBorder {
    private PadBorder() {}

    /**
     * The int8 code a PAD writes around its input: the zero point, or its float value input
     * quantised with the input's scale and zero point (rounded half to even, saturated).
     *
     * @param graph the graph
     * @param node a PAD of int8 tensors
     * @return the border code
     */
    public static byte of(Graph graph, Node node) {
        Quantization q = graph.tensor(node.input(0)).quantization();
        if (node.inputs().size() < 2) {
            return (byte) q.zeroPoint();
        }
        Tensor v = graph.tensor(node.input(1));
        if (!v.isConstant() || v.dtype() != DType.FLOAT32 || v.elements() != 1) {
            throw Int8Checks.fail(
                    node,
                    "pad value '" + v.name() + "' must be a one-element float constant, is " + v);
        }
        return Affine.quantize(v.floatData()[0], q.scale(), q.zeroPoint());
    }
}
