package org.tinyprune.onnx.op;

import java.util.ArrayList;
import java.util.Arrays;
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

/** ONNX Conv (2-D, any group count, dilations ≥ 1 per axis) → {@link OpKind#CONV}. */
final class ConvImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Conv");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a =
                NodeAttributes.of(
                        node,
                        name,
                        Set.of(
                                "kernel_shape",
                                "strides",
                                "pads",
                                "dilations",
                                "group",
                                "auto_pad"));
        Tensor x = ctx.input(node, name, 0);
        Tensor w = ctx.input(node, name, 1);
        if (x.rank() != 4 || w.rank() != 4) {
            throw a.fail("only 2-D convolution is supported (input " + x + ", weight " + w + ")");
        }
        if (!ctx.isStatic(w)) {
            throw a.fail(
                    "weight '"
                            + w.name()
                            + "' must be an initializer (or DequantizeLinear of one)");
        }
        int[] kernel = {w.dim(2), w.dim(3)};
        int[] declared = a.ints("kernel_shape");
        if (declared != null && !Arrays.equals(declared, kernel)) {
            throw a.fail(
                    "kernel_shape "
                            + Arrays.toString(declared)
                            + " disagrees with weight shape "
                            + Arrays.toString(w.shape()));
        }
        long group = a.integer("group", 1);
        Attributes attrs =
                Windows.resolve(a, kernel, new int[] {x.dim(2), x.dim(3)}).withGroup((int) group);
        List<String> inputs = new ArrayList<>(List.of(x.name(), w.name()));
        if (ImportContext.hasInput(node, 2)) {
            Tensor b = ctx.input(node, name, 2);
            if (!ctx.isStatic(b)) {
                throw a.fail(
                        "bias '"
                                + b.name()
                                + "' must be an initializer (or DequantizeLinear of one)");
            }
            inputs.add(b.name());
        }
        ctx.add(node, new Node(name, OpKind.CONV, inputs, node.getOutput(0), attrs));
    }
}
