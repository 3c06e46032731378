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

/** ONNX MaxPool / AveragePool (2-D, no dilation, padding not counted) → {@link OpKind#MAX_POOL} / {@link OpKind#AVG_POOL}. */
final class PoolImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("MaxPool", "AveragePool");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx) throws UnsupportedModelException {
        boolean max = node.getOpType().equals("MaxPool");
        NodeAttributes a = NodeAttributes.of(node, name, max
                ? Set.of("kernel_shape", "strides", "pads", "auto_pad", "ceil_mode", "dilations", "storage_order")
                : Set.of("kernel_shape", "strides", "pads", "auto_pad", "ceil_mode", "count_include_pad", "dilations"));
        if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
            throw a.fail("the Indices output is not supported");
        }
        Tensor x = ctx.input(node, name, 0);
        int[] kernel = a.ints("kernel_shape");
        if (x.rank() != 4 || kernel == null || kernel.length != 2) {
            throw a.fail("only 2-D pooling with a kernel_shape is supported (input " + x + ")");
        }
        Attributes attrs = Windows.resolve(a, kernel, new int[] {x.dim(2), x.dim(3)});
        int[] p = attrs.pads();
        if (!max && a.integer("count_include_pad", 0) != 0 && (p[0] | p[1] | p[2] | p[3]) != 0) {
            throw a.fail("count_include_pad=1 with padding is not supported (the kernels do not count padding)");
        }
        ctx.add(node, new Node(name, max ? OpKind.MAX_POOL : OpKind.AVG_POOL, List.of(x.name()), node.getOutput(0),
                attrs));
    }
}
