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
    private final OnnxModelBuilder b;
    private final Random rnd;
    private int n;

    QdqGraphs(String name, long seed, long... inputShape) {
        b = new OnnxModelBuilder(name);
        rnd = new Random(seed);
        b.input(OnnxValueInfos.batched("x", DataType.FLOAT, "N", java.util.Arrays.copyOfRange(inputShape, 1,
                inputShape.length)));
    }

    /** QuantizeLinear + DequantizeLinear of {@code x}; returns the dequantised name. */
    String qdq(String x, float scale, int zp) {
        String s = "s" + n;
        String z = "z" + n;
        b.initializer(OnnxTensors.floats(s, new long[0], new float[] {scale}));
        b.initializer(OnnxTensors.int8s(z, new long[0], new byte[] {(byte) zp}));
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

    /** Per-channel int8 weights {@code dims} and an int32 bias at {@code sIn} × weight scale: {dqW, dqB}. */
    String[] weights(long[] dims, float sIn, int axis) {
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
            sw[o] = 0.002f + rnd.nextFloat() * 0.004f;
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
        b.node("DequantizeLinear", id + "_dq", List.of(id, id + "_s", id + "_z"), List.of(id + "_f"),
                OnnxAttributes.of("axis", (long) axis));
        b.node("DequantizeLinear", id + "_bdq", List.of(id + "_b", id + "_bs", id + "_bz"), List.of(id + "_bf"),
                OnnxAttributes.of("axis", 0L));
        return new String[] {id + "_f", id + "_bf"};
    }

    /** A quantised k×k conv (pads k/2) of {@code x} (scale sIn) → ReLU → QDQ at (sOut, zpOut). */
    String conv(String x, float sIn, long cin, long cout, int k, float sOut, int zpOut) {
        String[] w = weights(new long[] {cout, cin, k, k}, sIn, 0);
        String c = op("Conv", List.of(x, w[0], w[1]), OnnxAttributes.ints("pads", k / 2, k / 2, k / 2, k / 2));
        return qdq(op("Relu", List.of(c)), sOut, zpOut);
    }

    /** Gemm of a 2-D {@code x} (scale sIn) with {@code out} outputs, QDQ at (sOut, zpOut). */
    String gemm(String x, float sIn, long in, long out, float sOut, int zpOut) {
        String[] w = weights(new long[] {out, in}, sIn, 0);
        return qdq(op("Gemm", List.of(x, w[0], w[1]), OnnxAttributes.of("transB", 1L)), sOut, zpOut);
    }

    /** The model with {@code output} (a dequantised value) of shape {@code [N, rest...]}. */
    ModelProto build(String output, long... rest) {
        b.output(OnnxValueInfos.batched(output, DataType.FLOAT, "N", rest));
        return b.build();
    }
}
