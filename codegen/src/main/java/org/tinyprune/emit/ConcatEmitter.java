package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.DeviceLayout;

/**
 * CONCAT along any axis → {@code tp_concat_s8} / {@code tp_concat_f32}: in device order (NHWC for
 * 4-D, row-major otherwise) a concatenation is, for each index of the axes before the concat axis,
 * one block of each input in turn (the kernel's pixels and channels). A float constant input is a
 * const array in device order; int8 graphs refuse constant inputs.
 */
final class ConcatEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.CONCAT);
    }

    /** A float constant input as a const array in device order (float graphs only). */
    private static String constant(Node n, EmitContext ctx, Tensor t)
            throws UnsupportedModelException {
        if (ctx.int8()) {
            throw new UnsupportedModelException(
                    n.name(),
                    "CONCAT",
                    "concatenating constant '"
                            + t.name()
                            + "' in an int8 graph is not supported (it would need the output's quantisation)");
        }
        float[] v = t.floatData();
        if (!DeviceLayout.isLogicalOrder(t.shape())) {
            if (t.dim(0) != 1) {
                throw new UnsupportedModelException(
                        n.name(),
                        "CONCAT",
                        "concatenating constant " + t + " of several NCHW images is not supported");
            }
            v = Layouts.apply(v, Layouts.nhwcFromNchw(t.dim(1), t.dim(2), t.dim(3)));
        }
        return ctx.floatArray(ctx.cName(n.name()) + "_" + t.name(), v);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor y = ctx.graph().outputOf(n);
        ctx.hwc(n, y);
        int axis = n.attributes().axis();
        int[] device = DeviceLayout.axes(y.rank());
        int at = 0;
        while (device[at] != axis) {
            at++;
        }
        int[] dims = DeviceLayout.dims(y.shape());
        long outer = 1;
        for (int d = 0; d < at; d++) {
            outer *= dims[d];
        }
        StringBuilder blocks = new StringBuilder();
        StringBuilder inputs = new StringBuilder();
        for (String in : n.inputs()) {
            Tensor t = ctx.graph().tensor(in);
            ctx.hwc(n, t);
            blocks.append(blocks.length() == 0 ? "" : ", ").append(t.elements() / outer);
            inputs.append(inputs.length() == 0 ? "" : ", ")
                    .append(t.isConstant() ? constant(n, ctx, t) : ctx.ptr(in));
            if (!t.isConstant()) {
                Int8Checks.sameQuantization(n, t, y);
            }
        }
        String type = ctx.elementType();
        int count = n.inputs().size();
        String out = ctx.ptr(y.name());
        long pixels = outer;
        return body ->
                body.append("        static const int32_t channels[")
                        .append(count)
                        .append("] = {")
                        .append(blocks)
                        .append("};\n")
                        .append("        const ")
                        .append(type)
                        .append(" *const inputs[")
                        .append(count)
                        .append("] = {")
                        .append(inputs)
                        .append("};\n")
                        .append("        st = tp_concat_")
                        .append(ctx.suffix())
                        .append('(')
                        .append(count)
                        .append(", inputs, channels, ")
                        .append(pixels)
                        .append(", ")
                        .append(out)
                        .append(");\n");
    }
}
