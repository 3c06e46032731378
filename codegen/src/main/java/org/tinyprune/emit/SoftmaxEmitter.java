package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/** SOFTMAX (float graphs only) → {@code tp_softmax_f32} over all elements of a [1, N] tensor. */
final class SoftmaxEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.SOFTMAX);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        if (ctx.int8()) {
            throw new UnsupportedModelException(n.name(), "SOFTMAX", "the kernels have no int8 softmax; end the "
                    + "quantised graph at the logits");
        }
        Tensor x = ctx.graph().tensor(n.input(0));
        Tensor y = ctx.graph().outputOf(n);
        String in = ctx.ptr(x.name());
        String out = ctx.ptr(y.name());
        long size = y.elements();
        return body -> body.append("        st = tp_softmax_f32(").append(in).append(", ").append(out).append(", ")
                .append(size).append(");\n");
    }
}
