package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.int8.LookupTable;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * SIGMOID, HARD_SIGMOID, HARD_SWISH → {@code tp_lut_s8} with the node's {@link LookupTable} (int8)
 * / {@code tp_sigmoid_f32}, {@code tp_hard_sigmoid_f32}, {@code tp_hard_swish_f32} (float). Any
 * rank: the kernels see {@code size} elements; may run in place.
 */
final class ActivationEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.SIGMOID, OpKind.HARD_SIGMOID, OpKind.HARD_SWISH);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor x = ctx.graph().tensor(n.input(0));
        Tensor y = ctx.graph().outputOf(n);
        long size = y.elements();
        String in = ctx.ptr(x.name());
        String out = ctx.ptr(y.name());
        if (ctx.int8()) {
            byte[] values;
            try {
                values = LookupTable.of(ctx.graph(), n);
            } catch (IllegalArgumentException e) {
                throw new UnsupportedModelException(n.name(), n.op().toString(), e.getMessage());
            }
            String table = ctx.int8Array(n.name() + "_table", values);
            return body ->
                    body.append("        st = tp_lut_s8(")
                            .append(table)
                            .append(", ")
                            .append(in)
                            .append(", ")
                            .append(out)
                            .append(", ")
                            .append(size)
                            .append(");\n");
        }
        String call =
                switch (n.op()) {
                    case SIGMOID -> "tp_sigmoid_f32(";
                    case HARD_SWISH -> "tp_hard_swish_f32(";
                    default -> {
                        float[] p = ctx.graph().tensor(n.input(1)).floatData();
                        yield "tp_hard_sigmoid_f32("
                                + CLiterals.float32(p[0])
                                + ", "
                                + CLiterals.float32(p[1])
                                + ", ";
                    }
                };
        return body ->
                body.append("        st = ")
                        .append(call)
                        .append(in)
                        .append(", ")
                        .append(out)
                        .append(", ")
                        .append(size)
                        .append(");\n");
    }
}
