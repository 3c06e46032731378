package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/** CONCAT along channels → {@code tp_concat_s8} / {@code tp_concat_f32}. */
final class ConcatEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.CONCAT);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor y = ctx.graph().outputOf(n);
        if (n.attributes().axis() != 1) {
            throw new UnsupportedModelException(n.name(), "CONCAT", "only concatenation along channels (axis 1) is "
                    + "supported, got axis " + n.attributes().axis());
        }
        int[] hwc = ctx.hwc(n, y);
        StringBuilder channels = new StringBuilder();
        StringBuilder inputs = new StringBuilder();
        for (String in : n.inputs()) {
            Tensor t = ctx.graph().tensor(in);
            Int8Checks.sameQuantization(n, t, y);
            channels.append(channels.length() == 0 ? "" : ", ").append(t.dim(1));
            inputs.append(inputs.length() == 0 ? "" : ", ").append(ctx.ptr(in));
        }
        String type = ctx.elementType();
        int count = n.inputs().size();
        String out = ctx.ptr(y.name());
        return body -> body.append("        static const int32_t channels[").append(count).append("] = {")
                .append(channels).append("};\n")
                .append("        const ").append(type).append(" *const inputs[").append(count).append("] = {")
                .append(inputs).append("};\n")
                .append("        st = tp_concat_").append(ctx.suffix()).append('(').append(count)
                .append(", inputs, channels, ").append(hwc[0] * hwc[1]).append(", ").append(out).append(");\n");
    }
}
