package org.tinyprune.emit;

import java.util.List;
import java.util.Random;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/** Small float ONNX graphs written with the project's ONNX builders, random weights from a seed. */
final class OnnxGraphs {
    private final OnnxModelBuilder b;
    private final Random rnd;
    private int count;

    OnnxGraphs(String name, long seed, long... inputShape) {
        b = new OnnxModelBuilder(name);
        rnd = new Random(seed);
        b.input(
                OnnxValueInfos.batched(
                        "x",
                        DataType.FLOAT,
                        "N",
                        java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length)));
    }

    /** Sets the default-domain opset (HardSwish needs 14). */
    OnnxGraphs opset(int version) {
        b.opset(version);
        return this;
    }

    String init(long... dims) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * 0.3);
        }
        String name = "p" + count++;
        b.initializer(OnnxTensors.floats(name, dims, v));
        return name;
    }

    void initRaw(org.tinyprune.onnx.proto.Onnx.TensorProto t) {
        b.initializer(t);
    }

    String positive(long n) {
        float[] v = new float[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.5f + rnd.nextFloat();
        }
        String name = "p" + count++;
        b.initializer(OnnxTensors.floats(name, new long[] {n}, v));
        return name;
    }

    String op(String type, List<String> in, AttributeProto... attrs) {
        String out = type.toLowerCase() + count;
        b.node(type, type + "_" + count++, in, List.of(out), attrs);
        return out;
    }

    /**
     * A Dropout with optional ratio and training_mode inputs ("" for absent) and a mask output
     * named mask*.
     */
    String dropoutWithMask(String x, String ratio, String training) {
        String out = "dropout" + count;
        String mask = "mask" + count;
        List<String> in =
                training.isEmpty()
                        ? (ratio.isEmpty() ? List.of(x) : List.of(x, ratio))
                        : List.of(x, ratio, training);
        b.node("Dropout", "Dropout_" + count++, in, List.of(out, mask));
        return out;
    }

    String conv(
            String x, long cin, long cout, int k, int stride, int pad, int group, boolean bias) {
        String w = init(cout, cin / group, k, k);
        List<String> in = bias ? List.of(x, w, init(cout)) : List.of(x, w);
        return op(
                "Conv",
                in,
                OnnxAttributes.ints("kernel_shape", k, k),
                OnnxAttributes.ints("strides", stride, stride),
                OnnxAttributes.ints("pads", pad, pad, pad, pad),
                OnnxAttributes.of("group", group));
    }

    String batchNorm(String x, long c) {
        return op(
                "BatchNormalization",
                List.of(x, positive(c), init(c), init(c), positive(c)),
                OnnxAttributes.of("epsilon", 1e-3f));
    }

    String clip(String x, float lo, float hi) {
        String a = "c" + count++;
        String c = "c" + count++;
        b.initializer(OnnxTensors.scalar(a, lo));
        b.initializer(OnnxTensors.scalar(c, hi));
        return op("Clip", List.of(x, a, c));
    }

    ModelProto build(String output, long... shape) {
        b.output(
                OnnxValueInfos.batched(
                        output,
                        DataType.FLOAT,
                        "N",
                        java.util.Arrays.copyOfRange(shape, 1, shape.length)));
        return b.build();
    }

    static float[] input(long seed, int n) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
