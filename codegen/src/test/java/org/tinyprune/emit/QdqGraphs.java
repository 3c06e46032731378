package org.tinyprune.emit;

import java.util.List;
import java.util.Random;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * QDQ test models laid out as ONNX Runtime's static quantiser writes them: QuantizeLinear /
 * DequantizeLinear after every op, int8 weights (7 bits, see {@link QdqCodegenTest}) per channel
 * behind DequantizeLinear, int32 biases at input scale × weight scale. Value-moving ops must be
 * given their input's scale and zero point.
 */
final class QdqGraphs {
    /** A weight scale drawn from {@code r}, uniform in [0, 1). */
    interface ScaleDraw {
        float scale(float r);
    }

    private final OnnxModelBuilder b;
    private final Random rnd;
    private int n;
    private boolean unsigned;

    /** A graph with input {@code x} of shape {@code [N, inputShape[1:]...]}. */
    QdqGraphs(String name, long seed, long... inputShape) {
        this(name, seed);
        b.input(
                OnnxValueInfos.batched(
                        "x",
                        DataType.FLOAT,
                        "N",
                        java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length)));
    }

    /** A graph without inputs or outputs yet: declare them on {@link #builder()}. */
    QdqGraphs(String name, long seed) {
        b = new OnnxModelBuilder(name);
        rnd = new Random(seed);
    }

    /** The underlying builder, for inputs, outputs and nodes with fixed names. */
    OnnxModelBuilder builder() {
        return b;
    }

    /** Sets the default-domain opset. */
    QdqGraphs opset(int version) {
        b.opset(version);
        return this;
    }

    /**
     * From now on {@link #qdq} writes uint8 zero points ({@code zp + 128}), as older ONNX Runtime
     * quantisers did for activations.
     */
    QdqGraphs unsignedActivations(boolean on) {
        unsigned = on;
        return this;
    }

    /** QuantizeLinear + DequantizeLinear of {@code x}; returns the dequantised name. */
    String qdq(String x, float scale, int zp) {
        String s = "s" + n;
        String z = "z" + n;
        b.initializer(OnnxTensors.floats(s, new long[0], new float[] {scale}));
        b.initializer(
                unsigned
                        ? TensorProto.newBuilder()
                                .setName(z)
                                .setDataType(DataType.UINT8.getNumber())
                                .setRawData(
                                        com.google.protobuf.ByteString.copyFrom(
                                                new byte[] {(byte) (zp + 128)}))
                                .build()
                        : OnnxTensors.int8s(z, new long[0], new byte[] {(byte) zp}));
        String q = "q" + n;
        String d = "d" + n;
        b.node("QuantizeLinear", "Q" + n, List.of(x, s, z), List.of(q));
        b.node("DequantizeLinear", "DQ" + n++, List.of(q, s, z), List.of(d));
        return d;
    }

    /** An op on float inputs; returns its output name. */
    String op(String type, List<String> in, AttributeProto... attrs) {
        String out = type.toLowerCase() + n;
        b.node(type, type + "_" + n++, in, List.of(out), attrs);
        return out;
    }

    /** A constant initializer. */
    String init(TensorProto t) {
        b.initializer(t);
        return t.getName();
    }

    /**
     * Per-channel int8 weights {@code dims} (7 bits) with scales in [0.002, 0.006), and an int32
     * bias at {@code sIn} × weight scale: {dqW, dqB}.
     */
    String[] weights(long[] dims, float sIn, int axis) {
        return weights(dims, sIn, axis, r -> 0.002f + r * 0.004f);
    }

    /** As {@link #weights(long[], float, int)}, the weight scales drawn by {@code scale}. */
    String[] weights(long[] dims, float sIn, int axis, ScaleDraw scale) {
        int cout = (int) dims[axis];
        int count = (int) OnnxTensors.size(dims);
        byte[] w = new byte[count];
        for (int i = 0; i < count; i++) {
            w[i] = (byte) (rnd.nextInt(127) - 63);
        }
        float[] sw = new float[cout];
        float[] sb = new float[cout];
        int[] bias = new int[cout];
        for (int o = 0; o < cout; o++) {
            sw[o] = scale.scale(rnd.nextFloat());
            sb[o] = sIn * sw[o];
            bias[o] = rnd.nextInt(2001) - 1000;
        }
        String id = "W" + n++;
        b.initializer(OnnxTensors.int8s(id, dims, w));
        b.initializer(OnnxTensors.floats(id + "_s", new long[] {cout}, sw));
        b.initializer(OnnxTensors.int8s(id + "_z", new long[] {cout}, new byte[cout]));
        b.initializer(OnnxTensors.int32s(id + "_b", new long[] {cout}, bias));
        b.initializer(OnnxTensors.floats(id + "_bs", new long[] {cout}, sb));
        b.initializer(OnnxTensors.int32s(id + "_bz", new long[] {cout}, new int[cout]));
        b.node(
                "DequantizeLinear",
                id + "_dq",
                List.of(id, id + "_s", id + "_z"),
                List.of(id + "_f"),
                OnnxAttributes.of("axis", (long) axis));
        b.node(
                "DequantizeLinear",
                id + "_bdq",
                List.of(id + "_b", id + "_bs", id + "_bz"),
                List.of(id + "_bf"),
                OnnxAttributes.of("axis", 0L));
        return new String[] {id + "_f", id + "_bf"};
    }

    /**
     * A DequantizeLinear of an int8 constant (values in [-127, 127]) with one scale and zero point.
     */
    String constant(long[] dims, float scale, int zp) {
        int count = (int) OnnxTensors.size(dims);
        byte[] v = new byte[count];
        for (int i = 0; i < count; i++) {
            v[i] = (byte) (rnd.nextInt(255) - 127);
        }
        String id = "K" + n++;
        b.initializer(OnnxTensors.int8s(id, dims, v));
        b.initializer(OnnxTensors.floats(id + "_s", new long[0], new float[] {scale}));
        b.initializer(OnnxTensors.int8s(id + "_z", new long[0], new byte[] {(byte) zp}));
        b.node(
                "DequantizeLinear",
                id + "_dq",
                List.of(id, id + "_s", id + "_z"),
                List.of(id + "_f"));
        return id + "_f";
    }

    /** A quantised k×k conv (pads k/2) of {@code x} (scale sIn) → ReLU → QDQ at (sOut, zpOut). */
    String conv(String x, float sIn, long cin, long cout, int k, float sOut, int zpOut) {
        String[] w = weights(new long[] {cout, cin, k, k}, sIn, 0);
        String c =
                op(
                        "Conv",
                        List.of(x, w[0], w[1]),
                        OnnxAttributes.ints("pads", k / 2, k / 2, k / 2, k / 2));
        return qdq(op("Relu", List.of(c)), sOut, zpOut);
    }

    /** Gemm of a 2-D {@code x} (scale sIn) with {@code out} outputs, QDQ at (sOut, zpOut). */
    String gemm(String x, float sIn, long in, long out, float sOut, int zpOut) {
        String[] w = weights(new long[] {out, in}, sIn, 0);
        return qdq(
                op("Gemm", List.of(x, w[0], w[1]), OnnxAttributes.of("transB", 1L)), sOut, zpOut);
    }

    /** The model with {@code output} (a dequantised value) of shape {@code [N, rest...]}. */
    ModelProto build(String output, long... rest) {
        b.output(OnnxValueInfos.batched(output, DataType.FLOAT, "N", rest));
        return b.build();
    }
}
