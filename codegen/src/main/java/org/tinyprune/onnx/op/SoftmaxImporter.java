package org.tinyprune.onnx.op;

import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * ONNX Softmax → {@link OpKind#SOFTMAX} over the axes from {@code axis} on (before opset 13 that is
 * the ONNX definition; from 13 the axes after {@code axis} must have size 1).
 */
final class SoftmaxImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Softmax");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx) throws UnsupportedModelException {
        NodeAttributes a = NodeAttributes.of(node, name, Set.of("axis"));
        Tensor x = ctx.input(node, name, 0);
        long axis = a.integer("axis", ctx.opset() >= 13 ? -1 : 1);
        axis = axis < 0 ? axis + x.rank() : axis;
        if (axis < 0 || axis >= Math.max(x.rank(), 1)) {
            throw a.fail("axis " + a.integer("axis", -1) + " out of range for " + x);
        }
        if (ctx.opset() >= 13) {
            for (int d = (int) axis + 1; d < x.rank(); d++) {
                if (x.dim(d) != 1) {
                    throw a.fail("softmax along axis " + axis + " of " + x + " with larger axes after it is not "
                            + "supported (only the last non-trivial axis)");
                }
            }
        }
        ctx.add(node, new Node(name, OpKind.SOFTMAX, List.of(x.name()), node.getOutput(0),
                Attributes.DEFAULT.withAxis((int) axis)));
    }
}
