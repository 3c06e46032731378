package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/** A standalone CLAMP → {@code tp_clamp_s8} / {@code tp_clamp_f32} (may run in place). */
final class ClampEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.CLAMP);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor x = ctx.graph().tensor(n.input(0));
        Tensor y = ctx.graph().outputOf(n);
        Int8Checks.sameQuantization(n, x, y);
        long size = y.elements();
        String in = ctx.ptr(x.name());
        String out = ctx.ptr(y.name());
        if (ctx.int8()) {
            int[] r = Int8Params.actRange(n, y);
            return body ->
                    body.append("        st = tp_clamp_s8(")
                            .append(r[0])
                            .append(", ")
                            .append(r[1])
                            .append(", ")
                            .append(in)
                            .append(", ")
                            .append(out)
                            .append(", ")
                            .append(size)
                            .append(");\n");
        }
        String act = Int8Params.actF32(n.attributes().clamp());
        return body ->
                body.append("        static const tp_act_f32 act = ")
                        .append(act)
                        .append(";\n")
                        .append("        st = tp_clamp_f32(&act, ")
                        .append(in)
                        .append(", ")
                        .append(out)
                        .append(", ")
                        .append(size)
                        .append(");\n");
    }
}
