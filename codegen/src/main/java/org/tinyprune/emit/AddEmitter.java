package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.int8.AddRescale;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * ADD → {@code tp_add_s8} (TFLite rescale, parameters from {@link AddRescale}) / {@code
 * tp_add_f32}. A float constant operand (already of the output's shape) is stored in flash in
 * device order (NHWC for rank 4).
 */
final class AddEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.ADD);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor a = ctx.graph().tensor(n.input(0));
        Tensor b = ctx.graph().tensor(n.input(1));
        Tensor y = ctx.graph().outputOf(n);
        ctx.hwc(n, y);
        long size = y.elements();
        String pa = ctx.ptr(a.name());
        String py = ctx.ptr(y.name());
        if (b.isConstant()) {
            if (ctx.int8() || b.dtype() != DType.FLOAT32) {
                throw new UnsupportedModelException(
                        n.name(),
                        "ADD",
                        "constant operand '"
                                + b.name()
                                + "' is "
                                + b
                                + "; only float graphs add a constant");
            }
        }
        String pb =
                b.isConstant()
                        ? ctx.floatArray(n.name() + "_addend", deviceOrder(b))
                        : ctx.ptr(b.name());
        if (!ctx.int8()) {
            String act = Int8Params.actF32(n.attributes().clamp());
            return body ->
                    body.append("        static const tp_act_f32 act = ")
                            .append(act)
                            .append(";\n")
                            .append("        st = tp_add_f32(&act, ")
                            .append(pa)
                            .append(", ")
                            .append(pb)
                            .append(", ")
                            .append(py)
                            .append(", ")
                            .append(size)
                            .append(");\n");
        }
        Quantization qa = a.quantization();
        Quantization qb = b.quantization();
        Quantization qy = y.quantization();
        AddRescale r =
                AddRescale.of(
                        qa.scale(),
                        qa.zeroPoint(),
                        qb.scale(),
                        qb.zeroPoint(),
                        qy.scale(),
                        qy.zeroPoint());
        int[] act = Int8Params.actRange(n, y);
        String params =
                "{"
                        + r.inputAOffset()
                        + ", "
                        + CLiterals.int32(r.inputAMultiplier().multiplier())
                        + ", "
                        + r.inputAMultiplier().shift()
                        + ", "
                        + r.inputBOffset()
                        + ", "
                        + CLiterals.int32(r.inputBMultiplier().multiplier())
                        + ", "
                        + r.inputBMultiplier().shift()
                        + ", "
                        + AddRescale.LEFT_SHIFT
                        + ", "
                        + r.outputOffset()
                        + ", "
                        + CLiterals.int32(r.outputMultiplier().multiplier())
                        + ", "
                        + r.outputMultiplier().shift()
                        + ", "
                        + act[0]
                        + ", "
                        + act[1]
                        + "}";
        return body ->
                body.append("        static const tp_add_params params = ")
                        .append(params)
                        .append(";\n")
                        .append("        st = tp_add_s8(&params, ")
                        .append(pa)
                        .append(", ")
                        .append(pb)
                        .append(", ")
                        .append(py)
                        .append(", ")
                        .append(size)
                        .append(");\n");
    }

    /**
     * A float constant's values in device order: NHWC image after image for rank 4, otherwise
     * row-major.
     */
    private static float[] deviceOrder(Tensor b) {
        float[] v = b.floatData();
        if (b.rank() != 4) {
            return v;
        }
        int per = b.dim(1) * b.dim(2) * b.dim(3);
        int[] perm = Layouts.nhwcFromNchw(b.dim(1), b.dim(2), b.dim(3));
        float[] out = new float[v.length];
        for (int i = 0; i < b.dim(0); i++) {
            float[] image =
                    Layouts.apply(java.util.Arrays.copyOfRange(v, i * per, (i + 1) * per), perm);
            System.arraycopy(image, 0, out, i * per, per);
        }
        return out;
    }
}
