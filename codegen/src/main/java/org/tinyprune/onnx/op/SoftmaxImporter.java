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
 * ONNX Softmax → {@link OpKind#SOFTMAX} over the axes from {@code axis} on (before opset 13 that is
 * the ONNX definition; from 13 softmax is along {@code axis} alone: when larger axes follow it,
 * TRANSPOSEs move it last and back).
 */
final class SoftmaxImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Softmax");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a = NodeAttributes.of(node, name, Set.of("axis"));
        Tensor x = ctx.input(node, name, 0);
        long axis = a.integer("axis", ctx.opset() >= 13 ? -1 : 1);
        axis = axis < 0 ? axis + x.rank() : axis;
        if (axis < 0 || axis >= Math.max(x.rank(), 1)) {
            throw a.fail("axis " + a.integer("axis", -1) + " out of range for " + x);
        }
        int last = x.rank() - 1;
        while (last > axis && x.dim(last) == 1) {
            last--;
        }
        if (ctx.opset() >= 13 && last > axis) {
            transposed(node, name, ctx, x, (int) axis);
            return;
        }
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.SOFTMAX,
                        List.of(x.name()),
                        node.getOutput(0),
                        Attributes.DEFAULT.withAxis((int) axis)));
    }

    /**
     * Softmax along one axis with larger axes after it: a TRANSPOSE that moves the axis last, the
     * softmax over the last axis, and the inverse TRANSPOSE (the values are the same, moved).
     */
    private static void transposed(
            NodeProto node, String name, ImportContext ctx, Tensor x, int axis)
            throws UnsupportedModelException {
        int rank = x.rank();
        int[] perm = new int[rank];
        int[] inverse = new int[rank];
        for (int d = 0, k = 0; d < rank; d++) {
            if (d != axis) {
                perm[k++] = d;
            }
        }
        perm[rank - 1] = axis;
        for (int d = 0; d < rank; d++) {
            inverse[perm[d]] = d;
        }
        String moved = ctx.fresh(name + "_moved");
        ctx.add(
                node,
                new Node(
                        ctx.uniqueNodeName(name + "_to_last"),
                        OpKind.TRANSPOSE,
                        List.of(x.name()),
                        moved,
                        Attributes.DEFAULT.withPerm(perm)));
        String soft = ctx.fresh(name + "_last");
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.SOFTMAX,
                        List.of(moved),
                        soft,
                        Attributes.DEFAULT.withAxis(rank - 1)));
        ctx.add(
                node,
                new Node(
                        ctx.uniqueNodeName(name + "_back"),
                        OpKind.TRANSPOSE,
                        List.of(soft),
                        node.getOutput(0),
                        Attributes.DEFAULT.withPerm(inverse)));
    }
}
