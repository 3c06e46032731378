package org.tinyprune.onnx.op;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Shapes;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * ONNX Mul → {@link OpKind#MUL} with the broadcasting CNNs use: equal shapes (SiLU's {@code x *
 * sigmoid(x)}), squeeze-and-excite {@code [N, C, H, W] × [N, C, 1, 1]} in either order, and a
 * constant factor of one element or one per channel. The operand with the output's shape becomes
 * input 1 (the product commutes, exactly, in float too).
 */
final class MulImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Mul");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a = NodeAttributes.of(node, name, Set.of());
        Tensor x = ctx.input(node, name, 0);
        Tensor y = ctx.input(node, name, 1);
        if (y.elements() > x.elements() || (y.elements() == x.elements() && ctx.isStatic(x))) {
            Tensor t = x;
            x = y;
            y = t;
        }
        if (ctx.isStatic(x)) {
            throw a.fail(
                    "both factors are constants, or the activation is broadcast up to a constant's shape; "
                            + "fold constant subgraphs before export");
        }
        if (Shapes.broadcastOf(x.shape(), y.shape()) == null) {
            throw a.fail(
                    "broadcasting "
                            + Arrays.toString(y.shape())
                            + " over "
                            + Arrays.toString(x.shape())
                            + " is not supported (only equal element counts, one element, one per channel of a "
                            + "[N, C, H, W] tensor, e.g. [N, C, 1, 1] for squeeze-and-excite, or the trailing "
                            + "dimensions of a tensor of rank 1 to 3)");
        }
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.MUL,
                        List.of(x.name(), y.name()),
                        node.getOutput(0),
                        Attributes.DEFAULT));
    }
}
