package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.int8.MulRescale;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Shapes;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * MUL → {@code tp_mul_s8} (TFLite rescale, parameters from {@link MulRescale}) / {@code
 * tp_mul_f32}. The factor b repeats every {@code input2_size} elements of a in device order: all of
 * them, one, C (one per channel, which NHWC stores innermost), or the trailing dimensions of an a
 * that is not rank 4 (row-major). A constant factor is stored in flash, in NHWC order when it has a
 * rank-4 a's elements (other ranks are stored row-major, as the IR declares them).
 */
final class MulEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.MUL);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor a = ctx.graph().tensor(n.input(0));
        Tensor b = ctx.graph().tensor(n.input(1));
        Tensor y = ctx.graph().outputOf(n);
        int[] r = Shapes.broadcastOf(a.shape(), b.shape());
        if (r == null) {
            throw fail(n, "input '" + b.name() + "' does not broadcast over '" + a.name() + "'");
        }
        long size = y.elements();
        int repeat = r[0];
        String pa = ctx.ptr(a.name());
        String pb = b.isConstant() ? constant(n, ctx, a, b) : ctx.ptr(b.name());
        String py = ctx.ptr(y.name());
        if (!ctx.int8()) {
            String act = Int8Params.actF32(n.attributes().clamp());
            return body ->
                    body.append("        static const tp_act_f32 act = ")
                            .append(act)
                            .append(";\n")
                            .append("        st = tp_mul_f32(&act, ")
                            .append(pa)
                            .append(", ")
                            .append(pb)
                            .append(", ")
                            .append(py)
                            .append(", ")
                            .append(size)
                            .append(", ")
                            .append(repeat)
                            .append(");\n");
        }
        Quantization qa = a.quantization();
        Quantization qb = b.quantization();
        Quantization qy = y.quantization();
        if (qb == null || qb.isPerAxis()) {
            throw fail(
                    n,
                    "factor '" + b.name() + "' must be int8 with per-tensor quantisation, is " + b);
        }
        MulRescale m;
        try {
            m =
                    MulRescale.of(
                            qa.scale(),
                            qa.zeroPoint(),
                            qb.scale(),
                            qb.zeroPoint(),
                            qy.scale(),
                            qy.zeroPoint());
        } catch (IllegalArgumentException e) {
            throw fail(n, e.getMessage());
        }
        int[] act = Int8Params.actRange(n, y);
        String params =
                "{"
                        + m.inputAOffset()
                        + ", "
                        + m.inputBOffset()
                        + ", "
                        + m.outputOffset()
                        + ", "
                        + CLiterals.int32(m.outputMultiplier().multiplier())
                        + ", "
                        + m.outputMultiplier().shift()
                        + ", "
                        + act[0]
                        + ", "
                        + act[1]
                        + "}";
        return body ->
                body.append("        static const tp_mul_params params = ")
                        .append(params)
                        .append(";\n")
                        .append("        st = tp_mul_s8(&params, ")
                        .append(pa)
                        .append(", ")
                        .append(pb)
                        .append(", ")
                        .append(py)
                        .append(", ")
                        .append(size)
                        .append(", ")
                        .append(repeat)
                        .append(");\n");
    }

    /** Declares a constant factor in the kernel's order; returns its C name. */
    private static String constant(Node n, EmitContext ctx, Tensor a, Tensor b)
            throws UnsupportedModelException {
        int[] perm = null;
        if (b.elements() == a.elements() && b.elements() > 1 && a.rank() == 4) {
            if (a.dim(0) != 1) {
                throw fail(
                        n,
                        "a constant factor of the full shape "
                                + java.util.Arrays.toString(a.shape())
                                + " over several images is not supported");
            }
            perm = Layouts.nhwcFromNchw(a.dim(1), a.dim(2), a.dim(3));
        }
        String name = n.name() + "_factor";
        return switch (b.dtype()) {
            case FLOAT32 ->
                    ctx.floatArray(
                            name,
                            perm == null ? b.floatData() : Layouts.apply(b.floatData(), perm));
            case INT8 ->
                    ctx.int8Array(
                            name, perm == null ? b.int8Data() : Layouts.apply(b.int8Data(), perm));
            case INT32 ->
                    throw fail(n, "factor '" + b.name() + "' is int32; expected float or int8");
        };
    }

    private static UnsupportedModelException fail(Node n, String why) {
        return new UnsupportedModelException(n.name(), n.op().toString(), why);
    }
}
