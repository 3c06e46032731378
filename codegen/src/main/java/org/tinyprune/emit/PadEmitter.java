package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * PAD (one the pad-folding pass could not merge into its reader) → {@code tp_pad_s8} with the
 * input zero point as the border value (real 0) / {@code tp_pad_f32}.
 */
final class PadEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.PAD);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor x = ctx.graph().tensor(n.input(0));
        Tensor y = ctx.graph().outputOf(n);
        Int8Checks.sameQuantization(n, x, y);
        String inShape = ctx.shape(n, x);
        String outShape = ctx.shape(n, y);
        int[] p = n.attributes().pads();
        String in = ctx.ptr(x.name());
        String out = ctx.ptr(y.name());
        String value = ctx.int8() ? ", " + x.quantization().zeroPoint() : "";
        return body -> body.append("        static const tp_shape in_shape = ").append(inShape).append(", out_shape = ")
                .append(outShape).append(";\n        st = tp_pad_").append(ctx.suffix()).append('(').append(p[0])
                .append(", ").append(p[1]).append(value).append(", &in_shape, ").append(in).append(", &out_shape, ")
                .append(out).append(");\n");
    }
}
