package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/**
 * Float ONNX graphs → generated C → host gcc → outputs equal ONNX Runtime's within 1e-5 relative.
 */
class FloatCodegenTest {

    @Test
    void convBatchNormPoolsDepthwiseGemmSoftmax() throws Exception {
        OnnxGraphs g = new OnnxGraphs("cnn", 1, 1, 3, 12, 12);
        String a = g.op("Relu", List.of(g.batchNorm(g.conv("x", 3, 8, 3, 1, 1, 1, false), 8)));
        String p =
                g.op(
                        "MaxPool",
                        List.of(a),
                        OnnxAttributes.ints("kernel_shape", 2, 2),
                        OnnxAttributes.ints("strides", 2, 2));
        String d = g.clip(g.conv(p, 8, 8, 3, 2, 1, 8, true), 0f, 6f);
        String e = g.conv(d, 8, 6, 1, 1, 0, 1, true);
        String f = g.op("Flatten", List.of(g.op("GlobalAveragePool", List.of(e))));
        String y =
                g.op(
                        "Softmax",
                        List.of(
                                g.op(
                                        "Gemm",
                                        List.of(f, g.init(5, 6), g.init(5)),
                                        OnnxAttributes.of("transB", 1L))));
        check(g.build(y, 1, 5), 1 * 3 * 12 * 12, new long[] {1, 3, 12, 12});
    }

    @Test
    void residualAvgPoolFlattenOfSpatialTensorIntoGemm() throws Exception {
        OnnxGraphs g = new OnnxGraphs("res", 2, 1, 4, 9, 9);
        String a = g.op("Relu", List.of(g.conv("x", 4, 4, 3, 1, 1, 1, true)));
        String b = g.conv(a, 4, 4, 3, 1, 1, 1, true);
        String s = g.op("Relu", List.of(g.op("Add", List.of("x", b))));
        String p =
                g.op(
                        "AveragePool",
                        List.of(s),
                        OnnxAttributes.ints("kernel_shape", 3, 3),
                        OnnxAttributes.ints("strides", 2, 2),
                        OnnxAttributes.ints("pads", 1, 1, 1, 1));
        String f = g.op("Flatten", List.of(p)); // [1, 4*5*5]: NCHW order differs from NHWC
        String y = g.op("Gemm", List.of(f, g.init(100, 7), g.init(7)));
        check(g.build(y, 1, 7), 4 * 9 * 9, new long[] {1, 4, 9, 9});
    }

    @Test
    void concatBranchesGroupedConvAndMatMul() throws Exception {
        OnnxGraphs g = new OnnxGraphs("cat", 3, 1, 3, 7, 7);
        String l = g.op("Relu", List.of(g.conv("x", 3, 5, 3, 1, 1, 1, true)));
        String r = g.conv("x", 3, 3, 1, 1, 0, 1, false);
        String c = g.op("Concat", List.of(l, r), OnnxAttributes.of("axis", 1L));
        String gc = g.conv(c, 8, 6, 3, 2, 0, 2, true); // grouped, stride 2, valid
        String shape = "shape";
        g.initRaw(OnnxTensors.int64s(shape, new long[] {2}, new long[] {1, -1}));
        String f = g.op("Reshape", List.of(gc, shape));
        String y = g.op("MatMul", List.of(f, g.init(6 * 3 * 3, 4)));
        check(g.build(y, 1, 4), 3 * 7 * 7, new long[] {1, 3, 7, 7});
    }

    @Test
    void oddChannelsAsymmetricPadsAndSameUpper() throws Exception {
        OnnxGraphs g = new OnnxGraphs("odd", 4, 1, 5, 10, 11);
        String a =
                g.op(
                        "Conv",
                        List.of("x", g.init(7, 5, 3, 2), g.init(7)),
                        OnnxAttributes.ints("strides", 2, 1),
                        OnnxAttributes.ints("pads", 0, 1, 2, 0));
        String b =
                g.op(
                        "Conv",
                        List.of(a, g.init(3, 7, 5, 5)),
                        OnnxAttributes.of("auto_pad", "SAME_UPPER"),
                        OnnxAttributes.ints("strides", 2, 2));
        String y =
                g.op(
                        "MaxPool",
                        List.of(b),
                        OnnxAttributes.ints("kernel_shape", 3, 2),
                        OnnxAttributes.ints("pads", 1, 0, 1, 1),
                        OnnxAttributes.ints("strides", 1, 2));
        check(g.build(y, 1, 3, 3, 3), 5 * 10 * 11, new long[] {1, 5, 10, 11});
    }

    static void check(ModelProto model, int inputs, long[] shape) throws Exception {
        Graph ir = OnnxReader.read(model);
        float[] x = OnnxGraphs.input(42, inputs);
        float[] want = OrtOracle.run(model, x, shape);
        Path bin = HostHarness.runner(ir, false);
        float[] got = HostHarness.runFloat(bin, x, want.length);
        float max = 0;
        for (float v : want) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0, "reference output is all zeros; the test would prove nothing");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * max, "element " + i + " of " + ir.name());
        }
    }
}
