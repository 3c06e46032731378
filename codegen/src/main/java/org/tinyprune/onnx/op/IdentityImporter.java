package org.tinyprune.onnx.op;

import java.util.Set;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;

/**
 * ONNX Identity and inference-mode Dropout: no IR node, the output becomes an alias of the input. A
 * Dropout's {@code training_mode} input must be a constant: false, or true with a constant ratio of
 * 0 (nothing is dropped); its mask output may be declared but not read.
 */
final class IdentityImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Identity", "Dropout");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        // Dropout before opset 7 has is_test; inference (what ONNX Runtime runs) is the identity
        // either way
        NodeAttributes a =
                NodeAttributes.of(
                        node,
                        name,
                        node.getOpType().equals("Dropout")
                                ? Set.of("seed", "ratio", "is_test")
                                : Set.of());
        if (ImportContext.hasInput(node, 2) && training(node, ctx, a)) {
            TensorProto ratio = ctx.initializer(node, 1);
            float r = ratio == null ? Float.NaN : InitializerValues.floats(ratio)[0];
            if (r != 0f) {
                String what =
                        ratio != null
                                ? Float.toString(r)
                                : ImportContext.hasInput(node, 1)
                                        ? "not a constant"
                                        : "0.5 (default)";
                throw a.fail(
                        "training_mode is true and the ratio is "
                                + what
                                + ": elements would be dropped at random; export in eval mode");
            }
        }
        if (node.getOutputCount() > 1
                && !node.getOutput(1).isEmpty()
                && ctx.isRead(node.getOutput(1))) {
            throw a.fail(
                    "the Dropout mask output '"
                            + node.getOutput(1)
                            + "' is read (by a node or as a graph "
                            + "output); only the data output is supported");
        }
        ctx.input(node, name, 0);
        ctx.alias(node.getOutput(0), node.getInput(0));
    }

    /** The constant value of a Dropout's training_mode input. */
    private static boolean training(NodeProto node, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        TensorProto t = ctx.initializer(node, 2);
        if (t == null) {
            throw a.fail(
                    "training_mode input '"
                            + node.getInput(2)
                            + "' is not a constant; export in eval mode");
        }
        int[] v = InitializerValues.ints(t);
        return v.length > 0 && v[0] != 0;
    }
}
