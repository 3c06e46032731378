package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.int8.Affine;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * QDQ graphs with Sigmoid, HardSigmoid, HardSwish and Mul (squeeze-and-excite, SiLU, constant
 * factors) → reader (FoldQdq makes them int8 table and multiply nodes) → generated C: the C output
 * equals the int8 interpreter bit for bit, and the interpreter is within one output quantisation
 * step of ONNX Runtime on the same QDQ graph (the number of differing elements is printed).
 */
class ActivationQdqTest {
    /** A graph of input shape {@code shape} with this test's seed and opset. */
    private static QdqGraphs start(long... shape) {
        return new QdqGraphs("qdq-act", 21, shape).opset(14);
    }

    /**
     * A conv with per-channel int8 weights and an int32 bias at sIn × sW, scales ~ 1 / (63
     * √fan-in).
     */
    private static String conv(QdqGraphs t, String x, int cin, int cout, int k, float sIn) {
        String[] w =
                t.weights(
                        new long[] {cout, cin, k, k},
                        sIn,
                        0,
                        r -> (0.5f + r) / (63f * (float) Math.sqrt(cin * k * k)));
        return t.op(
                "Conv",
                List.of(x, w[0], w[1]),
                OnnxAttributes.ints("pads", k / 2, k / 2, k / 2, k / 2));
    }

    @Test
    void tableActivationsOn4dAnd2dTensors() throws Exception {
        for (long[] shape : List.of(new long[] {1, 3, 6, 5}, new long[] {1, 40})) {
            for (String op : List.of("Sigmoid", "HardSigmoid", "HardSwish")) {
                QdqGraphs t = start(shape);
                String x = t.qdq("x", 0.03f, 2);
                AttributeProto[] attrs =
                        op.equals("HardSigmoid")
                                ? new AttributeProto[] {
                                    OnnxAttributes.of("alpha", 0.3f),
                                    OnnxAttributes.of("beta", 0.45f)
                                }
                                : new AttributeProto[0];
                float step = op.equals("HardSwish") ? 0.02f : 1f / 256;
                String y =
                        t.qdq(
                                t.op(op, List.of(x), attrs),
                                step,
                                op.equals("HardSwish") ? -110 : -128);
                check(
                        op + Arrays.toString(shape),
                        t.build(y, Arrays.copyOfRange(shape, 1, shape.length)),
                        shape,
                        step,
                        false);
            }
        }
    }

    /** conv → Relu → GAP → 1x1 conv → Sigmoid → Mul with the Relu output, every tensor QDQ'd. */
    static ModelProto squeezeExcite() {
        QdqGraphs t = start(1, 3, 8, 8);
        String x = t.qdq("x", 0.03f, 0);
        String a = t.qdq(t.op("Relu", List.of(conv(t, x, 3, 6, 3, 0.03f))), 0.02f, -128);
        String s = t.qdq(t.op("GlobalAveragePool", List.of(a)), 0.02f, -128);
        s = t.qdq(conv(t, s, 6, 6, 1, 0.02f), 0.03f, 4);
        s = t.qdq(t.op("Sigmoid", List.of(s)), 1f / 256, -128);
        String y = t.qdq(t.op("Mul", List.of(s, a)), 0.015f, -128);
        return t.build(y, 6, 8, 8);
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
                QdqGraphs t = new QdqGraphs("qdq-act", 21).opset(14);
                t.builder().input(OnnxValueInfos.tensor("x", DataType.FLOAT, shape));
                String y = t.qdq(t.op(op, List.of(t.qdq("x", 0.03f, 2))), 1f / 128, -64);
                t.builder().output(OnnxValueInfos.tensor(y, DataType.FLOAT, shape));
                ModelProto m = t.builder().build();
                Graph g = OnnxReader.read(m);
                float[] x = OnnxGraphs.input(19, (int) OnnxTensors.size(shape));
                float[] ort = OrtOracle.run(m, x, shape);
                float[] ref = new Int8Interpreter(g).runReal(x);
                for (int i = 0; i < ort.length; i++) {
                    assertEquals(
                            ort[i],
                            ref[i],
                            1.001f / 128,
                            op + Arrays.toString(shape) + " element " + i);
                }
            }
        }
    }

    @Test
    void squeezeAndExciteBlockRunsInInt8() throws Exception {
        Graph g = check("se", squeezeExcite(), new long[] {1, 3, 8, 8}, 0.015f, true);
        assertEquals(
                List.of(
                        OpKind.CONV,
                        OpKind.GLOBAL_AVG_POOL,
                        OpKind.CONV,
                        OpKind.SIGMOID,
                        OpKind.MUL),
                g.nodes().stream().map(nd -> nd.op()).toList(),
                g.toString());
    }

    @Test
    void siluReadsOneQuantisedTensorTwice() throws Exception {
        long[] shape = {1, 4, 5, 6};
        QdqGraphs t = start(shape);
        String x = t.qdq("x", 0.03f, -3);
        String c = t.qdq(conv(t, x, 4, 5, 3, 0.03f), 0.025f, 10);
        String s = t.qdq(t.op("Sigmoid", List.of(c)), 1f / 256, -128);
        String y = t.qdq(t.op("Mul", List.of(c, s)), 0.02f, -100);
        check("silu", t.build(y, 5, 5, 6), shape, 0.02f, false);
    }

    /** A per-channel int8 factor with a fused Relu, then a scalar one. */
    @Test
    void constantFactorsPerChannelAndScalar() throws Exception {
        long[] shape = {1, 4, 3, 5};
        QdqGraphs t = start(shape);
        String x = t.qdq("x", 0.03f, 5);
        String m =
                t.qdq(
                        t.op(
                                "Relu",
                                List.of(
                                        t.op(
                                                "Mul",
                                                List.of(
                                                        t.constant(new long[] {4, 1, 1}, 0.01f, 3),
                                                        x)))),
                        0.02f,
                        -7);
        String y = t.qdq(t.op("Mul", List.of(m, t.constant(new long[0], 0.02f, 3))), 0.03f, 1);
        check("mulc", t.build(y, 4, 3, 5), shape, 0.03f, false);
    }

    private static Graph check(
            String what, ModelProto m, long[] shape, float step, boolean sanitize)
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
        System.out.println(
                "QDQ "
                        + what
                        + ": "
                        + differ
                        + " of "
                        + ort.length
                        + " elements differ from ONNX Runtime (by one step)");
        byte[] xq = Affine.quantize(x, g.tensor(g.inputs().get(0)).quantization());
        Path bin = HostHarness.runner(g, sanitize);
        assertArrayEquals(new Int8Interpreter(g).run(xq), HostHarness.runInt8(bin, xq), what);
        return g;
    }
}
