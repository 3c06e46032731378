package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Tensors of rank 1 to 4 whose leading dimension is data (Gemm, MatMul, Add, Concat, Flatten,
 * Reshape, Softmax, Clip, Relu), float against ONNX Runtime and QDQ int8; and opset 6 graphs.
 */
class NdOpset6CodegenTest {

    private static String ints(OnnxGraphs g, String name, long... v) {
        g.initRaw(OnnxTensors.int64s(name, new long[] {v.length}, v));
        return name;
    }

    /** A 2-D Gemm with leading dimension 3, N-D add, clip, concat on axis 0, softmax over rows. */
    @Test
    void gemmWithLeadingDimensionThreeAddConcatSoftmaxRows() throws Exception {
        OnnxGraphs g = new OnnxGraphs("nd", 1, 1, 12);
        String rows = g.op("Reshape", List.of("x", ints(g, "r", 3, 4)));
        String a =
                g.op(
                        "Gemm",
                        List.of(rows, g.init(5, 4), g.init(5)),
                        OnnxAttributes.of("transB", 1L)); // [3, 5]
        String b = g.op("Relu", List.of(g.op("Gemm", List.of(rows, g.init(4, 5)))));
        String s = g.clip(g.op("Add", List.of(a, b)), -0.5f, 0.8f);
        String c = g.op("Concat", List.of(s, a), OnnxAttributes.of("axis", 0L)); // [6, 5]
        String y = g.op("Softmax", List.of(c));
        CodegenChecks.floatModel(g.build(y, 6, 5), 1, 12);
    }

    /**
     * MatMul of 3-D and 1-D activations, Flatten of a 3-D tensor, Concat on the last axis, 1-D
     * output.
     */
    @Test
    void matMulOfThreeAndOneDimensionalTensorsWithFlattenAndConcat() throws Exception {
        OnnxGraphs g = new OnnxGraphs("nd3", 2, 1, 2, 3, 4);
        String three = g.op("Reshape", List.of("x", ints(g, "r", 2, 3, 4)));
        String m = g.op("MatMul", List.of(three, g.init(4, 5))); // [2, 3, 5]
        String c = g.op("Concat", List.of(m, three), OnnxAttributes.of("axis", 2L)); // [2, 3, 9]
        String f = g.op("Flatten", List.of(c), OnnxAttributes.of("axis", 0L)); // [1, 54]
        String v = g.op("Reshape", List.of(f, ints(g, "v", 54)));
        String y = g.op("MatMul", List.of(v, g.init(54, 6))); // [6]
        Graph ir = CodegenChecks.floatModel(g.build(y, 6), 1, 2, 3, 4);
        assertEquals(1, ir.tensor(ir.outputs().get(0)).rank());
    }

    /** A 4-D activation flattened with its NCHW order for a softmax and for the graph output. */
    @Test
    void flattenOfSpatialTensorReadByNonDenseOpsIsACopyIntoOnnxOrder() throws Exception {
        OnnxGraphs g = new OnnxGraphs("flatcopy", 3, 1, 2, 3, 3);
        String c = g.conv("x", 2, 4, 3, 1, 1, 1, true);
        String y =
                g.op(
                        "Softmax",
                        List.of(g.op("Flatten", List.of(c))),
                        OnnxAttributes.of("axis", 1L));
        CodegenChecks.floatModel(g.build(y, 1, 36), 1, 2, 3, 3);
    }

    @Test
    void qdqGemmWithLeadingDimensionAddAndConcat() throws Exception {
        QdqGraphs q = new QdqGraphs("qnd", 4, 1, 12);
        float s0 = 0.02f;
        float s1 = 0.05f;
        String x = q.qdq("x", s0, 0);
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
                        0);
        String a = q.gemm(rows, s0, 4, 6, s1, 3);
        String b = q.gemm(rows, s0, 4, 6, s1, 3);
        String sum = q.qdq(q.op("Add", List.of(a, b)), 0.08f, -5);
        String c =
                q.qdq(q.op("Concat", List.of(sum, sum), OnnxAttributes.of("axis", 0L)), 0.08f, -5);
        CodegenChecks.qdqModel(q.build(c, 6), 1, 12);
    }

    /**
     * The same opset-6 model relabelled opset 7 without the attributes opset 7 dropped: ONNX
     * Runtime has no BatchNormalization(6) kernel, so this is the oracle (the semantics did not
     * change).
     */
    private static ModelProto asOpset7(ModelProto m) {
        ModelProto.Builder b = Opsets.with(m, 7).toBuilder();
        var graph = b.getGraphBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto.Builder n = graph.getNodeBuilder(i);
            List<AttributeProto> keep =
                    n.getAttributeList().stream()
                            .filter(
                                    a ->
                                            !a.getName().equals("is_test")
                                                    && !a.getName().equals("broadcast"))
                            .toList();
            n.clearAttribute().addAllAttribute(keep);
        }
        return b.build();
    }

    @Test
    void opset6GraphWithIsTestBroadcastAndAttributePads() throws Exception {
        OnnxGraphs g = new OnnxGraphs("op6", 5, 1, 3, 8, 8);
        String bn =
                g.op(
                        "BatchNormalization",
                        List.of(
                                g.conv("x", 3, 6, 3, 1, 1, 1, false),
                                g.positive(6),
                                g.init(6),
                                g.init(6),
                                g.positive(6)),
                        OnnxAttributes.of("is_test", 1L),
                        OnnxAttributes.of("spatial", 1L),
                        OnnxAttributes.of("epsilon", 1e-3f));
        String r = g.op("Relu", List.of(bn));
        String p = g.op("Pad", List.of(r), OnnxAttributes.ints("pads", 0, 0, 1, 1, 0, 0, 1, 1));
        String m =
                g.op(
                        "MaxPool",
                        List.of(p),
                        OnnxAttributes.ints("kernel_shape", 2, 2),
                        OnnxAttributes.ints("strides", 2, 2));
        String d =
                g.op(
                        "Dropout",
                        List.of(m),
                        OnnxAttributes.of("is_test", 1L),
                        OnnxAttributes.of("ratio", 0.5f));
        String f = g.op("Flatten", List.of(d));
        String s = g.op("Add", List.of(f, f), OnnxAttributes.of("broadcast", 0L));
        String y =
                g.op(
                        "Softmax",
                        List.of(
                                g.op(
                                        "Gemm",
                                        List.of(s, g.init(4, 150), g.init(4)),
                                        OnnxAttributes.of("transB", 1L),
                                        OnnxAttributes.of("broadcast", 1L))));
        ModelProto six = Opsets.with(g.build(y, 1, 4), 6);
        CodegenChecks.floatModel(six, asOpset7(six), 1, 3, 8, 8);
    }

    @Test
    void opset6BatchNormInTrainingModeAndOpset5AreRefused() {
        OnnxGraphs g = new OnnxGraphs("op6bad", 5, 1, 2, 4, 4);
        String bn =
                g.op(
                        "BatchNormalization",
                        List.of("x", g.positive(2), g.init(2), g.init(2), g.positive(2)),
                        OnnxAttributes.of("is_test", 0L));
        ModelProto six = Opsets.with(g.build(bn, 1, 2, 4, 4), 6);
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(six));
        assertTrue(e.getMessage().contains("is_test"), e.getMessage());
        e =
                assertThrows(
                        UnsupportedModelException.class,
                        () -> OnnxReader.read(Opsets.with(six, 5)));
        assertTrue(e.getMessage().contains("opset 5"), e.getMessage());
    }

    @Test
    void symbolicFirstDimensionOfAGraphInputStillMeansBatchOne() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder("batch");
        b.input(OnnxValueInfos.batched("x", DataType.FLOAT, "N", 4));
        b.initializer(OnnxTensors.floats("w", new long[] {3, 4}, new float[12]));
        b.node("Gemm", "fc", List.of("x", "w"), List.of("y"), OnnxAttributes.of("transB", 1L));
        b.output(OnnxValueInfos.batched("y", DataType.FLOAT, "N", 3));
        Graph g = OnnxReader.read(b.build());
        assertArrayEquals(new int[] {1, 4}, g.tensor("x").shape());
    }
}
