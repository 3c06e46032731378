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

/** ONNX Softmax over the last axis of a {@code [1, N]} tensor → {@link OpKind#SOFTMAX}. */
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
        long inner = 1;
        for (int d = 0; d < x.rank(); d++) {
            inner *= d < axis ? x.dim(d) : 1;
        }
        if (inner != 1) {
            throw a.fail("softmax must cover all elements except a batch of 1 (input " + x + ", axis "
                    + a.integer("axis", -1) + ")");
        }
        ctx.add(node, new Node(name, OpKind.SOFTMAX, List.of(x.name()), node.getOutput(0),
                Attributes.DEFAULT.withAxis(x.rank() - 1)));
    }
}
