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
 * ONNX Transpose of an activation → {@link OpKind#TRANSPOSE} (default perm: the axes reversed). A
 * 5-D transpose is kept only inside the channel-shuffle pattern, which a pass turns into {@link
 * OpKind#CHANNEL_SHUFFLE}; a constant input is folded by {@link ConstantFolding}.
 */
final class TransposeImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Transpose");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a = NodeAttributes.of(node, name, Set.of("perm"));
        if (ConstantFolding.allKnown(node, ctx)) {
            ConstantFolding.fold(node, name, ctx, a);
            return;
        }
        Tensor x = ctx.input(node, name, 0);
        int[] perm = a.ints("perm");
        if (perm == null) {
            perm = new int[x.rank()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = x.rank() - 1 - i;
            }
        }
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.TRANSPOSE,
                        List.of(x.name()),
                        node.getOutput(0),
                        Attributes.DEFAULT.withPerm(perm)));
    }
}
