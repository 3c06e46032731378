package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyprune.int8.Affine;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * QDQ graphs with Sigmoid, HardSigmoid, HardSwish and Mul (squeeze-and-excite, SiLU, constant
 * factors) → reader (FoldQdq makes them int8 table and multiply nodes) → generated C: the C
 * output equals the int8 interpreter bit for bit, and the interpreter is within one output
 * quantisation step of ONNX Runtime on the same QDQ graph (the number of differing elements is
 * printed).
 */
class ActivationQdqTest {
    private final Random rnd = new Random(21);
    private final OnnxModelBuilder b = new OnnxModelBuilder("qdq-act").opset(14);
    private int n;

    private String qdq(String x, float scale, int zp) {
        String s = "s" + n;
        String z = "z" + n;
        b.initializer(OnnxTensors.floats(s, new long[0], new float[] {scale}));
        b.initializer(OnnxTensors.int8s(z, new long[0], new byte[] {(byte) zp}));
        b.node("QuantizeLinear", "Q" + n, List.of(x, s, z), List.of("q" + n));
        b.node("DequantizeLinear", "DQ" + n, List.of("q" + n, s, z), List.of("d" + n));
        return "d" + n++;
    }

    /** A node with a fresh output name; returns it. */
    private String op(String type, List<String> in, AttributeProto... attrs) {
        String out = type.toLowerCase() + n;
        b.node(type, type + "_" + n++, in, List.of(out), attrs);
        return out;
    }

    /** A DequantizeLinear of an int8 constant with one scale; returns its float output. */
    private String constant(long[] dims, float scale) {
        int count = (int) OnnxTensors.size(dims);
        byte[] v = new byte[count];
        for (int i = 0; i < count; i++) {
            v[i] = (byte) (rnd.nextInt(255) - 127);
        }
        String id = "K" + n++;
        b.initializer(OnnxTensors.int8s(id, dims, v));
        b.initializer(OnnxTensors.floats(id + "_s", new long[0], new float[] {scale}));
        b.initializer(OnnxTensors.int8s(id + "_z", new long[0], new byte[] {3}));
        b.node("DequantizeLinear", id + "_dq", List.of(id, id + "_s", id + "_z"), List.of(id + "_f"));
        return id + "_f";
    }

    /** A conv with per-channel int8 weights and an int32 bias at sIn × sW. */
    private String conv(String x, int cin, int cout, int k, float sIn) {
        long[] dims = {cout, cin, k, k};
        int count = (int) OnnxTensors.size(dims);
        byte[] w = new byte[count];
        for (int i = 0; i < count; i++) {
            w[i] = (byte) (rnd.nextInt(127) - 63);
        }
        float[] sw = new float[cout];
        float[] sb = new float[cout];
        int[] bias = new int[cout];
        for (int o = 0; o < cout; o++) {
            sw[o] = (0.5f + rnd.nextFloat()) / (63f * (float) Math.sqrt(cin * k * k));
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
                OnnxAttributes.of("axis", 0L));
        b.node("DequantizeLinear", id + "_bdq", List.of(id + "_b", id + "_bs", id + "_bz"), List.of(id + "_bf"),
                OnnxAttributes.of("axis", 0L));
        return op("Conv", List.of(x, id + "_f", id + "_bf"), OnnxAttributes.ints("pads", k / 2, k / 2, k / 2, k / 2));
    }

    private ModelProto build(String y, long... shape) {
        b.output(OnnxValueInfos.batched(y, DataType.FLOAT, "N", java.util.Arrays.copyOfRange(shape, 1, shape.length)));
        return b.build();
    }

    private static ActivationQdqTest start(long... shape) {
        ActivationQdqTest t = new ActivationQdqTest();
        t.b.input(OnnxValueInfos.batched("x", DataType.FLOAT, "N", java.util.Arrays.copyOfRange(shape, 1,
                shape.length)));
        return t;
    }

    @Test
    void tableActivationsOn4dAnd2dTensors() throws Exception {
        for (long[] shape : List.of(new long[] {1, 3, 6, 5}, new long[] {1, 40})) {
            for (String op : List.of("Sigmoid", "HardSigmoid", "HardSwish")) {
                ActivationQdqTest t = start(shape);
                String x = t.qdq("x", 0.03f, 2);
                AttributeProto[] attrs = op.equals("HardSigmoid")
                        ? new AttributeProto[] {OnnxAttributes.of("alpha", 0.3f), OnnxAttributes.of("beta", 0.45f)}
                        : new AttributeProto[0];
                float step = op.equals("HardSwish") ? 0.02f : 1f / 256;
                String y = t.qdq(t.op(op, List.of(x), attrs), step, op.equals("HardSwish") ? -110 : -128);
                check(op + Arrays.toString(shape), t.build(y, shape), shape, step, false);
            }
        }
    }

    /** conv → Relu → GAP → 1x1 conv → Sigmoid → Mul with the Relu output, every tensor QDQ'd. */
    static ModelProto squeezeExcite() {
        ActivationQdqTest t = start(1, 3, 8, 8);
        String x = t.qdq("x", 0.03f, 0);
        String a = t.qdq(t.op("Relu", List.of(t.conv(x, 3, 6, 3, 0.03f))), 0.02f, -128);
        String s = t.qdq(t.op("GlobalAveragePool", List.of(a)), 0.02f, -128);
        s = t.qdq(t.conv(s, 6, 6, 1, 0.02f), 0.03f, 4);
        s = t.qdq(t.op("Sigmoid", List.of(s)), 1f / 256, -128);
        String y = t.qdq(t.op("Mul", List.of(s, a)), 0.015f, -128);
        return t.build(y, 1, 6, 8, 8);
    }

    /**
     * 3-D tensors import, fold and interpret in int8 within one step of ONNX Runtime (the reader
     * still takes dimension 0 of a graph input as a batch of 1, and the code generator's graph
     * boundary [1, C, H, W] and [1, F] only: the N-D work lifts both).
     */
    @Test
    void tableActivationsInterpretOn3dTensors() throws Exception {
        for (long[] shape : List.of(new long[] {1, 4, 5}, new long[] {1, 7, 1})) {
            for (String op : List.of("Sigmoid", "HardSigmoid", "HardSwish")) {
                ActivationQdqTest t = new ActivationQdqTest();
                t.b.input(OnnxValueInfos.tensor("x", DataType.FLOAT, shape));
                String y = t.qdq(t.op(op, List.of(t.qdq("x", 0.03f, 2))), 1f / 128, -64);
                t.b.output(OnnxValueInfos.tensor(y, DataType.FLOAT, shape));
                ModelProto m = t.b.build();
                Graph g = OnnxReader.read(m);
                float[] x = OnnxGraphs.input(19, (int) OnnxTensors.size(shape));
                float[] ort = OrtOracle.run(m, x, shape);
                float[] ref = new Int8Interpreter(g).runReal(x);
                for (int i = 0; i < ort.length; i++) {
                    assertEquals(ort[i], ref[i], 1.001f / 128, op + Arrays.toString(shape) + " element " + i);
                }
            }
        }
    }

    @Test
    void squeezeAndExciteBlockRunsInInt8() throws Exception {
        Graph g = check("se", squeezeExcite(), new long[] {1, 3, 8, 8}, 0.015f, true);
        assertEquals(List.of(OpKind.CONV, OpKind.GLOBAL_AVG_POOL, OpKind.CONV, OpKind.SIGMOID, OpKind.MUL),
                g.nodes().stream().map(nd -> nd.op()).toList(), g.toString());
    }

    @Test
    void siluReadsOneQuantisedTensorTwice() throws Exception {
        long[] shape = {1, 4, 5, 6};
        ActivationQdqTest t = start(shape);
        String x = t.qdq("x", 0.03f, -3);
        String c = t.qdq(t.conv(x, 4, 5, 3, 0.03f), 0.025f, 10);
        String s = t.qdq(t.op("Sigmoid", List.of(c)), 1f / 256, -128);
        String y = t.qdq(t.op("Mul", List.of(c, s)), 0.02f, -100);
        check("silu", t.build(y, 1, 5, 5, 6), shape, 0.02f, false);
    }

    /** A per-channel int8 factor with a fused Relu, then a scalar one. */
    @Test
    void constantFactorsPerChannelAndScalar() throws Exception {
        long[] shape = {1, 4, 3, 5};
        ActivationQdqTest t = start(shape);
        String x = t.qdq("x", 0.03f, 5);
        String m = t.qdq(t.op("Relu", List.of(t.op("Mul", List.of(t.constant(new long[] {4, 1, 1}, 0.01f), x)))),
                0.02f, -7);
        String y = t.qdq(t.op("Mul", List.of(m, t.constant(new long[0], 0.02f))), 0.03f, 1);
        check("mulc", t.build(y, shape), shape, 0.03f, false);
    }

    private static Graph check(String what, ModelProto m, long[] shape, float step, boolean sanitize)
            throws Exception {
        Graph g = OnnxReader.read(m);
        assertTrue(g.isQuantized(), g.toString());
        float[] x = OnnxGraphs.input(17, (int) OnnxTensors.size(shape));
        float[] ort = OrtOracle.run(m, x, shape);
        float[] ref = new Int8Interpreter(g).runReal(x);
        int differ = 0;
        for (int i = 0; i < ort.length; i++) {
            assertEquals(ort[i], ref[i], step * 1.001f, what + " element " + i);
            differ += ort[i] != ref[i] ? 1 : 0;
        }
        System.out.println("QDQ " + what + ": " + differ + " of " + ort.length
                + " elements differ from ONNX Runtime (by one step)");
        byte[] xq = Affine.quantize(x, g.tensor(g.inputs().get(0)).quantization());
        Path bin = HostHarness.runner(g, sanitize);
        assertArrayEquals(new Int8Interpreter(g).run(xq), HostHarness.runInt8(bin, xq), what);
        return g;
    }
}
