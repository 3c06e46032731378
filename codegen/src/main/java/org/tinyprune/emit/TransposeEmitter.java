package org.tinyprune.emit;

import java.util.Arrays;
import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.DeviceLayout;

/**
 * TRANSPOSE and CHANNEL_SHUFFLE → {@code tp_transpose_s8} / {@code tp_transpose_f32} over the
 * device bytes ({@link DeviceLayout#move}: NHWC for 4-D tensors, row-major otherwise; axes merged
 * to at most four). Values move unchanged, so int8 input and output share one quantisation.
 */
final class TransposeEmitter implements OpEmitter {
    /** Most dimensions the kernel takes ({@code TP_TRANSPOSE_MAX_DIMS}). */
    static final int MAX_DIMS = 4;

    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.TRANSPOSE, OpKind.CHANNEL_SHUFFLE);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor x = ctx.graph().tensor(n.input(0));
        Tensor y = ctx.graph().outputOf(n);
        Int8Checks.sameQuantization(n, x, y);
        ctx.hwc(n, x);
        ctx.hwc(n, y);
        return call(n, ctx, DeviceLayout.move(ctx.graph(), n), x, y);
    }

    /**
     * The kernel call moving {@code x} to {@code y} by the device-level {@code move {dims, perm}}.
     */
    static Emission call(Node n, EmitContext ctx, int[][] move, Tensor x, Tensor y)
            throws UnsupportedModelException {
        int[] dims = move[0];
        int[] perm = move[1];
        if (dims.length > MAX_DIMS) {
            throw new UnsupportedModelException(
                    n.name(),
                    n.op().toString(),
                    "moving "
                            + x
                            + " to "
                            + y
                            + " needs a "
                            + dims.length
                            + "-D transpose "
                            + Arrays.toString(perm)
                            + " of device dims "
                            + Arrays.toString(dims)
                            + "; the kernel handles at most "
                            + MAX_DIMS);
        }
        StringBuilder d = new StringBuilder();
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < MAX_DIMS; i++) {
            d.append(i == 0 ? "" : ", ").append(i < dims.length ? dims[i] : 0);
            p.append(i == 0 ? "" : ", ").append(i < perm.length ? perm[i] : 0);
        }
        String params = "{" + dims.length + ", {" + d + "}, {" + p + "}}";
        String in = ctx.ptr(x.name());
        String out = ctx.ptr(y.name());
        return body ->
                body.append("        static const tp_transpose_params move = ")
                        .append(params)
                        .append(";\n")
                        .append("        st = tp_transpose_")
                        .append(ctx.suffix())
                        .append("(&move, ")
                        .append(in)
                        .append(", ")
                        .append(out)
                        .append(");\n");
    }
}
