package org.tinyprune.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tinyprune.export.OnnxExporter;
import org.tinyprune.export.OrtCheck;
import org.tinyprune.nn.Tensor;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;
import org.tinyprune.onnx.proto.Onnx.TypeProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;
import org.tinyprune.provenance.Provenance;

/**
 * Test support: small ONNX models written node by node (as an exporter would), ONNX Runtime as the
 * reference, and the comparison the importer promises (1e-4 relative to the reference's largest
 * magnitude).
 */
final class TestNets {
    /** Relative tolerance of every forward-pass comparison. */
    static final double REL = 1e-4;

    private final OnnxModelBuilder b;
    private final SplittableRandom rng;
    private int counter;

    private TestNets(String name, int opset, long seed) {
        b = new OnnxModelBuilder(name).opset(opset);
        rng = new SplittableRandom(seed);
    }

    /** A model with one input {@code x} of shape N×c×h×w (symbolic batch). */
    static TestNets net(String name, int opset, int c, int h, int w) {
        TestNets n = new TestNets(name, opset, name.hashCode());
        n.b.input(OnnxValueInfos.batched("x", DataType.FLOAT, "N", c, h, w));
        return n;
    }

    /** Adds a random float initializer in [-scale, scale); returns its name. */
    String weight(float scale, long... dims) {
        return uniform(-scale, scale, dims);
    }

    /** Adds a float initializer with values in [lo, hi); returns its name. */
    String uniform(float lo, float hi, long... dims) {
        String name = "w" + counter++;
        int size = 1;
        for (long d : dims) {
            size *= (int) d;
        }
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (lo + rng.nextDouble() * (hi - lo));
        }
        b.initializer(OnnxTensors.floats(name, dims, v));
        return name;
    }

    /** Adds an int64 initializer. */
    String ints(long... values) {
        String name = "i" + counter++;
        b.initializer(OnnxTensors.int64s(name, new long[] {values.length}, values));
        return name;
    }

    /** Adds a float scalar initializer. */
    String scalar(float v) {
        String name = "s" + counter++;
        b.initializer(OnnxTensors.scalar(name, v));
        return name;
    }

    /** Adds a node writing one output named {@code out}; returns {@code out}. */
    String node(String op, String out, List<String> in, AttributeProto... attrs) {
        b.node(op, out + "_node", in, List.of(out), attrs);
        return out;
    }

    /** Adds a node with several outputs. */
    void node(String op, List<String> in, List<String> out, AttributeProto... attrs) {
        b.node(op, out.get(0) + "_node", in, out, attrs);
    }

    /** Declares the graph output and builds the model. */
    ModelProto build(String output) {
        b.output(
                ValueInfoProto.newBuilder()
                        .setName(output)
                        .setType(
                                TypeProto.newBuilder()
                                        .setTensorType(
                                                TypeProto.Tensor.newBuilder()
                                                        .setElemType(DataType.FLOAT_VALUE)))
                        .build());
        return b.build();
    }

    static AttributeProto ints(String name, long... v) {
        return OnnxAttributes.ints(name, v);
    }

    static AttributeProto attr(String name, long v) {
        return OnnxAttributes.of(name, v);
    }

    static AttributeProto attr(String name, float v) {
        return OnnxAttributes.of(name, v);
    }

    static AttributeProto attr(String name, String v) {
        return OnnxAttributes.of(name, v);
    }

    /** Asserts {@code max |actual − expected| <= REL · max |expected|} (and equal sizes). */
    static void assertClose(String what, float[] expected, float[] actual) {
        assertTrue(
                expected.length == actual.length,
                what + ": sizes differ, expected " + expected.length + " got " + actual.length);
        double scale = 0;
        double err = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= err)) {
                err = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                at = i;
            }
        }
        double tol = REL * Math.max(scale, 1e-6);
        if (!(err <= tol)) {
            throw new AssertionError(
                    what
                            + ": max abs error "
                            + err
                            + " at "
                            + at
                            + " (expected "
                            + expected[at]
                            + ", got "
                            + actual[at]
                            + ") exceeds "
                            + tol
                            + " = "
                            + REL
                            + " × max |expected| ("
                            + expected.length
                            + " values)");
        }
    }

    /**
     * Imports {@code model}, then checks on a random batch: the graph's eval forward pass equals
     * ONNX Runtime on the model (softmax applied if the import dropped it), and the exported graph
     * run by ONNX Runtime equals it too. Returns the import.
     */
    static ImportedModel roundTrip(ModelProto model, float scale) throws Exception {
        ImportedModel m = OnnxImporter.importModel(model, model.getGraph().getName(), null);
        int[] in = m.graph().inputShape();
        Tensor x =
                OrtCheck.random(
                        model.getGraph().getName().hashCode(), scale, 3, in[0], in[1], in[2]);
        float[] reference = OrtCheck.runUnoptimised(model, x);
        float[] ours = m.graph().forward(x).data();
        if (m.outputSoftmax()) {
            ours = softmax(ours, m.outputSize());
        }
        assertClose(model.getGraph().getName() + " import vs ORT", reference, ours);
        ModelProto exported =
                OnnxExporter.toModel(
                        m.graph(), Provenance.builder().seed(1).build(), m.exportOptions());
        assertClose(
                model.getGraph().getName() + " export vs ORT",
                reference,
                OrtCheck.runUnoptimised(exported, x));
        return m;
    }

    /** Row-wise softmax of an N×k matrix. */
    static float[] softmax(float[] logits, int k) {
        float[] out = new float[logits.length];
        for (int r = 0; r < logits.length / k; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[r * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[r * k + j] - max);
            }
            for (int j = 0; j < k; j++) {
                out[r * k + j] = (float) (Math.exp(logits[r * k + j] - max) / sum);
            }
        }
        return out;
    }

    /** Names as a list (readability helper). */
    static List<String> in(String... names) {
        return new ArrayList<>(List.of(names));
    }
}
