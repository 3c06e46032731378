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
 * ONNX BatchNormalization in inference mode → {@link OpKind#BATCH_NORM} with {@code mul = gamma /
 * sqrt(var + eps)} and {@code add = beta - mean * mul}; the batch-norm pass folds it into the
 * preceding convolution.
 */
final class BatchNormImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("BatchNormalization");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a =
                NodeAttributes.of(
                        node,
                        name,
                        ctx.opset() < 7
                                ? Set.of("epsilon", "momentum", "spatial", "is_test")
                                : Set.of("epsilon", "momentum", "training_mode", "spatial"));
        a.require("training_mode", 0, "export the model in eval mode");
        a.require(
                "is_test",
                1,
                "is_test=0 asks for batch statistics (training); export the model in eval mode");
        a.require("spatial", 1, "per-element statistics are not supported");
        for (int i = 1; i < node.getOutputCount(); i++) {
            if (!node.getOutput(i).isEmpty()) {
                throw a.fail(
                        "training outputs (running mean/var) are not supported; export in eval mode");
            }
        }
        Tensor x = ctx.input(node, name, 0);
        if (x.rank() < 2) {
            throw a.fail(
                    "input '"
                            + x.name()
                            + "' has rank "
                            + x.rank()
                            + "; BatchNormalization needs [N, C, ...]");
        }
        float[][] p = new float[4][];
        for (int i = 0; i < 4; i++) {
            Tensor t = ctx.input(node, name, i + 1);
            if (!t.isConstant() || t.rank() != 1 || t.dim(0) != x.dim(1)) {
                throw a.fail(
                        "input "
                                + (i + 1)
                                + " '"
                                + t.name()
                                + "' must be a float constant of shape ["
                                + x.dim(1)
                                + "], is "
                                + t);
            }
            p[i] = t.floatData();
        }
        double eps = a.real("epsilon", 1e-5f);
        if (!(eps >= 0)) {
            throw a.fail("epsilon = " + eps + "; it must be >= 0 (PyTorch writes 1e-05)");
        }
        int c = x.dim(1);
        float[] mul = new float[c];
        float[] add = new float[c];
        for (int i = 0; i < c; i++) {
            if (!(p[3][i] >= 0 && p[3][i] + eps > 0)) {
                throw a.fail(
                        "variance '"
                                + node.getInput(4)
                                + "' of channel "
                                + i
                                + " is "
                                + p[3][i]
                                + " (epsilon "
                                + eps
                                + "); a variance must be >= 0, and with epsilon > 0");
            }
            double m = p[0][i] / Math.sqrt(p[3][i] + eps);
            mul[i] = (float) m;
            add[i] = (float) (p[1][i] - p[2][i] * m);
            if (!Float.isFinite(mul[i]) || !Float.isFinite(add[i])) {
                throw a.fail(
                        "channel "
                                + i
                                + " scales by "
                                + mul[i]
                                + " and shifts by "
                                + add[i]
                                + ", beyond float "
                                + "range; the statistics are damaged");
            }
        }
        Tensor tm = Tensor.constant(ctx.fresh(name + "_mul"), new int[] {c}, mul);
        Tensor ta = Tensor.constant(ctx.fresh(name + "_add"), new int[] {c}, add);
        ctx.graph().tensor(tm).tensor(ta);
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.BATCH_NORM,
                        List.of(x.name(), tm.name(), ta.name()),
                        node.getOutput(0),
                        Attributes.DEFAULT));
    }
}
