package org.tinyprune.emit;

import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * DENSE → {@code tp_dense_s8} / {@code tp_dense_f32}. When the input was flattened from an NCHW
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
        int[] perm = src == null ? null : Layouts.denseFromNchw(out, src.dim(1), src.dim(2), src.dim(3));
        String inPtr = ctx.ptr(x.name());
        String outPtr = ctx.ptr(y.name());
        if (!ctx.int8()) {
            float[] wv = perm == null ? w.floatData() : Layouts.apply(w.floatData(), perm);
            String weights = ctx.floatArray(base + "_weights", wv);
            String bias = b == null ? "NULL" : ctx.floatArray(base + "_bias", b.floatData());
            String act = Int8Params.actF32(n.attributes().clamp());
            return body -> body.append("        static const tp_act_f32 act = ").append(act).append(";\n")
                    .append("        st = tp_dense_f32(&act, ").append(k).append(", ").append(inPtr).append(", ")
                    .append(out).append(", ").append(weights).append(", ").append(bias).append(", ").append(outPtr)
                    .append(");\n");
        }
        byte[] wv = perm == null ? w.int8Data() : Layouts.apply(w.int8Data(), perm);
        String weights = ctx.int8Array(base + "_weights", wv);
        String bias = Int8Params.bias(ctx, base, n, x, w, b);
        String quant = Int8Params.channelQuant(ctx, base, x, w, y);
        String io = Int8Params.io(n, x, y);
        return body -> body.append("        static const tp_quant_io io = ").append(io).append(";\n")
                .append("        static const tp_channel_quant quant = ").append(quant).append(";\n")
                .append("        st = tp_dense_s8(&io, &quant, ").append(k).append(", ").append(inPtr).append(", ")
                .append(out).append(", ").append(weights).append(", ").append(bias).append(", ").append(outPtr)
                .append(");\n");
    }
}
