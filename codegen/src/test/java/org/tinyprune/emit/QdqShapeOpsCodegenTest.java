package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxTensors;

/**
 * QDQ models with the new shape ops (Pad also with a value other than 0): folded to int8, the
 * interpreter within one step of ONNX Runtime, generated C bit-identical to the interpreter ({@link
 * CodegenChecks#qdqModel}).
 */
class QdqShapeOpsCodegenTest {

    private static List<OpKind> ops(Graph g) {
        return g.nodes().stream().map(Node::op).toList();
    }

    @Test
    void padPoolsWithCeilDilationCountIncludePadAndReduceMean() throws Exception {
        QdqGraphs q = new QdqGraphs("qpools", 3, 1, 3, 9, 9);
        float s0 = 0.02f;
        float s1 = 0.03f;
        String x = q.qdq("x", s0, 3);
        String c = q.conv(x, s0, 3, 6, 3, s1, -128);
        String pads =
                q.init(
                        OnnxTensors.int64s(
                                "pads", new long[] {8}, new long[] {0, 0, 1, 1, 0, 0, 0, 1}));
        String p = q.qdq(q.op("Pad", List.of(c, pads)), s1, -128);
        String m =
                q.qdq(
                        q.op(
                                "MaxPool",
                                List.of(p),
                                OnnxAttributes.ints("kernel_shape", 2, 2),
                                OnnxAttributes.ints("strides", 2, 2),
                                OnnxAttributes.ints("dilations", 1, 2),
                                OnnxAttributes.of("ceil_mode", 1L)),
                        s1,
                        -128);
        String a =
                q.qdq(
                        q.op(
                                "AveragePool",
                                List.of(m),
                                OnnxAttributes.ints("kernel_shape", 3, 3),
                                OnnxAttributes.ints("pads", 1, 1, 1, 1),
                                OnnxAttributes.of("count_include_pad", 1L)),
                        s1,
                        -128);
        String r =
                q.qdq(
                        q.op(
                                "ReduceMean",
                                List.of(a),
                                OnnxAttributes.ints("axes", 2, 3),
                                OnnxAttributes.of("keepdims", 0L)),
                        s1,
                        -128);
        String y = q.gemm(r, s1, 6, 4, 0.05f, 2);
        Graph g = CodegenChecks.qdqModel(q.build(y, 4), 1, 3, 9, 9);
        assertEquals(
                List.of(
                        OpKind.CONV,
                        OpKind.MAX_POOL,
                        OpKind.AVG_POOL,
                        OpKind.GLOBAL_AVG_POOL,
                        OpKind.RESHAPE,
                        OpKind.DENSE),
                ops(g));
    }

    @Test
    void standalonePadOfSignedValuesPadsWithTheZeroPoint() throws Exception {
        QdqGraphs q = new QdqGraphs("qpad", 4, 1, 2, 6, 5);
        float s0 = 0.02f;
        String x = q.qdq("x", s0, 10);
        String pads =
                q.init(
                        OnnxTensors.int64s(
                                "pads", new long[] {8}, new long[] {0, 0, 2, 1, 0, 0, 1, 2}));
        String p = q.qdq(q.op("Pad", List.of(x, pads)), s0, 10);
        String m =
                q.qdq(
                        q.op(
                                "AveragePool",
                                List.of(p),
                                OnnxAttributes.ints("kernel_shape", 3, 2),
                                OnnxAttributes.ints("pads", 1, 0, 0, 1),
                                OnnxAttributes.ints("strides", 2, 1)),
                        s0,
                        10);
        Graph g = CodegenChecks.qdqModel(q.build(m, 2, 4, 8), 1, 2, 6, 5);
        assertEquals(List.of(OpKind.PAD, OpKind.AVG_POOL), ops(g));
    }

    @Test
    void padWithAValueOtherThanZeroPadsWithItsQuantisedCodeAndStaysBeforeAConv() throws Exception {
        QdqGraphs q = new QdqGraphs("qpad_value", 5, 1, 2, 5, 4);
        float s0 = 0.02f;
        String x = q.qdq("x", s0, 10);
        String pads =
                q.init(
                        OnnxTensors.int64s(
                                "pads", new long[] {8}, new long[] {0, 0, 1, 2, 0, 0, 2, 1}));
        String v =
                q.op(
                        "DequantizeLinear",
                        List.of(
                                q.init(OnnxTensors.int8s("v", new long[0], new byte[] {70})),
                                q.init(OnnxTensors.scalar("vs", s0)),
                                q.init(OnnxTensors.int8s("vz", new long[0], new byte[] {10}))));
        String p = q.qdq(q.op("Pad", List.of(x, pads, v)), s0, 10); // pads with real 1.2, code 70
        String c = q.conv(p, s0, 2, 3, 3, 0.03f, -5);
        Graph g = CodegenChecks.qdqModel(q.build(c, 3, 8, 7), 1, 2, 5, 4);
        assertEquals(List.of(OpKind.PAD, OpKind.CONV), ops(g));
    }
}
