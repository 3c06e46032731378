package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.int8.PadBorder;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * PAD (one the pad-folding pass could not merge into its reader, or one with a value other than 0)
 * → {@code tp_pad_s8} with the border code from {@link PadBorder} (the zero point for real 0) /
 * {@code tp_pad_f32} with the value.
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
        String value =
                ", "
                        + (ctx.int8()
                                ? Integer.toString(PadBorder.of(ctx.graph(), n))
                                : CLiterals.float32(floatValue(n, ctx)));
        return body ->
                body.append("        static const tp_shape in_shape = ")
                        .append(inShape)
                        .append(", out_shape = ")
                        .append(outShape)
                        .append(";\n        st = tp_pad_")
                        .append(ctx.suffix())
                        .append('(')
                        .append(p[0])
                        .append(", ")
                        .append(p[1])
                        .append(value)
                        .append(", &in_shape, ")
                        .append(in)
                        .append(", &out_shape, ")
                        .append(out)
                        .append(");\n");
    }

    /** A float PAD's border value: 0, or its one-element float constant input. */
    private static float floatValue(Node n, EmitContext ctx) throws UnsupportedModelException {
        if (n.inputs().size() < 2) {
            return 0f;
        }
        Tensor v = ctx.graph().tensor(n.input(1));
        if (!v.isConstant() || v.dtype() != DType.FLOAT32 || v.elements() != 1) {
            throw new UnsupportedModelException(
                    n.name(),
                    "PAD",
                    "pad value '" + v.name() + "' must be a one-element float constant, is " + v);
        }
        return v.floatData()[0];
    }
}
