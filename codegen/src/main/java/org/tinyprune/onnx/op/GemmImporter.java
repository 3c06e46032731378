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

/** ONNX Gemm with constant B (either orientation), alpha = beta = 1, transA = 0 → {@link OpKind#DENSE}. */
final class GemmImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Gemm");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx) throws UnsupportedModelException {
        // before opset 7 a bias of shape [N] needs broadcast = 1; the bias rule below is the same either way
        NodeAttributes a = NodeAttributes.of(node, name, ctx.opset() < 7
                ? Set.of("alpha", "beta", "transA", "transB", "broadcast") : Set.of("alpha", "beta", "transA", "transB"));
        if (a.real("alpha", 1f) != 1f || a.real("beta", 1f) != 1f) {
            throw a.fail("alpha and beta must be 1 (fold them into the weights), got alpha=" + a.real("alpha", 1f)
                    + " beta=" + a.real("beta", 1f));
        }
        a.require("transA", 0, "the input must not be transposed");
        Tensor x = ctx.input(node, name, 0);
        Tensor w = ctx.input(node, name, 1);
        if (!ctx.isStatic(w) || w.rank() != 2) {
            throw a.fail("B '" + w.name() + "' must be a 2-D initializer (or DequantizeLinear of one), is " + w);
        }
        String weight = a.integer("transB", 0) != 0 ? w.name() : StaticTensors.transpose2d(ctx, w, name, "Gemm");
        int n = ctx.graph().find(weight).dim(0);
        List<String> inputs = new ArrayList<>(List.of(x.name(), weight));
        if (ImportContext.hasInput(node, 2)) {
            inputs.add(StaticTensors.vector(ctx, ctx.input(node, name, 2), n, name, "Gemm"));
        }
        ctx.add(node, new Node(name, OpKind.DENSE, inputs, node.getOutput(0), Attributes.DEFAULT));
    }
}
