package org.tinyprune.onnx.op;

import org.tinyprune.ir.Quantization;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Scale and zero-point inputs of QuantizeLinear / DequantizeLinear as an IR {@link Quantization}.
 * UINT8 zero points are mapped to INT8 by subtracting 128, which represents exactly the same real
 * values ({@code u8 - 128} with zero point {@code zp - 128}).
 */
final class QuantParams {
    /** The quantisation (int8 form). */
    final Quantization quantization;

    /** The ONNX integer type of the quantised side (INT8, UINT8 or INT32). */
    final DataType type;

    private QuantParams(Quantization q, DataType type) {
        this.quantization = q;
        this.type = type;
    }

    /**
     * Reads inputs 1 (scale) and 2 (zero point, optional) of {@code node}.
     *
     * @param rank rank of the tensor being (de)quantised, to normalise a negative axis
     * @param valueType the integer type when there is no zero-point input to say it
     */
    static QuantParams read(
            NodeProto node, ImportContext ctx, NodeAttributes a, int rank, DataType valueType)
            throws UnsupportedModelException {
        a.require("block_size", 0, "blocked quantisation is not supported");
        TensorProto scale = ctx.initializer(node, 1);
        if (scale == null || InitializerValues.type(scale) != DataType.FLOAT) {
            throw a.fail("the scale must be a FLOAT initializer or Constant");
        }
        float[] s = InitializerValues.floats(scale);
        if (s.length == 0) {
            throw a.fail("scale '" + scale.getName() + "' holds no value");
        }
        for (float v : s) {
            if (!(v >= Float.MIN_NORMAL) || Float.isInfinite(v)) {
                throw a.fail(
                        "scale '"
                                + scale.getName()
                                + "' holds "
                                + v
                                + "; a quantisation scale must be a finite "
                                + "number > 0 (at least "
                                + Float.MIN_NORMAL
                                + ")");
            }
        }
        DataType type = valueType;
        int[] zp = new int[s.length];
        TensorProto z = ctx.initializer(node, 2);
        if (ImportContext.hasInput(node, 2)) {
            if (z == null) {
                throw a.fail("the zero point must be an initializer or Constant");
            }
            type = InitializerValues.type(z);
            zp = InitializerValues.ints(z);
            if (zp.length != s.length) {
                throw a.fail("scale has " + s.length + " values but zero point " + zp.length);
            }
        }
        if (type != DataType.INT8 && type != DataType.UINT8 && type != DataType.INT32) {
            throw a.fail(
                    "quantised type "
                            + type
                            + " is not supported (use INT8, UINT8, or INT32 for biases)");
        }
        if (type == DataType.UINT8) {
            for (int i = 0; i < zp.length; i++) {
                zp[i] -= 128;
            }
        }
        long axis = a.integer("axis", 1);
        axis = axis < 0 ? axis + rank : axis;
        boolean perAxis = scale.getDimsCount() == 1 && rank > 0;
        if (scale.getDimsCount() > 1) {
            throw a.fail("scale must be a scalar or 1-D");
        }
        try {
            Quantization q =
                    perAxis
                            ? Quantization.perAxis(s, zp, (int) axis)
                            : Quantization.perTensor(s[0], zp[0]);
            return new QuantParams(q, type);
        } catch (IllegalArgumentException e) {
            throw a.fail(e.getMessage());
        }
    }
}
