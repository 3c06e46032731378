package org.tinyprune.onnx.op;

import java.util.Set;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/** ONNX Identity and inference-mode Dropout: no IR node, the output becomes an alias of the input. */
final class IdentityImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Identity", "Dropout");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx) throws UnsupportedModelException {
        // Dropout before opset 7 has is_test; inference (what ONNX Runtime runs) is the identity either way
        NodeAttributes a = NodeAttributes.of(node, name, node.getOpType().equals("Dropout")
                ? Set.of("seed", "ratio", "is_test") : Set.of());
        if (ImportContext.hasInput(node, 2)) {
            throw a.fail("Dropout with a training_mode input is not supported; export in eval mode");
        }
        if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
            throw a.fail("the Dropout mask output is not supported");
        }
        ctx.input(node, name, 0);
        ctx.alias(node.getOutput(0), node.getInput(0));
    }
}
