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
 * ONNX Pad in constant mode (pads as an attribute before opset 11, as a constant input from 11,
 * optional axes input from 18). All-zero pads vanish (the output aliases the input); padding of H
 * and W of a 4-D tensor becomes {@link OpKind#PAD}, which the pad-folding pass merges into a
 * following convolution or pool where that is exact. A value other than 0 becomes the PAD's second
 * input, a one-element float constant (never folded).
 */
final class PadImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Pad");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        boolean inputs = ctx.opset() >= 11;
        NodeAttributes a =
                NodeAttributes.of(
                        node, name, inputs ? Set.of("mode") : Set.of("mode", "pads", "value"));
        String mode = a.string("mode", "constant");
        if (!mode.equals("constant")) {
            throw a.fail("mode '" + mode + "' is not supported (only constant padding)");
        }
        Tensor x = ctx.input(node, name, 0);
        long[] pads;
        float value;
        if (inputs) {
            TensorProto t = ctx.initializer(node, 1);
            if (t == null || InitializerValues.type(t) != TensorProto.DataType.INT64) {
                throw a.fail(
                        "pads must be an INT64 initializer or a constant subgraph (dynamic pads are not supported)");
            }
            pads = InitializerValues.longs(t);
            value = constantValue(node, name, ctx, a);
            pads = onAxes(node, ctx, a, pads, x.rank());
        } else {
            int[] p = a.ints("pads");
            if (p == null) {
                throw a.fail("attribute pads is required");
            }
            pads = Arrays.stream(p).asLongStream().toArray();
            value = a.real("value", 0f);
        }
        int r = x.rank();
        if (pads.length != 2 * r) {
            throw a.fail(
                    "pads "
                            + Arrays.toString(pads)
                            + " need 2 x rank = "
                            + 2 * r
                            + " values for "
                            + x);
        }
        boolean zero = true;
        for (int i = 0; i < pads.length; i++) {
            if (pads[i] < 0) {
                throw a.fail(
                        "negative pads (cropping) " + Arrays.toString(pads) + " are not supported");
            }
            if (pads[i] != 0 && (r != 4 || i % r < 2)) {
                throw a.fail(
                        "only H and W of a 4-D [N, C, H, W] tensor may be padded, got pads "
                                + Arrays.toString(pads)
                                + " for "
                                + x);
            }
            zero &= pads[i] == 0;
        }
        if (zero) {
            ctx.alias(node.getOutput(0), x.name());
            return;
        }
        Attributes attrs =
                Attributes.DEFAULT.withPads(
                        (int) pads[2], (int) pads[3], (int) pads[6], (int) pads[7]);
        List<String> in = List.of(x.name());
        if (value != 0f) {
            Tensor v =
                    Tensor.constant(ctx.fresh(name + "_value"), new int[] {1}, new float[] {value});
            ctx.graph().tensor(v);
            in = List.of(x.name(), v.name());
        }
        ctx.add(node, new Node(name, OpKind.PAD, in, node.getOutput(0), attrs));
    }

    /**
     * The optional constant_value input as a real number: absent (0), a float constant, or the
     * DequantizeLinear of a one-element int8 constant.
     */
    private static float constantValue(
            NodeProto node, String name, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        if (!ImportContext.hasInput(node, 2)) {
            return 0f;
        }
        TensorProto v = ctx.initializer(node, 2);
        if (v != null && InitializerValues.type(v) == TensorProto.DataType.FLOAT) {
            float[] f = InitializerValues.floats(v);
            if (f.length != 1) {
                throw a.fail("constant_value must hold one value, holds " + f.length);
            }
            return f[0];
        }
        Tensor t = ctx.input(node, name, 2);
        Node dq = ctx.dequantizeOf(t);
        Tensor q = dq == null ? null : ctx.graph().find(dq.input(0));
        if (q != null
                && q.isConstant()
                && q.int8Data().length == 1
                && !q.quantization().isPerAxis()) {
            return (q.int8Data()[0] - q.quantization().zeroPoint()) * q.quantization().scale();
        }
        throw a.fail(
                "constant_value must be a constant (a float initializer or the DequantizeLinear of a one-element "
                        + "int8 constant), got "
                        + t);
    }

    /** Expands pads given for the axes input (opset 18) to pads for every axis. */
    private static long[] onAxes(
            NodeProto node, ImportContext ctx, NodeAttributes a, long[] pads, int rank)
            throws UnsupportedModelException {
        if (!ImportContext.hasInput(node, 3)) {
            return pads;
        }
        TensorProto t = ctx.initializer(node, 3);
        if (t == null) {
            throw a.fail("axes must be a constant");
        }
        long[] axes =
                t.getDataType() == TensorProto.DataType.INT64_VALUE
                        ? InitializerValues.longs(t)
                        : Arrays.stream(InitializerValues.ints(t)).asLongStream().toArray();
        if (pads.length != 2 * axes.length) {
            throw a.fail(
                    "pads "
                            + Arrays.toString(pads)
                            + " need 2 values per axis of "
                            + Arrays.toString(axes));
        }
        long[] full = new long[2 * rank];
        for (int i = 0; i < axes.length; i++) {
            int ax = (int) (axes[i] < 0 ? axes[i] + rank : axes[i]);
            if (ax < 0 || ax >= rank) {
                throw a.fail("axis " + axes[i] + " out of range for rank " + rank);
            }
            full[ax] = pads[i];
            full[ax + rank] = pads[i + axes.length];
        }
        return full;
    }
}
