package org.tinyprune.onnx.op;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * ONNX Add of two computed tensors of equal shape → {@link OpKind#ADD}; a float constant operand
 * (either one) that broadcasts to the activation's shape is expanded to that shape and becomes
 * input 1 (the sum commutes, exactly, in float too).
 */
final class AddImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Add");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        // before opset 7 Add broadcasts only when told to (broadcast, axis); equal shapes need
        // neither
        NodeAttributes a =
                NodeAttributes.of(
                        node, name, ctx.opset() < 7 ? Set.of("broadcast", "axis") : Set.of());
        Tensor x = ctx.input(node, name, 0);
        Tensor y = ctx.input(node, name, 1);
        if (ctx.isStatic(x) && !ctx.isStatic(y)) {
            Tensor t = x;
            x = y;
            y = t;
        }
        if (ctx.isStatic(x)) {
            throw a.fail("both operands are constants; fold constant subgraphs before export");
        }
        if (ctx.isStatic(y)) {
            if (!y.isConstant() || y.dtype() != DType.FLOAT32) {
                throw a.fail(
                        "adding a quantised constant is not supported (only a float constant, or element-wise "
                                + "adds of two activations); fold the constant into the preceding layer's bias");
            }
            y = broadcast(ctx, y, x.shape(), a);
        }
        if (!java.util.Arrays.equals(x.shape(), y.shape())) {
            throw a.fail(
                    "broadcasting is not supported: shapes "
                            + java.util.Arrays.toString(x.shape())
                            + " and "
                            + java.util.Arrays.toString(y.shape()));
        }
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.ADD,
                        List.of(x.name(), y.name()),
                        node.getOutput(0),
                        Attributes.DEFAULT));
    }

    /**
     * The float constant {@code c} repeated to {@code shape} by ONNX (numpy) broadcasting, as a new
     * constant.
     */
    static Tensor broadcast(ImportContext ctx, Tensor c, int[] shape, NodeAttributes a)
            throws UnsupportedModelException {
        if (Arrays.equals(c.shape(), shape)) {
            return c;
        }
        int rank = shape.length;
        int[] cs = c.shape();
        if (cs.length > rank) {
            throw a.fail("constant " + c + " has more dimensions than " + Arrays.toString(shape));
        }
        // the constant's stride along each output axis (0 where it is broadcast)
        long[] stride = new long[rank];
        long step = 1;
        for (int d = rank - 1, k = cs.length - 1; d >= 0; d--, k--) {
            int dim = k >= 0 ? cs[k] : 1;
            if (dim != 1 && dim != shape[d]) {
                throw a.fail(
                        "constant "
                                + c
                                + " does not broadcast to "
                                + Arrays.toString(shape)
                                + " (the result would be larger than the activation)");
            }
            stride[d] = dim == 1 ? 0 : step;
            step *= dim;
        }
        float[] v = c.floatData();
        float[] out = new float[Math.toIntExact(Tensor.elementCount(shape))];
        int[] index = new int[rank];
        for (int i = 0; i < out.length; i++) {
            long src = 0;
            for (int d = 0; d < rank; d++) {
                src += index[d] * stride[d];
            }
            out[i] = v[(int) src];
            for (int d = rank - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        Tensor t = Tensor.constant(ctx.fresh(c.name() + "_broadcast"), shape, out);
        ctx.graph().tensor(t);
        return t;
    }
}
