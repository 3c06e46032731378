package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * Operator variants the ONNX backend node tests exercise: Gemm transA, alpha, beta, broadcast
 * biases and a bias per element; Add of a float constant; opset-13 Softmax along a middle axis;
 * Reshape with allowzero; Concat with a constant; Mul by a trailing-dimension factor (float and QDQ
 * int8); graphs that compute nothing (Identity, Dropout with a constant training_mode and an unread
 * mask); an opset-1 GlobalAveragePool. Float against ONNX Runtime, int8 C against the interpreter.
 */
class NodeVariantsCodegenTest {

    /**
     * {@code m} with the first dimension of its graph input fixed to {@code in} and of its output
     * to {@code out}.
     */
    private static ModelProto fixed(ModelProto m, long in, long out) {
        ModelProto.Builder b = m.toBuilder();
        var g = b.getGraphBuilder();
        long[] n = {in, out};
        List<ValueInfoProto.Builder> v = List.of(g.getInputBuilder(0), g.getOutputBuilder(0));
        for (int i = 0; i < 2; i++) {
            v.get(i)
                    .getTypeBuilder()
                    .getTensorTypeBuilder()
                    .getShapeBuilder()
                    .getDimBuilder(0)
                    .clearDimParam()
                    .setDimValue(n[i]);
        }
        return b.build();
    }

    @Test
    void gemmWithTransposedInputAlphaBetaAndScalarOrColumnBias() throws Exception {
        OnnxGraphs g = new OnnxGraphs("gemm_vars", 21, 4, 3);
        g.initRaw(OnnxTensors.scalar("c", 0.7f));
        String a =
                g.op(
                        "Gemm",
                        List.of("x", g.init(4, 5), "c"),
                        OnnxAttributes.of("transA", 1L),
                        OnnxAttributes.of("alpha", 0.5f),
                        OnnxAttributes.of("beta", 0.25f)); // [3, 5]
        g.initRaw(OnnxTensors.floats("col", new long[] {3, 1}, new float[] {0.3f, 0.3f, 0.3f}));
        String y =
                g.op(
                        "Gemm",
                        List.of(a, g.init(2, 5), "col"),
                        OnnxAttributes.of("transB", 1L),
                        OnnxAttributes.of(
                                "beta", -2f)); // [3, 2], bias broadcast from [3, 1] with equal rows
        CodegenChecks.floatModel(fixed(g.build(y, 1, 2), 4, 3), 4, 3);
    }

    @Test
    void gemmBiasThatDiffersBetweenRowsIsAddedAfterTheProduct() throws Exception {
        OnnxGraphs g = new OnnxGraphs("gemm_matrix_bias", 22, 3, 4);
        String p =
                g.op("Gemm", List.of("x", g.init(4, 2), g.init(3, 2))); // bias differs between rows
        g.initRaw(OnnxTensors.floats("col", new long[] {3, 1}, new float[] {0.5f, -0.25f, 1.5f}));
        String y =
                g.op(
                        "Gemm",
                        List.of(p, g.init(2, 3), "col"),
                        OnnxAttributes.of("beta", -2f)); // one per row
        CodegenChecks.floatModel(fixed(g.build(y, 1, 3), 3, 3), 3, 4);
    }

    @Test
    void addOfAFloatConstantBroadcastOrFullInEitherOrder() throws Exception {
        OnnxGraphs g = new OnnxGraphs("add_const", 30, 3, 4, 5);
        String full = g.op("Add", List.of("x", g.init(3, 4, 5)));
        String row =
                g.op(
                        "Add",
                        List.of(g.init(5), full)); // constant first, broadcast along the last axis
        String y = g.op("Add", List.of(row, g.init(4, 1)));
        CodegenChecks.floatModel(fixed(g.build(y, 1, 4, 5), 3, 3), 3, 4, 5);
        OnnxGraphs c = new OnnxGraphs("add_const_nchw", 31, 1, 3, 2, 4);
        String conv = c.conv("x", 3, 3, 1, 1, 0, 1, true);
        String channel =
                c.op("Add", List.of(conv, c.init(3, 1, 1))); // one per channel, stored NHWC
        String y4 = c.op("Add", List.of(channel, c.init(1, 3, 2, 4)));
        CodegenChecks.floatModel(c.build(y4, 1, 3, 2, 4), 1, 3, 2, 4);
        OnnxGraphs b = new OnnxGraphs("add_const_images", 38, 2, 3, 2, 4);
        String yb = b.op("Add", List.of("x", b.init(2, 3, 2, 4))); // a different value per image
        CodegenChecks.floatModel(fixed(b.build(yb, 1, 3, 2, 4), 2, 2), 2, 3, 2, 4);
    }

    @Test
    void addOfAQuantisedConstantOrOfTwoConstantsIsRefused() {
        QdqGraphs q = new QdqGraphs("qadd_const", 32, 1, 4);
        String x = q.qdq("x", 0.02f, 3);
        String c =
                q.op(
                        "DequantizeLinear",
                        List.of(
                                q.init(
                                        OnnxTensors.int8s(
                                                "c",
                                                new long[] {4},
                                                new byte[] {90, -40, 127, 12})),
                                q.init(OnnxTensors.scalar("cs", 0.01f)),
                                q.init(OnnxTensors.int8s("cz", new long[0], new byte[] {0}))));
        ModelProto m = q.build(q.qdq(q.op("Add", List.of(x, c)), 0.03f, 0), 4);
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(m));
        assertTrue(e.getMessage().contains("quantised constant"), e.getMessage());
        OnnxGraphs g = new OnnxGraphs("add_up", 33, 1, 1);
        ModelProto up = g.build(g.op("Add", List.of("x", g.init(1, 3))), 1, 3);
        e = assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(up));
        assertTrue(e.getMessage().contains("does not broadcast"), e.getMessage());
    }

    @Test
    void opset13SoftmaxAlongAnAxisWithLargerAxesAfterIt() throws Exception {
        for (long axis : new long[] {0, 1, -2}) {
            OnnxGraphs g = new OnnxGraphs("softmax_axis", 34, 3, 4, 5).opset(13);
            String y = g.op("Softmax", List.of("x"), OnnxAttributes.of("axis", axis));
            CodegenChecks.floatModel(fixed(g.build(y, 1, 4, 5), 3, 3), 3, 4, 5);
        }
        OnnxGraphs g = new OnnxGraphs("softmax_channels", 35, 1, 3, 2, 4).opset(13);
        String y =
                g.op(
                        "Softmax",
                        List.of(g.conv("x", 3, 3, 1, 1, 0, 1, true)),
                        OnnxAttributes.of("axis", 1L));
        var ir = OnnxReader.read(g.build(y, 1, 3, 2, 4));
        // the moved 4-D tensor is stored NHWC, so its last axis is strided: refused, never computed
        // wrongly
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> HostHarness.runner(ir, true));
        assertTrue(e.getMessage().contains("strided"), e.getMessage());
    }

    @Test
    void reshapeWithAllowzeroAndNoZeroInTheShape() throws Exception {
        OnnxGraphs g = new OnnxGraphs("reshape_allowzero", 36, 1, 2, 6).opset(14);
        g.initRaw(OnnxTensors.int64s("shape", new long[] {3}, new long[] {1, 3, -1}));
        String y = g.op("Reshape", List.of("x", "shape"), OnnxAttributes.of("allowzero", 1L));
        CodegenChecks.floatModel(g.build(y, 1, 3, 4), 1, 2, 6);
        OnnxGraphs z = new OnnxGraphs("reshape_allowzero_0", 37, 1, 2, 6).opset(14);
        z.initRaw(OnnxTensors.int64s("shape", new long[] {3}, new long[] {0, 3, -1}));
        ModelProto m =
                z.build(
                        z.op("Reshape", List.of("x", "shape"), OnnxAttributes.of("allowzero", 1L)),
                        1,
                        3,
                        4);
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(m));
        assertTrue(e.getMessage().contains("allowzero=1 with a 0"), e.getMessage());
    }

    @Test
    void concatWithAConstantThenMulByTrailingFactor() throws Exception {
        OnnxGraphs g = new OnnxGraphs("concat_const", 23, 2, 3, 4);
        String c =
                g.op(
                        "Concat",
                        List.of("x", g.init(2, 1, 4)),
                        OnnxAttributes.of("axis", 1L)); // [2, 4, 4]
        String m = g.op("Mul", List.of(c, g.init(4)));
        String y = g.op("Mul", List.of(m, g.init(2, 4, 4)));
        CodegenChecks.floatModel(fixed(g.build(y, 1, 4, 4), 2, 2), 2, 3, 4);
    }

    @Test
    void qdqMulByTrailingFactorMatchesTheInterpreterBitForBit() throws Exception {
        QdqGraphs q = new QdqGraphs("qmul_trailing", 24, 1, 12);
        float s0 = 0.02f;
        String x = q.qdq("x", s0, 3);
        String rows =
                q.qdq(
                        q.op(
                                "Reshape",
                                List.of(
                                        x,
                                        q.init(
                                                OnnxTensors.int64s(
                                                        "r", new long[] {2}, new long[] {3, 4})))),
                        s0,
                        3);
        String f =
                q.op(
                        "DequantizeLinear",
                        List.of(
                                q.init(
                                        OnnxTensors.int8s(
                                                "f",
                                                new long[] {4},
                                                new byte[] {90, -40, 127, 12})),
                                q.init(OnnxTensors.scalar("fs", 0.01f)),
                                q.init(OnnxTensors.int8s("fz", new long[0], new byte[] {0}))));
        String y = q.qdq(q.op("Mul", List.of(rows, f)), 0.015f, -2);
        CodegenChecks.qdqModel(q.build(y, 4), 1, 12);
    }

    @Test
    void identityAndEvalDropoutWithUnreadMaskComputeNothingButRun() throws Exception {
        OnnxGraphs g = new OnnxGraphs("nothing", 25, 1, 6).opset(13);
        g.initRaw(OnnxTensors.scalar("ratio", 0.4f));
        g.initRaw(
                TensorProto.newBuilder()
                        .setName("train")
                        .setDataType(TensorProto.DataType.BOOL.getNumber())
                        .addInt32Data(0)
                        .build());
        String id = g.op("Identity", List.of("x"));
        String d = g.dropoutWithMask(id, "ratio", "train");
        CodegenChecks.floatModel(g.build(d, 1, 6), 1, 6);
        OnnxGraphs only = new OnnxGraphs("identity_only", 26, 1, 5);
        CodegenChecks.floatModel(only.build(only.op("Identity", List.of("x")), 1, 5), 1, 5);
    }

    @Test
    void dropoutInTrainingModeOrWithItsMaskReadIsRefused() {
        OnnxGraphs g = new OnnxGraphs("train_dropout", 27, 1, 6).opset(13);
        g.initRaw(OnnxTensors.scalar("ratio", 0.4f));
        g.initRaw(
                TensorProto.newBuilder()
                        .setName("train")
                        .setDataType(TensorProto.DataType.BOOL.getNumber())
                        .addInt32Data(1)
                        .build());
        ModelProto m = g.build(g.dropoutWithMask("x", "ratio", "train"), 1, 6);
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(m));
        assertTrue(e.getMessage().contains("dropped at random"), e.getMessage());
        OnnxGraphs h = new OnnxGraphs("mask_read", 28, 1, 6).opset(13);
        String out = h.dropoutWithMask("x", "", "");
        ModelProto masked =
                h.build(h.op("Mul", List.of(out, out.replace("dropout", "mask"))), 1, 6);
        e = assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(masked));
        assertTrue(e.getMessage().contains("mask output"), e.getMessage());
    }

    @Test
    void opsetOneGlobalAveragePool() throws Exception {
        OnnxGraphs g = new OnnxGraphs("gap1", 29, 1, 3, 4, 4);
        ModelProto m = Opsets.with(g.build(g.op("GlobalAveragePool", List.of("x")), 1, 3, 1, 1), 1);
        CodegenChecks.floatModel(m, 1, 3, 4, 4);
    }
}
