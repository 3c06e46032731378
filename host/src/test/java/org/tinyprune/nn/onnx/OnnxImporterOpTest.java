package org.tinyprune.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyprune.nn.onnx.TestNets.attr;
import static org.tinyprune.nn.onnx.TestNets.in;
import static org.tinyprune.nn.onnx.TestNets.ints;
import static org.tinyprune.nn.onnx.TestNets.net;
import static org.tinyprune.nn.onnx.TestNets.roundTrip;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.ChannelShuffle;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.ZeroPad2d;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;

/**
 * One ONNX operator at a time, with the attribute settings exporters write: each model is imported,
 * its eval forward pass compared with ONNX Runtime on the model file (1e-4 relative), and the
 * imported graph exported again and run by ONNX Runtime (same tolerance).
 */
class OnnxImporterOpTest {

    static Stream<Arguments> convs() {
        // in, out, kh, kw, stride, pads (t,l,b,r), group, bias, dilation, H, W
        return Stream.of(
                Arguments.of(3, 5, 1, 1, 1, new long[] {0, 0, 0, 0}, 1, true, 1, 7, 9),
                Arguments.of(3, 6, 3, 3, 1, new long[] {1, 1, 1, 1}, 1, false, 1, 7, 7),
                Arguments.of(4, 8, 3, 3, 2, new long[] {1, 1, 1, 1}, 2, true, 1, 9, 8),
                Arguments.of(6, 6, 3, 3, 2, new long[] {1, 1, 1, 1}, 6, true, 1, 9, 9),
                Arguments.of(6, 6, 5, 5, 1, new long[] {2, 2, 2, 2}, 6, false, 1, 8, 8),
                Arguments.of(1, 4, 10, 4, 2, new long[] {5, 1, 5, 1}, 1, true, 1, 49, 10),
                Arguments.of(3, 4, 3, 3, 1, new long[] {2, 2, 2, 2}, 1, true, 2, 9, 9),
                Arguments.of(4, 4, 3, 3, 1, new long[] {2, 2, 2, 2}, 4, false, 2, 8, 8),
                Arguments.of(3, 4, 3, 3, 2, new long[] {0, 0, 1, 1}, 1, true, 1, 8, 8),
                Arguments.of(2, 3, 3, 2, 1, new long[] {1, 0, 2, 1}, 1, true, 3, 10, 7));
    }

    @ParameterizedTest(
            name = "conv in={0} out={1} k={2}x{3} s={4} pads={5} g={6} bias={7} d={8} {9}x{10}")
    @MethodSource("convs")
    void conv(
            int in,
            int out,
            int kh,
            int kw,
            int stride,
            long[] pads,
            int groups,
            boolean bias,
            int dilation,
            int h,
            int w)
            throws Exception {
        TestNets n = net("conv", 13, in, h, w);
        String wt = n.weight(0.5f, out, in / groups, kh, kw);
        java.util.List<String> inputs = in("x", wt);
        if (bias) {
            inputs.add(n.weight(0.5f, out));
        }
        n.node(
                "Conv",
                "y",
                inputs,
                ints("kernel_shape", kh, kw),
                ints("strides", stride, stride),
                ints("pads", pads),
                ints("dilations", dilation, dilation),
                attr("group", (long) groups));
        ImportedModel m = roundTrip(n.build("y"), 1f);
        assertTrue(m.graph().nodes().stream().anyMatch(nd -> nd.layer() instanceof Conv2d));
    }

    @Test
    void convAutoPadSameUpper() throws Exception {
        TestNets n = net("same", 13, 3, 7, 8);
        n.node(
                "Conv",
                "y",
                in("x", n.weight(0.5f, 4, 3, 3, 3)),
                attr("auto_pad", "SAME_UPPER"),
                ints("strides", 2, 2));
        roundTrip(n.build("y"), 1f);
    }

    @Test
    void batchNormKeepsStatisticsAndMomentum() throws Exception {
        TestNets n = net("bn", 13, 4, 5, 5);
        String c =
                n.node("Conv", "c", in("x", n.weight(0.5f, 4, 4, 3, 3)), ints("pads", 1, 1, 1, 1));
        n.node(
                "BatchNormalization",
                "y",
                in(
                        c,
                        n.uniform(0.5f, 1.5f, 4),
                        n.weight(0.5f, 4),
                        n.weight(0.5f, 4),
                        n.uniform(0.5f, 2f, 4)),
                attr("epsilon", 1e-3f),
                attr("momentum", 0.8f));
        ImportedModel m = roundTrip(n.build("y"), 1f);
        BatchNorm2d bn = (BatchNorm2d) m.graph().node("y").layer();
        assertEquals(1e-3f, bn.eps());
        assertEquals(0.2f, bn.momentum(), 1e-6f);
    }

    @Test
    void reluAndClip() throws Exception {
        TestNets n = net("act", 13, 3, 4, 4);
        String r = n.node("Relu", "r", in("x"));
        String c = n.node("Clip", "c", in("x", n.scalar(0f), n.scalar(6f)));
        String c2 = n.node("Clip", "c2", in("x", n.scalar(0f)));
        String s = n.node("Add", "s", in(r, c));
        n.node("Add", "y", in(s, c2));
        roundTrip(n.build("y"), 10f);
    }

    static Stream<Arguments> pools() {
        // max?, kh, kw, sh, sw, pads (t,l,b,r), ceil, count_include_pad, H, W
        return Stream.of(
                Arguments.of(true, 2, 2, 2, 2, new long[] {0, 0, 0, 0}, 0, 0, 8, 8),
                Arguments.of(true, 3, 3, 2, 2, new long[] {1, 1, 1, 1}, 0, 0, 7, 9),
                Arguments.of(true, 3, 3, 2, 2, new long[] {0, 0, 0, 0}, 1, 0, 8, 10),
                Arguments.of(true, 3, 2, 2, 1, new long[] {1, 0, 0, 1}, 1, 0, 9, 6),
                Arguments.of(true, 2, 2, 2, 2, new long[] {1, 1, 1, 1}, 1, 0, 5, 5),
                Arguments.of(false, 2, 2, 2, 2, new long[] {0, 0, 0, 0}, 0, 0, 8, 6),
                Arguments.of(false, 3, 3, 2, 2, new long[] {1, 1, 1, 1}, 0, 0, 7, 9),
                Arguments.of(false, 3, 3, 2, 2, new long[] {1, 1, 1, 1}, 0, 1, 7, 9),
                Arguments.of(false, 3, 3, 2, 2, new long[] {1, 1, 1, 1}, 1, 1, 8, 8),
                Arguments.of(false, 3, 3, 2, 2, new long[] {1, 1, 1, 1}, 1, 0, 8, 8),
                Arguments.of(false, 3, 3, 2, 2, new long[] {0, 0, 0, 0}, 1, 0, 8, 10),
                Arguments.of(false, 25, 5, 25, 5, new long[] {0, 0, 0, 0}, 0, 0, 25, 5),
                Arguments.of(false, 4, 2, 3, 2, new long[] {2, 0, 1, 1}, 1, 1, 11, 7),
                Arguments.of(false, 4, 2, 3, 2, new long[] {2, 0, 1, 1}, 1, 0, 11, 7));
    }

    @ParameterizedTest(name = "max={0} k={1}x{2} s={3},{4} pads={5} ceil={6} count_pad={7} {8}x{9}")
    @MethodSource("pools")
    void pool(
            boolean max,
            int kh,
            int kw,
            int sh,
            int sw,
            long[] pads,
            int ceil,
            int countPad,
            int h,
            int w)
            throws Exception {
        TestNets n = net("pool", 13, 3, h, w);
        java.util.List<AttributeProto> attrs =
                new java.util.ArrayList<>(
                        java.util.List.of(
                                ints("kernel_shape", kh, kw),
                                ints("strides", sh, sw),
                                ints("pads", pads),
                                attr("ceil_mode", (long) ceil)));
        if (!max) {
            attrs.add(attr("count_include_pad", (long) countPad));
        }
        n.node(max ? "MaxPool" : "AveragePool", "y", in("x"), attrs.toArray(AttributeProto[]::new));
        roundTrip(n.build("y"), 3f);
    }

    @ParameterizedTest(name = "keepdims={0}")
    @MethodSource("booleans")
    void globalPoolAndReduceMean(boolean keep) throws Exception {
        TestNets n = net("gap", 13, 5, 7, 3);
        String g = n.node("GlobalAveragePool", "g", in("x"));
        String r =
                n.node(
                        "ReduceMean",
                        "r",
                        in("x"),
                        ints("axes", -1, -2),
                        attr("keepdims", keep ? 1L : 0L));
        if (keep) {
            n.node("Add", "y", in(g, r));
        } else {
            String f = n.node("Flatten", "f", in(g));
            n.node("Add", "y", in(f, r));
        }
        roundTrip(n.build("y"), 2f);
    }

    static Stream<Arguments> gemms() {
        // transB, alpha, beta, bias?
        return Stream.of(
                Arguments.of(1, 1f, 1f, true),
                Arguments.of(0, 1f, 1f, true),
                Arguments.of(1, 0.5f, 2f, true),
                Arguments.of(0, 1.5f, 1f, false));
    }

    @ParameterizedTest(name = "gemm transB={0} alpha={1} beta={2} bias={3}")
    @MethodSource("gemms")
    void gemm(int transB, float alpha, float beta, boolean bias) throws Exception {
        TestNets n = net("gemm", 13, 2, 3, 4);
        String f = n.node("Flatten", "f", in("x"));
        java.util.List<String> inputs =
                in(f, transB == 1 ? n.weight(0.5f, 7, 24) : n.weight(0.5f, 24, 7));
        if (bias) {
            inputs.add(n.weight(0.5f, 7));
        }
        n.node(
                "Gemm",
                "y",
                inputs,
                attr("transB", (long) transB),
                attr("alpha", alpha),
                attr("beta", beta));
        roundTrip(n.build("y"), 1f);
    }

    @Test
    void matMulWithBiasAdd() throws Exception {
        TestNets n = net("matmul", 13, 2, 3, 4);
        String f = n.node("Flatten", "f", in("x"));
        String mm = n.node("MatMul", "mm", in(f, n.weight(0.5f, 24, 5)));
        n.node("Add", "y", in(n.weight(0.5f, 5), mm));
        ImportedModel m = roundTrip(n.build("y"), 1f);
        assertEquals(
                1, m.graph().nodes().stream().filter(nd -> nd.layer() instanceof Dense).count());
    }

    @Test
    void residualAddAndConcat() throws Exception {
        TestNets n = net("join", 13, 4, 6, 6);
        String a = n.node("Conv", "a", in("x", n.weight(0.5f, 4, 4, 1, 1), n.weight(0.5f, 4)));
        String b =
                n.node("Conv", "b", in("x", n.weight(0.5f, 3, 4, 3, 3)), ints("pads", 1, 1, 1, 1));
        String s = n.node("Add", "s", in(a, "x"));
        n.node("Concat", "y", in(s, b, a), attr("axis", 1L));
        roundTrip(n.build("y"), 1f);
    }

    /**
     * PyTorch's x.view(x.size(0), -1): Shape → Gather → Unsqueeze → Concat → Reshape, all folded.
     */
    @Test
    void reshapeFromShapeSubgraph() throws Exception {
        TestNets n = net("view", 13, 3, 4, 5);
        String shape = n.node("Shape", "shape", in("x"));
        String zero = n.node("Constant", "zero", in(), attrTensor(0));
        String batch = n.node("Gather", "batch", in(shape, zero), attr("axis", 0L));
        String axes = n.ints(0);
        String b1 = n.node("Unsqueeze", "b1", in(batch, axes));
        String minus = n.ints(-1);
        String target = n.node("Concat", "target", in(b1, minus), attr("axis", 0L));
        String flat = n.node("Reshape", "flat", in("x", target));
        n.node("Gemm", "y", in(flat, n.weight(0.5f, 6, 60), n.weight(0.5f, 6)), attr("transB", 1L));
        ImportedModel m = roundTrip(n.build("y"), 1f);
        assertEquals(
                3,
                m.graph().nodes().size(),
                m.graph().toString()); // input, flatten, dense: the shape subgraph folded
    }

    private static AttributeProto attrTensor(long v) {
        return org.tinyprune.onnx.OnnxAttributes.of(
                "value", org.tinyprune.onnx.OnnxTensors.int64s("", new long[0], new long[] {v}));
    }

    @Test
    void dropoutIdentityAndFinalSoftmax() throws Exception {
        TestNets n = net("head", 13, 2, 3, 3);
        String f = n.node("Flatten", "f", in("x"));
        String d = n.node("Dropout", "d", in(f));
        String i = n.node("Identity", "i", in(d));
        String g =
                n.node(
                        "Gemm",
                        "g",
                        in(i, n.weight(1f, 4, 18), n.weight(1f, 4)),
                        attr("transB", 1L));
        n.node("Softmax", "y", in(g), attr("axis", 1L));
        ImportedModel m = roundTrip(n.build("y"), 2f);
        assertTrue(m.outputSoftmax());
        assertEquals("g", m.graph().outputName());
        assertEquals(3, m.graph().nodes().size(), m.graph().toString());
    }

    @Test
    void padFoldsIntoConvOrBecomesLayer() throws Exception {
        TestNets n = net("pad", 13, 3, 6, 6);
        String p = n.node("Pad", "p", in("x", n.ints(0, 0, 1, 2, 0, 0, 1, 2)));
        String c = n.node("Conv", "c", in(p, n.weight(0.5f, 4, 3, 3, 3)));
        String z = n.node("Pad", "z", in(c, n.ints(0, 0, 0, 0, 0, 0, 0, 0)));
        String q = n.node("Pad", "q", in(z, n.ints(0, 0, 1, 0, 0, 0, 0, 1)));
        n.node("MaxPool", "y", in(q), ints("kernel_shape", 2, 2), ints("strides", 2, 2));
        ImportedModel m = roundTrip(n.build("y"), 1f);
        Conv2d conv = (Conv2d) m.graph().node("c").layer();
        assertEquals(1, conv.padH());
        assertEquals(2, conv.padW());
        assertEquals(
                1,
                m.graph().nodes().stream().filter(nd -> nd.layer() instanceof ZeroPad2d).count());
    }

    @Test
    void fashionMnistStyleCnn() throws Exception {
        TestNets n = net("fmnist_like", 13, 1, 28, 28);
        String c1 =
                n.node(
                        "Conv",
                        "c1",
                        in("x", n.weight(0.4f, 8, 1, 3, 3), n.weight(0.1f, 8)),
                        ints("pads", 1, 1, 1, 1));
        String b1 =
                n.node(
                        "BatchNormalization",
                        "b1",
                        in(
                                c1,
                                n.uniform(0.5f, 1.5f, 8),
                                n.weight(0.3f, 8),
                                n.weight(0.3f, 8),
                                n.uniform(0.5f, 2f, 8)));
        String r1 = n.node("Relu", "r1", in(b1));
        String p1 =
                n.node("MaxPool", "p1", in(r1), ints("kernel_shape", 2, 2), ints("strides", 2, 2));
        String c2 =
                n.node(
                        "Conv",
                        "c2",
                        in(p1, n.weight(0.2f, 16, 8, 3, 3), n.weight(0.1f, 16)),
                        ints("pads", 1, 1, 1, 1));
        String r2 = n.node("Relu", "r2", in(c2));
        String p2 =
                n.node("MaxPool", "p2", in(r2), ints("kernel_shape", 2, 2), ints("strides", 2, 2));
        String f = n.node("Flatten", "f", in(p2));
        String d = n.node("Dropout", "d", in(f));
        String g1 =
                n.node(
                        "Gemm",
                        "g1",
                        in(d, n.weight(0.05f, 32, 784), n.weight(0.1f, 32)),
                        attr("transB", 1L));
        String r3 = n.node("Relu", "r3", in(g1));
        n.node("Gemm", "y", in(r3, n.weight(0.2f, 10, 32), n.weight(0.1f, 10)), attr("transB", 1L));
        ImportedModel m = roundTrip(n.build("y"), 1f);
        assertFalse(m.outputSoftmax());
        assertEquals(10, m.outputSize());
    }

    @Test
    void sigmoidSiluHardSigmoidHardSwishAndClamp() throws Exception {
        TestNets n = net("smooth", 14, 3, 5, 5);
        String sg = n.node("Sigmoid", "sg", in("x"));
        String silu = n.node("Mul", "silu", in("x", sg));
        String hs = n.node("HardSigmoid", "hs", in(silu), attr("alpha", 0.3f), attr("beta", 0.4f));
        String hd = n.node("HardSigmoid", "hd", in("x"));
        String hw = n.node("HardSwish", "hw", in("x"));
        String c1 = n.node("Clip", "c1", in(hw, n.scalar(-1f), n.scalar(2.5f)));
        String c2 = n.node("Clip", "c2", in("x", "", n.scalar(0.5f)));
        String c3 = n.node("Clip", "c3", in("x", n.scalar(-2f)));
        String s1 = n.node("Add", "a1", in(hs, hd));
        String s2 = n.node("Add", "a2", in(s1, c1));
        String s3 = n.node("Add", "a3", in(s2, c2));
        roundTrip(n.build(n.node("Add", "y", in(s3, c3))), 6f);
    }

    /** Squeeze-and-excite written with Gemm and a view back to N×C×1×1, gating by broadcast Mul. */
    @Test
    void squeezeExciteWithGemmAndReshape() throws Exception {
        TestNets n = net("se_gemm", 13, 8, 5, 5);
        String g = n.node("GlobalAveragePool", "g", in("x"));
        String f = n.node("Flatten", "f", in(g));
        String d =
                n.node(
                        "Gemm",
                        "d",
                        in(f, n.weight(0.5f, 2, 8), n.weight(0.5f, 2)),
                        attr("transB", 1L));
        String r = n.node("Relu", "r", in(d));
        String u =
                n.node(
                        "Gemm",
                        "u",
                        in(r, n.weight(0.5f, 8, 2), n.weight(0.5f, 8)),
                        attr("transB", 1L));
        String s = n.node("Sigmoid", "s", in(u));
        String v = n.node("Reshape", "v", in(s, n.ints(-1, 8, 1, 1)));
        roundTrip(n.build(n.node("Mul", "y", in(v, "x"))), 2f);
    }

    /**
     * ShuffleNet's channel_shuffle as PyTorch traces it for a dynamic batch
     * (Shape/Gather/Div/Unsqueeze/Concat).
     */
    @Test
    void channelShuffleFromShapeSubgraph() throws Exception {
        TestNets n = net("shuffle", 13, 6, 3, 4);
        String shape = n.node("Shape", "shape", in("x"));
        String[] dims = new String[4];
        for (int i = 0; i < 4; i++) {
            String idx =
                    n.node(
                            "Constant",
                            "idx" + i,
                            in(),
                            org.tinyprune.onnx.OnnxAttributes.of(
                                    "value",
                                    org.tinyprune.onnx.OnnxTensors.int64s(
                                            "", new long[0], new long[] {i})));
            dims[i] = n.node("Gather", "dim" + i, in(shape, idx), attr("axis", 0L));
        }
        String per =
                n.node(
                        "Div",
                        "per",
                        in(
                                dims[1],
                                n.node(
                                        "Constant",
                                        "three",
                                        in(),
                                        org.tinyprune.onnx.OnnxAttributes.of(
                                                "value",
                                                org.tinyprune.onnx.OnnxTensors.int64s(
                                                        "", new long[0], new long[] {3})))));
        String axes = n.ints(0);
        java.util.List<String> five = new java.util.ArrayList<>();
        for (String part : new String[] {dims[0], "g3", per, dims[2], dims[3]}) {
            five.add(
                    part.equals("g3")
                            ? n.ints(3)
                            : n.node("Unsqueeze", part + "_u", in(part, axes)));
        }
        String target5 = n.node("Concat", "t5", five, attr("axis", 0L));
        String v5 = n.node("Reshape", "v5", in("x", target5));
        String tr = n.node("Transpose", "tr", in(v5), ints("perm", 0, 2, 1, 3, 4));
        String target4 =
                n.node(
                        "Concat",
                        "t4",
                        in(n.node("Unsqueeze", "b_u", in(dims[0], axes)), n.ints(-1, 3, 4)),
                        attr("axis", 0L));
        String back = n.node("Reshape", "back", in(tr, target4));
        ImportedModel m = roundTrip(n.build(n.node("Relu", "y", in(back))), 1f);
        assertTrue(
                m.graph().nodes().stream().anyMatch(nd -> nd.layer() instanceof ChannelShuffle),
                m.graph().toString());
    }

    /** ReduceMean in opset 18 takes its axes as an input. */
    @Test
    void reduceMeanWithAxesInput() throws Exception {
        TestNets n = net("reduce18", 18, 4, 3, 5);
        roundTrip(
                n.build(n.node("ReduceMean", "y", in("x", n.ints(2, 3)), attr("keepdims", 0L))),
                1f);
    }

    static Stream<Boolean> booleans() {
        return Stream.of(false, true);
    }
}
