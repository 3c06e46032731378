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
 * ONNX Sigmoid → {@link OpKind#SIGMOID}, HardSigmoid (alpha, beta; defaults 0.2, 0.5) → {@link
 * OpKind#HARD_SIGMOID} with a {@code [alpha, beta]} constant, HardSwish (opset 14) → {@link
 * OpKind#HARD_SWISH}. Any rank.
 */
final class SigmoidImporter implements OpImporter {
    /** The opset that introduced HardSwish. */
    private static final int HARD_SWISH_OPSET = 14;

    @Override
    public Set<String> opTypes() {
        return Set.of("Sigmoid", "HardSigmoid", "HardSwish");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        String type = node.getOpType();
        NodeAttributes a =
                NodeAttributes.of(
                        node,
                        name,
                        type.equals("HardSigmoid") ? Set.of("alpha", "beta") : Set.of());
        Tensor x = ctx.input(node, name, 0);
        if (ctx.isStatic(x)) {
            throw a.fail(
                    "input '"
                            + x.name()
                            + "' is a constant; fold constant subgraphs before export");
        }
        OpKind op =
                switch (type) {
                    case "Sigmoid" -> OpKind.SIGMOID;
                    case "HardSigmoid" -> OpKind.HARD_SIGMOID;
                    default -> OpKind.HARD_SWISH;
                };
        if (op == OpKind.HARD_SWISH && ctx.opset() < HARD_SWISH_OPSET) {
            throw a.fail(
                    "HardSwish exists from opset "
                            + HARD_SWISH_OPSET
                            + " on, the model imports opset "
                            + ctx.opset()
                            + "; re-export with opset >= "
                            + HARD_SWISH_OPSET);
        }
        List<String> in = List.of(x.name());
        if (op == OpKind.HARD_SIGMOID) {
            float alpha = a.real("alpha", 0.2f);
            float beta = a.real("beta", 0.5f);
            if (!Float.isFinite(alpha) || !Float.isFinite(beta)) {
                throw a.fail("alpha " + alpha + " and beta " + beta + " must be finite");
            }
            Tensor p =
                    Tensor.constant(
                            ctx.fresh(name + "_alpha_beta"),
                            new int[] {2},
                            new float[] {alpha, beta});
            ctx.graph().tensor(p);
            in = List.of(x.name(), p.name());
        }
        ctx.add(node, new Node(name, op, in, node.getOutput(0), Attributes.DEFAULT));
    }
}
