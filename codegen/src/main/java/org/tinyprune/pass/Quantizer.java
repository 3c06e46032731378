package org.tinyprune.pass;

import org.tinyprune.ir.DType;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/** The constant arithmetic of {@link FoldQdq}: quantising float constants, weights and biases. */
final class Quantizer {
    private Quantizer() {}

    /**
     * ONNX QuantizeLinear of a float constant into the (int8) quantisation of {@code out}: round
     * half to even, saturate.
     */
    static Tensor constant(Tensor x, Tensor out) {
        float[] v = x.floatData();
        Quantization q = out.quantization();
        int axis = q.axis();
        int[] shape = x.shape();
        int inner = 1;
        for (int d = axis + 1; axis >= 0 && d < shape.length; d++) {
            inner *= shape[d];
        }
        byte[] r = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = axis < 0 ? 0 : (i / inner) % shape[axis];
            double s = Math.rint(v[i] / q.scale(c)) + q.zeroPoint(c);
            r[i] = (byte) Math.max(-128, Math.min(127, s));
        }
        return Tensor.constant(out.name(), shape, r, q);
    }

    /**
     * Int8 weights with per-output-channel (axis 0) quantisation; per-tensor scales are repeated
     * per channel.
     */
    static Tensor weights(Tensor w, Node n) throws UnsupportedModelException {
        if (w.dtype() != DType.INT8 || !w.isConstant()) {
            throw FoldQdq.fail(n, "weight '" + w.name() + "' must be an int8 constant, is " + w);
        }
        Quantization q = w.quantization();
        if (q.isPerAxis()) {
            if (q.axis() != 0) {
                throw FoldQdq.fail(
                        n,
                        "weight '"
                                + w.name()
                                + "' is quantised along axis "
                                + q.axis()
                                + "; only per-output-channel (axis 0) or per-tensor weights are supported");
            }
            return w;
        }
        int cout = w.dim(0);
        float[] s = new float[cout];
        int[] zp = new int[cout];
        java.util.Arrays.fill(s, q.scale());
        java.util.Arrays.fill(zp, q.zeroPoint());
        return Tensor.constant(w.name(), w.shape(), w.int8Data(), Quantization.perAxis(s, zp, 0));
    }

    /**
     * An int32 bias with scale {@code inputScale × weightScale[o]} and zero point 0. A bias already
     * in that form keeps its values; otherwise its real values are requantised (round half to
     * even).
     */
    static Tensor bias(Tensor b, float inputScale, Quantization wq, Node n)
            throws UnsupportedModelException {
        int cout = wq.size();
        if (b.rank() != 1 || b.dim(0) != cout) {
            throw FoldQdq.fail(
                    n, "bias '" + b.name() + "' must have shape [" + cout + "], is " + b);
        }
        float[] scale = new float[cout];
        for (int o = 0; o < cout; o++) {
            scale[o] = inputScale * wq.scale(o);
            if (!(scale[o] >= Float.MIN_NORMAL) || Float.isInfinite(scale[o])) {
                throw FoldQdq.fail(
                        n,
                        "bias scale of channel "
                                + o
                                + " = input scale "
                                + inputScale
                                + " x weight scale "
                                + wq.scale(o)
                                + " = "
                                + scale[o]
                                + " is not a usable float scale; the model's scales are "
                                + "damaged");
            }
        }
        Quantization want = Quantization.perAxis(scale, 0);
        if (b.dtype() == DType.INT32 && sameScales(b.quantization(), want, cout)) {
            return Tensor.constant(b.name(), b.shape(), b.int32Data(), want);
        }
        int[] r = new int[cout];
        for (int o = 0; o < cout; o++) {
            double real =
                    switch (b.dtype()) {
                        case FLOAT32 -> b.floatData()[o];
                        case INT32 ->
                                (double) b.quantization().scale(o)
                                        * (b.int32Data()[o] - b.quantization().zeroPoint(o));
                        case INT8 ->
                                throw FoldQdq.fail(
                                        n,
                                        "bias '"
                                                + b.name()
                                                + "' is int8; biases must be int32 or float");
                    };
            double q = Math.rint(real / scale[o]);
            if (q < Integer.MIN_VALUE || q > Integer.MAX_VALUE) {
                throw FoldQdq.fail(
                        n,
                        "bias "
                                + real
                                + " of channel "
                                + o
                                + " overflows int32 at scale "
                                + scale[o]);
            }
            r[o] = (int) q;
        }
        return Tensor.constant(b.name() + "_q", b.shape(), r, want);
    }

    private static boolean sameScales(Quantization have, Quantization want, int n) {
        for (int o = 0; o < n; o++) {
            if (have.zeroPoint(o) != 0
                    || Math.abs(have.scale(o) - want.scale(o)) > 1e-6 * want.scale(o)) {
                return false;
            }
        }
        return true;
    }
}
