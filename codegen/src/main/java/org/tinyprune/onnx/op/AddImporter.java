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

/** ONNX Add of two computed tensors of equal shape → {@link OpKind#ADD}. */
final class AddImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Add");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx) throws UnsupportedModelException {
        // before opset 7 Add broadcasts only when told to (broadcast, axis); equal shapes need neither
        NodeAttributes a = NodeAttributes.of(node, name, ctx.opset() < 7 ? Set.of("broadcast", "axis") : Set.of());
        Tensor x = ctx.input(node, name, 0);
        Tensor y = ctx.input(node, name, 1);
        if (ctx.isStatic(x) || ctx.isStatic(y)) {
            throw a.fail("adding a constant is not supported (only element-wise adds of two activations, e.g. "
                    + "residual connections); fold the constant into the preceding layer's bias");
        }
        if (!java.util.Arrays.equals(x.shape(), y.shape())) {
            throw a.fail("broadcasting is not supported: shapes " + java.util.Arrays.toString(x.shape()) + " and "
                    + java.util.Arrays.toString(y.shape()));
        }
        ctx.add(node, new Node(name, OpKind.ADD, List.of(x.name(), y.name()), node.getOutput(0), Attributes.DEFAULT));
    }
}
