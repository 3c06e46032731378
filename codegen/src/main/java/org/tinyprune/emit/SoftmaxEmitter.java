package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.DeviceLayout;

/**
 * SOFTMAX (float graphs only) → {@code tp_softmax_f32} over each contiguous block of the axes
 * {@code [axis, rank)}, once per index of the leading axes (a 4-D tensor's block from axis 0 or 1
 * is its NHWC bytes, a permutation of the same values, which softmax maps alike).
 */
final class SoftmaxEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.SOFTMAX);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        if (ctx.int8()) {
            throw new UnsupportedModelException(
                    n.name(),
                    "SOFTMAX",
                    "the kernels have no int8 softmax; end the " + "quantised graph at the logits");
        }
        Tensor x = ctx.graph().tensor(n.input(0));
        Tensor y = ctx.graph().outputOf(n);
        ctx.hwc(n, y);
        int[] s = y.shape();
        int axis = n.attributes().axis();
        long leading = 1;
        for (int d = 0; d < axis; d++) {
            leading *= s[d];
        }
        long rows = leading;
        long size = y.elements() / rows;
        if (s.length == 4 && axis > 1 && !DeviceLayout.isLogicalOrder(s)) {
            throw new UnsupportedModelException(
                    n.name(),
                    "SOFTMAX",
                    "softmax over axes "
                            + axis
                            + ".. of "
                            + y
                            + " (stored NHWC) would read strided values; only axes 0 or 1 of a 4-D tensor are supported");
        }
        String in = ctx.ptr(x.name());
        String out = ctx.ptr(y.name());
        if (rows == 1) {
            return body ->
                    body.append("        st = tp_softmax_f32(")
                            .append(in)
                            .append(", ")
                            .append(out)
                            .append(", ")
                            .append(size)
                            .append(");\n");
        }
        return body ->
                body.append("        st = TP_OK;\n        for (int32_t r = 0; r < ")
                        .append(rows)
                        .append(" && st == TP_OK; r++)\n            st = tp_softmax_f32(")
                        .append(in)
                        .append(" + r * ")
                        .append(size)
                        .append(", ")
                        .append(out)
                        .append(" + r * ")
                        .append(size)
                        .append(", ")
                        .append(size)
                        .append(");\n");
    }
}
