package org.tinyprune.onnx;

import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;
import org.tinyprune.onnx.proto.Onnx.TensorShapeProto;
import org.tinyprune.onnx.proto.Onnx.TypeProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * Builds {@link ValueInfoProto}s: the declared type and shape of graph inputs, outputs and
 * intermediate values.
 */
public final class OnnxValueInfos {

    private OnnxValueInfos() {}

    /** A tensor value of element type {@code type} and fixed shape {@code dims}. */
    public static ValueInfoProto tensor(String name, DataType type, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "value '"
                                + name
                                + "': dimension "
                                + d
                                + " is negative; use batched(...) for a"
                                + " symbolic batch dimension");
            }
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return build(name, type, shape);
    }

    /**
     * A tensor value whose first dimension is the symbolic {@code batchParam} (for example "N"), so
     * the model accepts any batch size, followed by the fixed {@code rest} dimensions.
     */
    public static ValueInfoProto batched(
            String name, DataType type, String batchParam, long... rest) {
        if (batchParam == null || batchParam.isBlank()) {
            throw new IllegalArgumentException(
                    "value '"
                            + name
                            + "': the batch dimension needs a non-empty symbolic name such as \"N\"");
        }
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batchParam));
        for (long d : rest) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return build(name, type, shape);
    }

    /** The element type of a tensor value. */
    public static DataType elemType(ValueInfoProto v) {
        return DataType.forNumber(v.getType().getTensorType().getElemType());
    }

    /** The shape of a tensor value, with {@code -1} for symbolic or unknown dimensions. */
    public static long[] dims(ValueInfoProto v) {
        TensorShapeProto shape = v.getType().getTensorType().getShape();
        long[] dims = new long[shape.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            dims[i] = d.hasDimValue() ? d.getDimValue() : -1;
        }
        return dims;
    }

    private static ValueInfoProto build(
            String name, DataType type, TensorShapeProto.Builder shape) {
        TypeProto.Tensor tensorType =
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensorType))
                .build();
    }
}
