package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/**
 * Transpose, the channel shuffle, and shape arithmetic folded at import, in float (ONNX Runtime vs
 * generated C) and int8 (QDQ: C == interpreter, interpreter within one step of ONNX Runtime).
 */
class TransposeShuffleCodegenTest {

    private static List<OpKind> ops(Graph g) {
        return g.nodes().stream().map(Node::op).toList();
    }

    private static String ints(OnnxGraphs g, String name, long... v) {
        g.initRaw(OnnxTensors.int64s(name, new long[] {v.length}, v));
        return name;
    }

    /**
     * ShuffleNet's shuffle as PyTorch exports {@code x.view(x.size(0), g, c // g, h, w)}: the batch
     * comes from Shape → Gather → Unsqueeze, joined with constants by Concat into the Reshape
     * target; then Transpose (0, 2, 1, 3, 4) and a Reshape back whose target is Shape → Slice.
     */
    static String shuffle(OnnxGraphs g, String x, long c, long h, long w, long groups) {
        String shape = g.op("Shape", List.of(x));
        String zero = ints(g, "zero" + groups + c, 0);
        zero =
                g.op(
                        "Gather",
                        List.of(shape, g.op("Squeeze", List.of(zero, ints(g, "ax0_" + c, 0)))),
                        OnnxAttributes.of("axis", 0L));
        String batch = g.op("Unsqueeze", List.of(zero, ints(g, "ax_" + c, 0)));
        String rest = ints(g, "rest" + c, groups, c / groups, h, w);
        String target = g.op("Concat", List.of(batch, rest), OnnxAttributes.of("axis", 0L));
        String five = g.op("Reshape", List.of(x, target));
        String t = g.op("Transpose", List.of(five), OnnxAttributes.ints("perm", 0, 2, 1, 3, 4));
        String first = g.op("Slice", List.of(shape, ints(g, "s0" + c, 0), ints(g, "s1" + c, 1)));
        String back =
                g.op(
                        "Concat",
                        List.of(first, ints(g, "m1" + c, -1, h, w)),
                        OnnxAttributes.of("axis", 0L));
        return g.op("Reshape", List.of(t, back));
    }

    @Test
    void channelShuffleWithShapeGatherConcatSubgraph() throws Exception {
        OnnxGraphs g = new OnnxGraphs("shuffle", 1, 1, 3, 6, 5);
        String c = g.op("Relu", List.of(g.conv("x", 3, 12, 3, 1, 1, 1, true)));
        String s = shuffle(g, c, 12, 6, 5, 3);
        String y = g.conv(s, 12, 4, 3, 1, 1, 2, true);
        Graph ir = CodegenChecks.floatModel(g.build(y, 1, 4, 6, 5), 1, 3, 6, 5);
        assertEquals(
                List.of(OpKind.CONV, OpKind.CHANNEL_SHUFFLE, OpKind.CONV), ops(ir), ir.toString());
        assertEquals(3, ir.nodes().get(1).attributes().group());
    }

    @Test
    void generalTransposesOfFourThreeAndTwoDimensions() throws Exception {
        OnnxGraphs g = new OnnxGraphs("transpose", 2, 1, 3, 4, 5);
        String c = g.conv("x", 3, 6, 3, 1, 1, 1, true);
        String t4 =
                g.op(
                        "Transpose",
                        List.of(c),
                        OnnxAttributes.ints("perm", 0, 2, 3, 1)); // [1, 4, 5, 6]
        String t3 =
                g.op(
                        "Transpose",
                        List.of(g.op("Reshape", List.of(t4, ints(g, "r3", 1, 20, 6)))),
                        OnnxAttributes.ints("perm", 0, 2, 1)); // [1, 6, 20]
        String flat = g.op("Reshape", List.of(t3, ints(g, "r2", 6, 20)));
        String mm = g.op("MatMul", List.of(flat, g.init(20, 7))); // [6, 7]
        String y = g.op("Transpose", List.of(mm)); // [7, 6]
        Graph ir = CodegenChecks.floatModel(g.build(y, 7, 6), 1, 3, 4, 5);
        assertTrue(ops(ir).contains(OpKind.TRANSPOSE), ir.toString());
    }

    @Test
    void transposeOfNchwToNhwcIsOneCopyOfDeviceBytes() throws Exception {
        OnnxGraphs g = new OnnxGraphs("nhwc", 3, 1, 2, 3, 3);
        String t =
                g.op(
                        "Transpose",
                        List.of(g.conv("x", 2, 5, 1, 1, 0, 1, true)),
                        OnnxAttributes.ints("perm", 0, 2, 3, 1));
        CodegenChecks.floatModel(g.build(t, 1, 3, 3, 5), 1, 2, 3, 3);
    }

    @Test
    void fiveDimensionalTensorOutsideTheShuffleIsRefused() {
        OnnxGraphs g = new OnnxGraphs("five", 4, 1, 4, 2, 2);
        String r = g.op("Reshape", List.of("x", ints(g, "t", 1, 2, 2, 2, 2)));
        String y = g.op("Transpose", List.of(r), OnnxAttributes.ints("perm", 0, 1, 2, 4, 3));
        ModelProto m = g.build(y, 1, 2, 2, 2, 2);
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(m));
        assertTrue(e.getMessage().contains("channel shuffle"), e.getMessage());
    }

    @Test
    void constantsFoldThroughCastSliceConstantOfShapeAndSqueezeOfActivations() throws Exception {
        OnnxGraphs g = new OnnxGraphs("fold", 5, 1, 3, 4, 4);
        String p = g.op("GlobalAveragePool", List.of(g.conv("x", 3, 8, 3, 1, 1, 1, true)));
        String sq = g.op("Squeeze", List.of(p, ints(g, "axes", 2, 3))); // activation: [1, 8]
        String sh =
                g.op(
                        "Cast",
                        List.of(g.op("Shape", List.of(sq))),
                        OnnxAttributes.of("to", 6L)); // int32
        String back = g.op("Cast", List.of(sh), OnnxAttributes.of("to", 7L)); // int64 [1, 8]
        String ones =
                g.op(
                        "ConstantOfShape",
                        List.of(ints(g, "two", 2)),
                        OnnxAttributes.of(
                                "value", OnnxTensors.int64s("v", new long[] {1}, new long[] {1})));
        String target =
                g.op(
                        "Concat",
                        List.of(
                                g.op("Slice", List.of(back, ints(g, "a", -1), ints(g, "b", 2))),
                                ones),
                        OnnxAttributes.of("axis", 0L)); // [8, 1, 1]
        String r = g.op("Reshape", List.of(sq, target));
        String f = g.op("Flatten", List.of(r), OnnxAttributes.of("axis", 0L)); // [1, 8]
        String y =
                g.op("Gemm", List.of(f, g.init(5, 8), g.init(5)), OnnxAttributes.of("transB", 1L));
        Graph ir = CodegenChecks.floatModel(g.build(y, 1, 5), 1, 3, 4, 4);
        assertEquals(
                List.of(
                        OpKind.CONV,
                        OpKind.GLOBAL_AVG_POOL,
                        OpKind.RESHAPE,
                        OpKind.RESHAPE,
                        OpKind.RESHAPE,
                        OpKind.DENSE),
                ops(ir));
    }

    @Test
    void qdqChannelShuffleAndTranspose() throws Exception {
        QdqGraphs q = new QdqGraphs("qshuffle", 6, 1, 3, 5, 4);
        float s0 = 0.02f;
        float s1 = 0.03f;
        String x = q.qdq("x", s0, 3);
        String c = q.conv(x, s0, 3, 8, 3, s1, -128);
        String five =
                q.qdq(
                        q.op(
                                "Reshape",
                                List.of(
                                        c,
                                        q.init(
                                                OnnxTensors.int64s(
                                                        "t5",
                                                        new long[] {5},
                                                        new long[] {1, 2, 4, 5, 4})))),
                        s1,
                        -128);
        String t =
                q.qdq(
                        q.op(
                                "Transpose",
                                List.of(five),
                                OnnxAttributes.ints("perm", 0, 2, 1, 3, 4)),
                        s1,
                        -128);
        String s =
                q.qdq(
                        q.op(
                                "Reshape",
                                List.of(
                                        t,
                                        q.init(
                                                OnnxTensors.int64s(
                                                        "t4",
                                                        new long[] {4},
                                                        new long[] {1, 8, 5, 4})))),
                        s1,
                        -128);
        String nhwc =
                q.qdq(
                        q.op("Transpose", List.of(s), OnnxAttributes.ints("perm", 0, 3, 1, 2)),
                        s1,
                        -128);
        Graph g = CodegenChecks.qdqModel(q.build(nhwc, 4, 8, 5), 1, 3, 5, 4);
        assertEquals(
                List.of(OpKind.CONV, OpKind.CHANNEL_SHUFFLE, OpKind.TRANSPOSE),
                ops(g),
                g.toString());
    }
}
