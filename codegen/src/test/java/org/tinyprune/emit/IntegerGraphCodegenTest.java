package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.OperatorSetIdProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Integer (QOperator) ONNX graphs as ONNX Runtime's quantiser writes them → reader → int8 IR →
 * generated C: the C equals the int8 interpreter bit for bit and is within one quantisation step of
 * ONNX Runtime Java on the same integer graph (the differing elements are counted and printed).
 * Weights use 7 bits, as in {@link QdqCodegenTest}, because ONNX Runtime's x86 u8s8 kernels
 * saturate pair sums with full-range int8 weights.
 */
class IntegerGraphCodegenTest {
    private final Random rnd = new Random(13);
    private final OnnxModelBuilder b = new OnnxModelBuilder("qop");
    private int n;

    private String scalar(float v) {
        String s = "s" + n++;
        b.initializer(OnnxTensors.scalar(s, v));
        return s;
    }

    private String u8(int v) {
        String z = "z" + n++;
        b.initializer(uint8s(z, new long[0], new int[] {v}));
        return z;
    }

    private static TensorProto uint8s(String name, long[] dims, int[] v) {
        byte[] raw = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            raw[i] = (byte) v[i];
        }
        TensorProto.Builder t =
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(DataType.UINT8_VALUE)
                        .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /**
     * Int8 weights (7-bit) with per-channel scales and zero zero points; returns {w, scale, zp}.
     */
    private String[] int8Weights(long[] dims, int channels) {
        int count = (int) OnnxTensors.size(dims);
        byte[] w = new byte[count];
        for (int i = 0; i < count; i++) {
            w[i] = (byte) (rnd.nextInt(127) - 63);
        }
        float[] s = new float[channels];
        for (int c = 0; c < channels; c++) {
            s[c] = 0.002f + rnd.nextFloat() * 0.004f;
        }
        String id = "W" + n++;
        b.initializer(OnnxTensors.int8s(id, dims, w));
        b.initializer(
                OnnxTensors.floats(
                        id + "_s", channels == 1 ? new long[0] : new long[] {channels}, s));
        b.initializer(
                OnnxTensors.int8s(
                        id + "_z",
                        channels == 1 ? new long[0] : new long[] {channels},
                        new byte[channels]));
        return new String[] {id, id + "_s", id + "_z"};
    }

    private String bias(int channels) {
        int[] v = new int[channels];
        for (int c = 0; c < channels; c++) {
            v[c] = rnd.nextInt(2001) - 1000;
        }
        String id = "B" + n++;
        b.initializer(OnnxTensors.int32s(id, new long[] {channels}, v));
        return id;
    }

    private static NodeProto microsoft(String op, String name, List<String> in, String out) {
        return NodeProto.newBuilder()
                .setOpType(op)
                .setDomain("com.microsoft")
                .setName(name)
                .addAllInput(in)
                .addOutput(out)
                .build();
    }

    private static ModelProto withMicrosoftDomain(ModelProto m) {
        return m.toBuilder()
                .addOpsetImport(
                        OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1))
                .build();
    }

    /**
     * Float input, QuantizeLinear to uint8, QLinearConv, depthwise QLinearConv, QLinearAdd
     * (residual), MaxPool and Flatten on uint8 codes, QLinearMatMul, DequantizeLinear to float
     * logits.
     */
    private ModelProto qoperatorModel(boolean whole) {
        b.input(OnnxValueInfos.batched("x", DataType.FLOAT, "N", 3, 8, 8));
        String s0 = scalar(0.02f);
        String z0 = u8(131);
        b.node("QuantizeLinear", "quant", List.of("x", s0, z0), List.of("xq"));
        String[] w1 = int8Weights(new long[] {6, 3, 3, 3}, 6);
        String s1 = scalar(0.03f);
        String z1 = u8(0);
        b.node(
                "QLinearConv",
                "conv1",
                List.of("xq", s0, z0, w1[0], w1[1], w1[2], s1, z1, bias(6)),
                List.of("c1"),
                OnnxAttributes.ints("pads", 1, 1, 1, 1));
        String[] w2 = int8Weights(new long[] {6, 1, 3, 3}, 6);
        String s2 = scalar(0.025f);
        String z2 = u8(133);
        b.node(
                "QLinearConv",
                "dw1",
                List.of("c1", s1, z1, w2[0], w2[1], w2[2], s2, z2, bias(6)),
                List.of("c2"),
                OnnxAttributes.ints("pads", 1, 1, 1, 1),
                OnnxAttributes.of("group", 6L));
        String s3 = scalar(0.04f);
        String z3 = u8(126);
        b.node(microsoft("QLinearAdd", "add1", List.of("c2", s2, z2, "c1", s1, z1, s3, z3), "sum"));
        if (!whole) {
            b.node("DequantizeLinear", "dequant", List.of("sum", s3, z3), List.of("y"));
            b.output(OnnxValueInfos.batched("y", DataType.FLOAT, "N", 6, 8, 8));
            return withMicrosoftDomain(b.build());
        }
        b.node(
                "MaxPool",
                "pool1",
                List.of("sum"),
                List.of("p1"),
                OnnxAttributes.ints("kernel_shape", 2, 2),
                OnnxAttributes.ints("strides", 2, 2));
        b.node("Flatten", "flat", List.of("p1"), List.of("f"));
        String[] w3 = int8Weights(new long[] {96, 5}, 1);
        String s4 = scalar(0.05f);
        String z4 = u8(128);
        b.node(
                "QLinearMatMul",
                "fc",
                List.of("f", s3, z3, w3[0], w3[1], w3[2], s4, z4),
                List.of("yq"));
        b.node("DequantizeLinear", "dequant", List.of("yq", s4, z4), List.of("y"));
        b.output(OnnxValueInfos.batched("y", DataType.FLOAT, "N", 5));
        return withMicrosoftDomain(b.build());
    }

    @Test
    void qoperatorModelFoldsToInt8AndMatchesInterpreterAndOnnxRuntime() throws Exception {
        float[] x = OnnxGraphs.input(3, 3 * 8 * 8);
        ModelProto prefix = new IntegerGraphCodegenTest().qoperatorModel(false);
        checkFloat(
                OnnxReader.read(prefix),
                x,
                OrtOracle.run(prefix, x, new long[] {1, 3, 8, 8}),
                0.04f,
                "QOperator convs + QLinearAdd");
        ModelProto m = qoperatorModel(true);
        Graph g = OnnxReader.read(m);
        assertTrue(g.isQuantized());
        assertEquals(
                List.of(
                        OpKind.CONV,
                        OpKind.CONV,
                        OpKind.ADD,
                        OpKind.MAX_POOL,
                        OpKind.RESHAPE,
                        OpKind.DENSE),
                g.nodes().stream().map(nd -> nd.op()).toList(),
                g.toString());
        checkFloat(
                g, x, OrtOracle.run(m, x, new long[] {1, 3, 8, 8}), 0.05f, "QOperator whole chain");
    }

    /**
     * ConvInteger → Cast → Mul (uint8 weights, zero point 128) and MatMulInteger → Cast → Mul, each
     * requantised.
     */
    private ModelProto integerPatternModel(boolean whole) {
        b.input(OnnxValueInfos.batched("x", DataType.FLOAT, "N", 2, 6, 6));
        String s0 = scalar(0.03f);
        String z0 = u8(120);
        b.node("QuantizeLinear", "quant", List.of("x", s0, z0), List.of("xq"));
        int[] w = new int[4 * 2 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = 128 + rnd.nextInt(127) - 63;
        }
        b.initializer(uint8s("Wc", new long[] {4, 2, 3, 3}, w));
        b.initializer(uint8s("Wc_z", new long[0], new int[] {128}));
        b.node(
                "ConvInteger",
                "conv",
                List.of("xq", "Wc", z0, "Wc_z"),
                List.of("acc"),
                OnnxAttributes.ints("strides", 2, 2));
        b.node(
                "Cast",
                "cast",
                List.of("acc"),
                List.of("accf"),
                OnnxAttributes.of("to", (long) DataType.FLOAT_VALUE));
        float[] c = {0.03f * 0.004f, 0.03f * 0.003f, 0.03f * 0.005f, 0.03f * 0.0035f};
        b.initializer(OnnxTensors.floats("conv_scale", new long[] {1, 4, 1, 1}, c));
        b.node("Mul", "scale", List.of("accf", "conv_scale"), List.of("y1"));
        String s1 = scalar(0.02f);
        String z1 = u8(128);
        b.node("QuantizeLinear", "requant", List.of("y1", s1, z1), List.of("y1q"));
        if (!whole) {
            b.node("DequantizeLinear", "dequant", List.of("y1q", s1, z1), List.of("y"));
            b.output(OnnxValueInfos.batched("y", DataType.FLOAT, "N", 4, 2, 2));
            return b.build();
        }
        b.node("Flatten", "flat", List.of("y1q"), List.of("f"));
        String[] wm = int8Weights(new long[] {16, 3}, 1);
        b.node("MatMulInteger", "fc", List.of("f", wm[0], z1, wm[2]), List.of("acc2"));
        b.node(
                "Cast",
                "cast2",
                List.of("acc2"),
                List.of("acc2f"),
                OnnxAttributes.of("to", (long) DataType.FLOAT_VALUE));
        b.initializer(OnnxTensors.scalar("fc_scale", 0.02f * 0.004f));
        b.node("Mul", "scale2", List.of("fc_scale", "acc2f"), List.of("y2"));
        String s2 = scalar(0.01f);
        String z2 = u8(128);
        b.node("QuantizeLinear", "requant2", List.of("y2", s2, z2), List.of("y2q"));
        b.node("DequantizeLinear", "dequant", List.of("y2q", s2, z2), List.of("y"));
        b.output(OnnxValueInfos.batched("y", DataType.FLOAT, "N", 3));
        return b.build();
    }

    @Test
    void convIntegerAndMatMulIntegerWithCastAndMulFoldIntoInt8Layers() throws Exception {
        float[] x = OnnxGraphs.input(5, 2 * 6 * 6);
        ModelProto prefix = new IntegerGraphCodegenTest().integerPatternModel(false);
        checkFloat(
                OnnxReader.read(prefix),
                x,
                OrtOracle.run(prefix, x, new long[] {1, 2, 6, 6}),
                0.02f,
                "ConvInteger -> Cast -> Mul");
        ModelProto m = integerPatternModel(true);
        Graph g = OnnxReader.read(m);
        assertEquals(
                List.of(OpKind.CONV, OpKind.RESHAPE, OpKind.DENSE),
                g.nodes().stream().map(nd -> nd.op()).toList(),
                g.toString());
        checkFloat(
                g,
                x,
                OrtOracle.run(m, x, new long[] {1, 2, 6, 6}),
                0.01f,
                "ConvInteger + MatMulInteger patterns");
    }

    /**
     * A uint8 graph input and output around one QLinearConv: the int8 model's I/O are those codes
     * minus 128.
     */
    @Test
    void uint8GraphInputAndOutputAreTheInt8ModelsCodes() throws Exception {
        b.input(OnnxValueInfos.batched("xq", DataType.UINT8, "N", 2, 5, 5));
        String s0 = scalar(0.05f);
        String z0 = u8(100);
        String[] w = int8Weights(new long[] {3, 2, 3, 3}, 3);
        String s1 = scalar(0.04f);
        String z1 = u8(140);
        b.node(
                "QLinearConv",
                "conv",
                List.of("xq", s0, z0, w[0], w[1], w[2], s1, z1, bias(3)),
                List.of("yq"),
                OnnxAttributes.ints("pads", 1, 1, 1, 1));
        b.output(OnnxValueInfos.batched("yq", DataType.UINT8, "N", 3, 5, 5));
        ModelProto m = b.build();
        Graph g = OnnxReader.read(m);
        assertEquals(List.of("xq"), g.inputs());
        assertEquals(List.of("yq"), g.outputs());
        byte[] codes = new byte[2 * 5 * 5];
        rnd.nextBytes(codes);
        byte[] ort = ortUint8(m, codes, new long[] {1, 2, 5, 5});
        byte[] s8 = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) {
            s8[i] = (byte) ((codes[i] & 0xff) - 128);
        }
        byte[] c = HostHarness.runInt8(HostHarness.runner(g, false), s8);
        assertArrayEquals(new Int8Interpreter(g).run(s8), c);
        int differ = 0;
        for (int i = 0; i < ort.length; i++) {
            int d = Math.abs((ort[i] & 0xff) - 128 - c[i]);
            assertTrue(
                    d <= 1,
                    "element " + i + ": C " + c[i] + ", ONNX Runtime " + ((ort[i] & 0xff) - 128));
            differ += d;
        }
        System.out.println(
                "uint8 I/O QLinearConv: "
                        + differ
                        + " of "
                        + ort.length
                        + " codes differ from ONNX Runtime (by one step)");
    }

    @Test
    void integerOpsThatCannotRunExactlyAreRefusedNamingTheNode() {
        b.input(OnnxValueInfos.batched("xq", DataType.UINT8, "N", 1, 4, 4));
        b.initializer(uint8s("W", new long[] {1, 1, 2, 2}, new int[] {250, 3, 7, 128}));
        b.initializer(uint8s("W_z", new long[0], new int[] {10}));
        b.initializer(uint8s("x_z", new long[0], new int[] {0}));
        b.node("ConvInteger", "lonely", List.of("xq", "W", "x_z", "W_z"), List.of("acc"));
        b.output(OnnxValueInfos.batched("acc", DataType.INT32, "N", 1, 3, 3));
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(b.build()));
        assertTrue(
                e.getMessage().contains("'lonely' (ConvInteger)")
                        && e.getMessage().contains("Cast(to=FLOAT)"),
                e.getMessage());

        OnnxModelBuilder q = new OnnxModelBuilder("asym");
        q.input(OnnxValueInfos.batched("xq", DataType.UINT8, "N", 1, 4, 4));
        q.initializer(uint8s("W", new long[] {1, 1, 2, 2}, new int[] {250, 3, 7, 128}));
        q.initializer(uint8s("W_z", new long[] {1}, new int[] {10}));
        q.initializer(OnnxTensors.floats("W_s", new long[] {1}, new float[] {0.01f}));
        q.initializer(OnnxTensors.scalar("s", 0.1f));
        q.initializer(uint8s("z", new long[0], new int[] {128}));
        q.node(
                "QLinearConv",
                "asym_conv",
                List.of("xq", "s", "z", "W", "W_s", "W_z", "s", "z"),
                List.of("yq"));
        q.output(OnnxValueInfos.batched("yq", DataType.UINT8, "N", 1, 3, 3));
        e = assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(q.build()));
        assertTrue(
                e.getMessage().contains("'asym_conv' (QLinearConv)")
                        && e.getMessage().contains("symmetric int8"),
                e.getMessage());
    }

    private static void checkFloat(Graph g, float[] x, float[] ort, float step, String what)
            throws Exception {
        float[] ref = new Int8Interpreter(g).runReal(x);
        int differ = 0;
        for (int i = 0; i < ort.length; i++) {
            assertEquals(ort[i], ref[i], step * 1.001f, what + " element " + i);
            differ += ort[i] != ref[i] ? 1 : 0;
        }
        System.out.println(
                what
                        + ": "
                        + differ
                        + " of "
                        + ort.length
                        + " elements differ from ONNX Runtime (by one step)");
        byte[] xq = Affine.quantize(x, g.tensor(g.inputs().get(0)).quantization());
        Path bin = HostHarness.runner(g, false);
        assertArrayEquals(new Int8Interpreter(g).run(xq), HostHarness.runInt8(bin, xq));
        assertArrayEquals(ref, HostHarness.runFloat(bin, x, ort.length));
    }

    private static byte[] ortUint8(ModelProto m, byte[] codes, long[] shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(m.toByteArray(), opts);
                    OnnxTensor x =
                            OnnxTensor.createTensor(
                                    env, ByteBuffer.wrap(codes), shape, OnnxJavaType.UINT8);
                    OrtSession.Result r = s.run(Map.of(m.getGraph().getInput(0).getName(), x))) {
                ByteBuffer out = ((OnnxTensor) r.get(0)).getByteBuffer();
                byte[] v = new byte[out.remaining()];
                out.get(v);
                return v;
            }
        }
    }
}
