package org.tinyprune.onnx.op;

import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;

/**
 * ONNX Relu and Clip (bounds as attributes before opset 11, as constant inputs after) → {@link
 * OpKind#CLAMP}; the activation pass later fuses it into its producer.
 */
final class ActivationImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Relu", "Clip");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a =
                NodeAttributes.of(
                        node,
                        name,
                        node.getOpType().equals("Clip") ? Set.of("min", "max") : Set.of());
        Tensor x = ctx.input(node, name, 0);
        Clamp clamp;
        if (node.getOpType().equals("Relu")) {
            clamp = Clamp.RELU;
        } else {
            float lo = a.real("min", Float.NEGATIVE_INFINITY);
            float hi = a.real("max", Float.POSITIVE_INFINITY);
            lo = bound(node, name, ctx, 1, lo, a);
            hi = bound(node, name, ctx, 2, hi, a);
            if (!(lo <= hi)) {
                throw a.fail("Clip min " + lo + " > max " + hi);
            }
            clamp = new Clamp(lo, hi);
        }
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.CLAMP,
                        List.of(x.name()),
                        node.getOutput(0),
                        Attributes.DEFAULT.withClamp(clamp)));
    }

    private static float bound(
            NodeProto node, String name, ImportContext ctx, int i, float dflt, NodeAttributes a)
            throws UnsupportedModelException {
        if (!ImportContext.hasInput(node, i)) {
            return dflt;
        }
        TensorProto t = ctx.initializer(node, i);
        if (t == null || InitializerValues.type(t) != TensorProto.DataType.FLOAT) {
            throw a.fail("Clip bound input " + i + " must be a float initializer or Constant");
        }
        float[] v = InitializerValues.floats(t);
        if (v.length != 1) {
            throw a.fail(
                    "Clip bound input " + i + " must be a scalar, has " + v.length + " values");
        }
        return v[0];
    }
}
