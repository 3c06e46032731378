package org.tinyprune.emit;

import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.KernelScratch;

/**
 * CONV → {@code tp_depthwise_conv_*} when group = Cin = Cout ({@code tp_depthwise_conv_in_place_s8}
 * when the planner writes the output over the input, {@link EmitContext#runsInPlace}), else {@code
 * tp_conv_wrapper_s8} / {@code tp_conv_f32} (general, 1×1 and grouped), strides, top/left pads and
 * dilations in {@code tp_conv_params}. Weights are transposed to {@code [O][kh][kw][C]} ({@code
 * [kh][kw][C]} for depthwise). A 4-D input of N &gt; 1 images runs the kernel once per image
 * (images are independent and lie one after the other in the device layout; the scratch is reused).
 */
final class ConvEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.CONV);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        List<Tensor> in = ctx.graph().inputsOf(n);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Tensor b = in.size() > 2 ? in.get(2) : null;
        Tensor y = ctx.graph().outputOf(n);
        String base = ctx.cName(n.name());
        int[] ws = w.shape();
        boolean dw = KernelScratch.isDepthwise(ctx.graph(), n);
        int[] perm =
                dw
                        ? Layouts.depthwiseFilter(ws[0], ws[2], ws[3])
                        : Layouts.convFilter(ws[0], ws[1], ws[2], ws[3]);
        String filterShape =
                dw
                        ? "{1, " + ws[2] + ", " + ws[3] + ", " + ws[0] + "}"
                        : "{" + ws[0] + ", " + ws[2] + ", " + ws[3] + ", " + ws[1] + "}";
        int[] s = n.attributes().strides();
        int[] p = n.attributes().pads();
        int[] d = n.attributes().dilations();
        String conv =
                "{"
                        + s[0]
                        + ", "
                        + s[1]
                        + ", "
                        + p[0]
                        + ", "
                        + p[1]
                        + ", "
                        + d[0]
                        + ", "
                        + d[1]
                        + ", "
                        + n.attributes().group()
                        + "}";
        String inShape = ctx.shape(n, x, true);
        String outShape = ctx.shape(n, y, true);
        int images = EmitContext.images(x);
        String loop =
                images == 1
                        ? "        "
                        : "        st = TP_OK;\n        for (int32_t i = 0; i < "
                                + images
                                + " && st == TP_OK; i++)\n            ";
        long inImage = x.elements() / images;
        long outImage = y.elements() / images;
        String kernel =
                (dw ? "tp_depthwise_conv_" : ctx.int8() ? "tp_conv_wrapper_" : "tp_conv_")
                        + ctx.suffix();
        String inPtr = images == 1 ? ctx.ptr(x.name()) : ctx.ptr(x.name()) + " + i * " + inImage;
        String outPtr = images == 1 ? ctx.ptr(y.name()) : ctx.ptr(y.name()) + " + i * " + outImage;
        if (!ctx.int8()) {
            String weights = ctx.floatArray(base + "_weights", Layouts.apply(w.floatData(), perm));
            String bias = b == null ? "NULL" : ctx.floatArray(base + "_bias", b.floatData());
            String act = Int8Params.actF32(n.attributes().clamp());
            return body ->
                    body.append("        static const tp_conv_params conv = ")
                            .append(conv)
                            .append(";\n")
                            .append("        static const tp_act_f32 act = ")
                            .append(act)
                            .append(";\n")
                            .append("        static const tp_shape in_shape = ")
                            .append(inShape)
                            .append(", out_shape = ")
                            .append(outShape)
                            .append(";\n")
                            .append("        static const tp_filter_shape filter = ")
                            .append(filterShape)
                            .append(";\n")
                            .append(loop)
                            .append("st = ")
                            .append(kernel)
                            .append("(&conv, &act, &in_shape, ")
                            .append(inPtr)
                            .append(", &filter, ")
                            .append(weights)
                            .append(", ")
                            .append(bias)
                            .append(", &out_shape, ")
                            .append(outPtr)
                            .append(");\n");
        }
        String weights = ctx.int8Array(base + "_weights", Layouts.apply(w.int8Data(), perm));
        String bias = Int8Params.bias(ctx, base, n, x, w, b);
        String quant = Int8Params.channelQuant(ctx, base, x, w, y);
        String io = Int8Params.io(n, x, y);
        boolean inPlace = ctx.runsInPlace(n);
        int scratchBytes = KernelScratch.bytes(ctx.graph(), n, inPlace);
        String scratch = ctx.scratch(n, scratchBytes);
        if (inPlace && !ctx.ptr(x.name()).equals(ctx.ptr(y.name()))) {
            throw new IllegalStateException(
                    "node '"
                            + n.name()
                            + "' runs in place, yet the plan stores its output '"
                            + y.name()
                            + "' apart from its input '"
                            + x.name()
                            + "'");
        }
        // the in-place kernel reads its input where it writes its output: no input pointer
        String call =
                inPlace
                        ? "tp_depthwise_conv_in_place_s8(&scratch, &conv, &io, &quant, &in_shape, "
                        : kernel + "(&scratch, &conv, &io, &quant, &in_shape, " + inPtr + ", ";
        return body ->
                body.append("        const tp_scratch scratch = ")
                        .append(scratch)
                        .append(";\n")
                        .append("        static const tp_conv_params conv = ")
                        .append(conv)
                        .append(";\n")
                        .append("        static const tp_quant_io io = ")
                        .append(io)
                        .append(";\n")
                        .append("        static const tp_channel_quant quant = ")
                        .append(quant)
                        .append(";\n")
                        .append("        static const tp_shape in_shape = ")
                        .append(inShape)
                        .append(", out_shape = ")
                        .append(outShape)
                        .append(";\n")
                        .append("        static const tp_filter_shape filter = ")
                        .append(filterShape)
                        .append(";\n")
                        .append(loop)
                        .append("st = ")
                        .append(call)
                        .append("&filter, ")
                        .append(weights)
                        .append(", ")
                        .append(bias)
                        .append(", &out_shape, ")
                        .append(outPtr)
                        .append(");\n");
    }
}
