package org.tinyprune.emit;

import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.DeviceLayout;

/**
 * DENSE → {@code tp_dense_s8} / {@code tp_dense_f32}, once per row of a {@code [M, K]} input (the
 * leading dimension is data: each row is one vector). When the input was flattened from an NCHW
 * tensor with several pixels and channels, the weight columns are permuted so the kernel reads the
 * NHWC tensor in place (no transpose at run time).
 */
final class DenseEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.DENSE);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        List<Tensor> in = ctx.graph().inputsOf(n);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Tensor b = in.size() > 2 ? in.get(2) : null;
        Tensor y = ctx.graph().outputOf(n);
        ctx.hwc(n, x);
        String base = ctx.cName(n.name());
        int out = w.dim(0);
        int k = w.dim(1);
        Tensor src = ctx.flattenedFrom(x);
        int[] perm =
                src == null ? null : Layouts.denseFromNchw(out, src.dim(1), src.dim(2), src.dim(3));
        if (!DeviceLayout.isLogicalOrder(x.shape())) {
            throw new UnsupportedModelException(
                    n.name(),
                    "DENSE",
                    "input "
                            + x
                            + " is a 4-D tensor stored NHWC; "
                            + "its last axis is not contiguous (flatten it first)");
        }
        int rows = (int) (x.elements() / k);
        String inPtr = rows == 1 ? ctx.ptr(x.name()) : ctx.ptr(x.name()) + " + r * " + k;
        String outPtr = rows == 1 ? ctx.ptr(y.name()) : ctx.ptr(y.name()) + " + r * " + out;
        String loop =
                rows == 1
                        ? "        "
                        : "        for (int32_t r = 0; r < "
                                + rows
                                + " && st == TP_OK; r++)\n"
                                + "            ";
        if (!ctx.int8()) {
            float[] wv = perm == null ? w.floatData() : Layouts.apply(w.floatData(), perm);
            String weights = ctx.floatArray(base + "_weights", wv);
            String bias = b == null ? "NULL" : ctx.floatArray(base + "_bias", b.floatData());
            String act = Int8Params.actF32(n.attributes().clamp());
            return body ->
                    body.append("        static const tp_act_f32 act = ")
                            .append(act)
                            .append(";\n")
                            .append(rows == 1 ? "" : "        st = TP_OK;\n")
                            .append(loop)
                            .append("st = tp_dense_f32(&act, ")
                            .append(k)
                            .append(", ")
                            .append(inPtr)
                            .append(", ")
                            .append(out)
                            .append(", ")
                            .append(weights)
                            .append(", ")
                            .append(bias)
                            .append(", ")
                            .append(outPtr)
                            .append(");\n");
        }
        byte[] wv = perm == null ? w.int8Data() : Layouts.apply(w.int8Data(), perm);
        String weights = ctx.int8Array(base + "_weights", wv);
        String bias = Int8Params.bias(ctx, base, n, x, w, b);
        String quant = Int8Params.channelQuant(ctx, base, x, w, y);
        String io = Int8Params.io(n, x, y);
        return body ->
                body.append("        static const tp_quant_io io = ")
                        .append(io)
                        .append(";\n")
                        .append("        static const tp_channel_quant quant = ")
                        .append(quant)
                        .append(";\n")
                        .append(rows == 1 ? "" : "        st = TP_OK;\n")
                        .append(loop)
                        .append("st = tp_dense_s8(&io, &quant, ")
                        .append(k)
                        .append(", ")
                        .append(inPtr)
                        .append(", ")
                        .append(out)
                        .append(", ")
                        .append(weights)
                        .append(", ")
                        .append(bias)
                        .append(", ")
                        .append(outPtr)
                        .append(");\n");
    }
}
