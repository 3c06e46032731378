package org.tinyprune.onnx.op;

import java.util.ArrayList;
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
 * ONNX Concat of activations → {@link OpKind#CONCAT}; of constants (shape arithmetic), folded at
 * import.
 */
final class ConcatImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Concat");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a = NodeAttributes.of(node, name, Set.of("axis"));
        if (!a.has("axis")) {
            throw a.fail("attribute axis is required");
        }
        if (node.getInputCount() == 0) {
            throw a.fail("has no inputs; Concat needs at least one");
        }
        if (ConstantFolding.allKnown(node, ctx)) {
            ConstantFolding.fold(node, name, ctx, a);
            return;
        }
        List<String> inputs = new ArrayList<>();
        int rank = -1;
        for (int i = 0; i < node.getInputCount(); i++) {
            Tensor t = ctx.input(node, name, i);
            if (ctx.isStatic(t) && !t.isConstant()) {
                throw a.fail(
                        "concatenating quantised constant '" + t.name() + "' is not supported");
            }
            rank = t.rank();
            inputs.add(t.name());
        }
        long axis = a.integer("axis", 1);
        axis = axis < 0 ? axis + rank : axis;
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.CONCAT,
                        inputs,
                        node.getOutput(0),
                        Attributes.DEFAULT.withAxis((int) axis)));
    }
}
