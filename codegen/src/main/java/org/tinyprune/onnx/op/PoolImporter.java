package org.tinyprune.onnx.op;

import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Shapes;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * ONNX MaxPool / AveragePool (2-D; strides, pads or auto_pad, dilations, ceil_mode,
 * count_include_pad) → {@link OpKind#MAX_POOL} / {@link OpKind#AVG_POOL}.
 */
final class PoolImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("MaxPool", "AveragePool");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        boolean max = node.getOpType().equals("MaxPool");
        NodeAttributes a =
                NodeAttributes.of(
                        node,
                        name,
                        max
                                ? Set.of(
                                        "kernel_shape",
                                        "strides",
                                        "pads",
                                        "auto_pad",
                                        "ceil_mode",
                                        "dilations",
                                        "storage_order")
                                : Set.of(
                                        "kernel_shape",
                                        "strides",
                                        "pads",
                                        "auto_pad",
                                        "ceil_mode",
                                        "count_include_pad",
                                        "dilations"));
        if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
            throw a.fail("the Indices output is not supported");
        }
        Tensor x = ctx.input(node, name, 0);
        int[] kernel = a.ints("kernel_shape");
        if (x.rank() != 4 || kernel == null || kernel.length != 2) {
            throw a.fail("only 2-D pooling with a kernel_shape is supported (input " + x + ")");
        }
        Attributes attrs = Windows.resolvePool(a, kernel, new int[] {x.dim(2), x.dim(3)});
        if (!max && a.integer("count_include_pad", 0) != 0) {
            attrs = countEveryTap(attrs, x);
        }
        ctx.add(
                node,
                new Node(
                        name,
                        max ? OpKind.MAX_POOL : OpKind.AVG_POOL,
                        List.of(x.name()),
                        node.getOutput(0),
                        attrs));
    }

    /**
     * ONNX count_include_pad = 1 divides every window by its full tap count, also where ceil mode
     * lets the last window reach beyond the end padding (ONNX Runtime and the ONNX reference
     * agree). The IR counts taps up to the end padding, so the end padding grows to cover every
     * window (the output size stays the same).
     */
    private static Attributes countEveryTap(Attributes a, Tensor x) {
        int[] k = a.kernel();
        int[] s = a.strides();
        int[] d = a.dilations();
        int[] p = a.pads();
        for (int i = 0; i < 2; i++) {
            int n = x.dim(2 + i);
            int out = Shapes.poolOut(n, k[i], s[i], d[i], p[i], p[i + 2], a.ceilMode());
            p[i + 2] = Math.max(p[i + 2], (out - 1) * s[i] - p[i] + d[i] * (k[i] - 1) + 1 - n);
        }
        boolean padded = (p[0] | p[1] | p[2] | p[3]) != 0;
        return a.withPads(p[0], p[1], p[2], p[3]).withCountIncludePad(padded);
    }
}
