package org.tinyprune.onnx.op;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
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
 * ONNX ReduceMean over the spatial axes of {@code [N, C, H, W]} (axes {2, 3} in any spelling; an
 * attribute before opset 18, a constant input from 18) → {@link OpKind#GLOBAL_AVG_POOL}, followed
 * by a RESHAPE to {@code [N, C]} when {@code keepdims = 0}. Other axes are refused.
 */
final class ReduceMeanImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("ReduceMean");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        boolean axesInput = ctx.opset() >= 18;
        NodeAttributes a =
                NodeAttributes.of(
                        node,
                        name,
                        axesInput
                                ? Set.of("keepdims", "noop_with_empty_axes")
                                : Set.of("keepdims", "axes"));
        Tensor x = ctx.input(node, name, 0);
        long[] axes;
        if (axesInput) {
            if (!ImportContext.hasInput(node, 1)) {
                axes = new long[0];
            } else {
                TensorProto t = ctx.initializer(node, 1);
                if (t == null || InitializerValues.type(t) != TensorProto.DataType.INT64) {
                    throw a.fail("axes must be an INT64 initializer or constant subgraph");
                }
                axes = InitializerValues.longs(t);
            }
        } else {
            int[] v = a.ints("axes");
            axes = v == null ? new long[0] : Arrays.stream(v).asLongStream().toArray();
        }
        if (axes.length == 0 && a.integer("noop_with_empty_axes", 0) != 0) {
            ctx.alias(node.getOutput(0), x.name());
            return;
        }
        long[] norm = Arrays.stream(axes).map(v -> v < 0 ? v + x.rank() : v).sorted().toArray();
        if (x.rank() != 4 || !Arrays.equals(norm, new long[] {2, 3})) {
            throw a.fail(
                    "only the mean over H and W of a 4-D [N, C, H, W] tensor (axes {2, 3} or {-2, -1}) is "
                            + "supported, got axes "
                            + (axes.length == 0 ? "all" : Arrays.toString(axes))
                            + " of "
                            + x);
        }
        boolean keep = a.integer("keepdims", 1) != 0;
        String pooled = keep ? node.getOutput(0) : ctx.fresh(node.getOutput(0) + "_pooled");
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.GLOBAL_AVG_POOL,
                        List.of(x.name()),
                        pooled,
                        Attributes.DEFAULT));
        if (!keep) {
            ctx.addReshape(
                    node,
                    ctx.uniqueNodeName(name + "_squeeze"),
                    pooled,
                    node.getOutput(0),
                    new int[] {x.dim(0), x.dim(1)});
        }
    }
}
