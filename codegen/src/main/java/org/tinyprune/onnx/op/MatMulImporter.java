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
 * ONNX MatMul of an activation {@code [..., K]} (rank 1 to 4; leading dimensions are batched rows)
 * by a constant {@code [K, N]} matrix → bias-free {@link OpKind#DENSE}.
 */
final class MatMulImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("MatMul");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a = NodeAttributes.of(node, name, Set.of());
        Tensor x = ctx.input(node, name, 0);
        Tensor w = ctx.input(node, name, 1);
        if (x.rank() < 1 || x.rank() > 4 || w.rank() != 2 || !ctx.isStatic(w)) {
            throw a.fail("only [..., K] x constant [K, M] is supported, got " + x + " x " + w);
        }
        String weight = StaticTensors.transpose2d(ctx, w, name, "MatMul");
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.DENSE,
                        List.of(x.name(), weight),
                        node.getOutput(0),
                        Attributes.DEFAULT));
    }
}
