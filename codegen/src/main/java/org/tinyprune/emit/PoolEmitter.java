package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * MAX_POOL, AVG_POOL, GLOBAL_AVG_POOL → {@code tp_max_pool_*}, {@code tp_avg_pool_*}, {@code
 * tp_global_avg_pool_*}.
 */
final class PoolEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.MAX_POOL, OpKind.AVG_POOL, OpKind.GLOBAL_AVG_POOL);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor x = ctx.graph().tensor(n.input(0));
        Tensor y = ctx.graph().outputOf(n);
        Int8Checks.sameQuantization(n, x, y);
        String inShape = ctx.shape(n, x);
        String outShape = ctx.shape(n, y);
        String inPtr = ctx.ptr(x.name());
        String outPtr = ctx.ptr(y.name());
        String act;
        if (ctx.int8()) {
            int[] r = Int8Params.actRange(n, y);
            act = r[0] + ", " + r[1];
        } else {
            act = "&act";
        }
        String actDecl =
                ctx.int8()
                        ? ""
                        : "        static const tp_act_f32 act = "
                                + Int8Params.actF32(n.attributes().clamp())
                                + ";\n";
        if (n.op() == OpKind.GLOBAL_AVG_POOL) {
            return body ->
                    body.append(actDecl)
                            .append("        static const tp_shape in_shape = ")
                            .append(inShape)
                            .append(";\n        st = tp_global_avg_pool_")
                            .append(ctx.suffix())
                            .append('(')
                            .append(act)
                            .append(", &in_shape, ")
                            .append(inPtr)
                            .append(", ")
                            .append(outPtr)
                            .append(");\n");
        }
        int[] k = n.attributes().kernel();
        int[] s = n.attributes().strides();
        int[] p = n.attributes().pads();
        int[] d = n.attributes().dilations();
        boolean counted = n.op() == OpKind.AVG_POOL && n.attributes().countIncludePad();
        int padValue = counted && ctx.int8() ? x.quantization().zeroPoint() : 0;
        String pool =
                "{"
                        + k[0]
                        + ", "
                        + k[1]
                        + ", "
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
                        + p[2]
                        + ", "
                        + p[3]
                        + ", "
                        + (counted ? 1 : 0)
                        + ", "
                        + padValue
                        + "}";
        String kernel =
                (n.op() == OpKind.MAX_POOL ? "tp_max_pool_" : "tp_avg_pool_") + ctx.suffix();
        return body ->
                body.append(actDecl)
                        .append("        static const tp_pool_params pool = ")
                        .append(pool)
                        .append(";\n        static const tp_shape in_shape = ")
                        .append(inShape)
                        .append(", out_shape = ")
                        .append(outShape)
                        .append(";\n        st = ")
                        .append(kernel)
                        .append("(&pool, ")
                        .append(act)
                        .append(", &in_shape, ")
                        .append(inPtr)
                        .append(", &out_shape, ")
                        .append(outPtr)
                        .append(");\n");
    }
}
