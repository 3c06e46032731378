package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.plan.KernelScratch;

/**
 * Dilated convolution (dense, grouped, depthwise; equal and unequal dilations, with strides and
 * auto_pad): float generated C against ONNX Runtime (1e-5 relative), QDQ generated C against the
 * int8 interpreter bit for bit and the interpreter within one step of ONNX Runtime ({@link
 * CodegenChecks}).
 */
class DilatedConvCodegenTest {

    private static AttributeProto ints(String name, long... v) {
        return OnnxAttributes.ints(name, v);
    }

    private static List<Node> convs(Graph g) {
        return g.nodes().stream().filter(n -> n.op() == OpKind.CONV).toList();
    }

    @Test
    void floatDilation2Pad2KeepsTheSize() throws Exception {
        OnnxGraphs g = new OnnxGraphs("dil2", 11, 1, 3, 9, 9);
        String y =
                g.op(
                        "Conv",
                        List.of("x", g.init(5, 3, 3, 3), g.init(5)),
                        ints("kernel_shape", 3, 3),
                        ints("dilations", 2, 2),
                        ints("pads", 2, 2, 2, 2));
        Graph ir = CodegenChecks.floatModel(g.build(y, 1, 5, 9, 9), 1, 3, 9, 9);
        assertArrayEquals(new int[] {2, 2}, convs(ir).get(0).attributes().dilations());
    }

    @Test
    void floatUnequalDilationsWithStride2() throws Exception {
        // H: (11 + 1 + 1 - 2·2 - 1) / 2 + 1 = 5; W: (13 + 0 + 2 - 3·2 - 1) / 2 + 1 = 5
        OnnxGraphs g = new OnnxGraphs("dil23", 12, 1, 4, 11, 13);
        String y =
                g.op(
                        "Conv",
                        List.of("x", g.init(6, 4, 3, 3)),
                        ints("dilations", 2, 3),
                        ints("strides", 2, 2),
                        ints("pads", 1, 0, 1, 2));
        CodegenChecks.floatModel(g.build(y, 1, 6, 5, 5), 1, 4, 11, 13);
    }

    /**
     * Depthwise (dilation 2) → ReLU → grouped conv (2 groups, dilation 2, stride 2, padding {@code
     * samePads}: SAME_UPPER when null) → depthwise with multiplier 2 (a grouped conv), unequal
     * dilations.
     */
    private static ModelProto depthwiseAndGrouped(long[] samePads) {
        OnnxGraphs g = new OnnxGraphs("dildw", 13, 1, 4, 10, 9);
        String dw =
                g.op(
                        "Conv",
                        List.of("x", g.init(4, 1, 3, 3), g.init(4)),
                        ints("dilations", 2, 2),
                        ints("pads", 2, 2, 2, 2),
                        OnnxAttributes.of("group", 4L));
        String r = g.op("Relu", List.of(dw));
        AttributeProto pad =
                samePads == null
                        ? OnnxAttributes.of("auto_pad", "SAME_UPPER")
                        : ints("pads", samePads);
        String gr =
                g.op(
                        "Conv",
                        List.of(r, g.init(6, 2, 3, 4)),
                        ints("dilations", 2, 2),
                        ints("strides", 2, 2),
                        OnnxAttributes.of("group", 2L),
                        pad);
        String m =
                g.op(
                        "Conv",
                        List.of(gr, g.init(12, 1, 2, 3)),
                        ints("dilations", 1, 2),
                        ints("pads", 1, 2, 0, 2),
                        OnnxAttributes.of("group", 6L));
        return g.build(m, 1, 12, 5, 5);
    }

    @Test
    void floatDepthwiseAndGroupedDilatedWithSamePadding() throws Exception {
        // ONNX sizes SAME padding by the dilated extent (5 x 7 here): H total (5-1)·2 + 5 - 10 = 3
        // →
        // 1 + 2, W total (5-1)·2 + 7 - 9 = 6 → 3 + 3. ONNX Runtime refuses dilation with auto_pad,
        // so
        // its reference is the same model with those pads written out.
        Graph ir =
                CodegenChecks.floatModel(
                        depthwiseAndGrouped(null),
                        depthwiseAndGrouped(new long[] {1, 3, 2, 3}),
                        1,
                        4,
                        10,
                        9);
        List<Node> c = convs(ir);
        assertEquals(3, c.size());
        assertArrayEquals(new int[] {1, 3, 2, 3}, c.get(1).attributes().pads());
        assertEquals(true, KernelScratch.isDepthwise(ir, c.get(0)));
        assertEquals(false, KernelScratch.isDepthwise(ir, c.get(2)));
    }

    @Test
    void qdqDilatedDenseDepthwiseAndUnequal() throws Exception {
        QdqGraphs q = new QdqGraphs("qdil", 21, 1, 3, 12, 11);
        float s0 = 0.02f;
        float s1 = 0.03f;
        float s2 = 0.025f;
        String x = q.qdq("x", s0, 3);
        String[] w1 = q.weights(new long[] {8, 3, 3, 3}, s0, 0);
        String c1 =
                q.qdq(
                        q.op(
                                "Relu",
                                List.of(
                                        q.op(
                                                "Conv",
                                                List.of(x, w1[0], w1[1]),
                                                ints("dilations", 2, 2),
                                                ints("pads", 2, 2, 2, 2)))),
                        s1,
                        -128);
        String[] w2 = q.weights(new long[] {8, 1, 3, 3}, s1, 0);
        String c2 =
                q.qdq(
                        q.op(
                                "Conv",
                                List.of(c1, w2[0], w2[1]),
                                ints("dilations", 3, 2),
                                ints("pads", 3, 2, 3, 2),
                                OnnxAttributes.of("group", 8L)),
                        s2,
                        5);
        String[] w3 = q.weights(new long[] {6, 8, 3, 3}, s2, 0);
        String c3 =
                q.qdq(
                        q.op(
                                "Conv",
                                List.of(c2, w3[0], w3[1]),
                                ints("dilations", 2, 3),
                                ints("strides", 2, 2),
                                ints("pads", 1, 0, 1, 2)),
                        0.04f,
                        -3);
        // 12 x 11 → 12 x 11 → 12 x 11 → H (12 + 2 - 5) / 2 + 1 = 5, W (11 + 2 - 7) / 2 + 1 = 4
        Graph g = CodegenChecks.qdqModel(q.build(c3, 6, 5, 4), 1, 3, 12, 11);
        List<Node> c = convs(g);
        assertEquals(3, c.size());
        assertArrayEquals(new int[] {3, 2}, c.get(1).attributes().dilations());
        assertEquals(true, KernelScratch.isDepthwise(g, c.get(1)));
    }
}
