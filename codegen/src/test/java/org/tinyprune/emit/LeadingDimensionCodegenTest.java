package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * A graph input with a fixed leading dimension N &gt; 1: the generated model takes the whole tensor
 * as its one input. Convolutions run once per image, a standalone batch norm becomes a per-channel
 * affine over all N images, dense layers run per row; pools stay refused for N &gt; 1. Float
 * against ONNX Runtime, QDQ int8 C against the interpreter bit for bit.
 */
class LeadingDimensionCodegenTest {

    /** {@code m} with the first dimension of its graph input and output fixed to {@code n}. */
    static ModelProto fixedLeading(ModelProto m, long n) {
        ModelProto.Builder b = m.toBuilder();
        var g = b.getGraphBuilder();
        for (ValueInfoProto.Builder v : List.of(g.getInputBuilder(0), g.getOutputBuilder(0))) {
            v.getTypeBuilder()
                    .getTensorTypeBuilder()
                    .getShapeBuilder()
                    .getDimBuilder(0)
                    .clearDimParam()
                    .setDimValue(n);
        }
        return b.build();
    }

    @Test
    void convOncePerImageThenFlattenAndGemmPerRow() throws Exception {
        OnnxGraphs g = new OnnxGraphs("lead_conv", 11, 2, 3, 6, 6);
        String c = g.op("Relu", List.of(g.batchNorm(g.conv("x", 3, 4, 3, 2, 1, 1, true), 4)));
        String d = g.conv(c, 4, 4, 3, 1, 1, 4, false); // depthwise, [2, 4, 3, 3]
        String f = g.op("Flatten", List.of(d));
        String y =
                g.op("Gemm", List.of(f, g.init(5, 36), g.init(5)), OnnxAttributes.of("transB", 1L));
        Graph ir = CodegenChecks.floatModel(fixedLeading(g.build(y, 1, 5), 2), 2, 3, 6, 6);
        assertTrue(ir.tensor("x").dim(0) == 2, ir.toString());
    }

    @Test
    void standaloneBatchNormOverImagesIsAPerChannelAffine() throws Exception {
        OnnxGraphs g = new OnnxGraphs("lead_bn", 12, 3, 2, 4, 5);
        String y = g.op("Relu", List.of(g.batchNorm("x", 2)));
        CodegenChecks.floatModel(fixedLeading(g.build(y, 1, 2, 4, 5), 3), 3, 2, 4, 5);
    }

    @Test
    void qdqConvOverTwoImagesMatchesTheInterpreterBitForBit() throws Exception {
        QdqGraphs q = new QdqGraphs("lead_qconv", 13, 2, 3, 6, 6);
        float s0 = 0.03f;
        String x = q.qdq("x", s0, 0);
        String c = q.conv(x, s0, 3, 4, 3, 0.02f, -100);
        String f = q.qdq(q.op("Flatten", List.of(c)), 0.02f, -100);
        String y = q.gemm(f, 0.02f, 144, 6, 0.05f, 3);
        CodegenChecks.qdqModel(fixedLeading(q.build(y, 6), 2), 2, 3, 6, 6);
    }

    @Test
    void poolingOverSeveralImagesIsRefusedClearly() {
        OnnxGraphs g = new OnnxGraphs("lead_pool", 14, 2, 3, 4, 4);
        String y =
                g.op(
                        "MaxPool",
                        List.of("x"),
                        OnnxAttributes.ints("kernel_shape", 2, 2),
                        OnnxAttributes.ints("strides", 2, 2));
        ModelProto m = fixedLeading(g.build(y, 1, 3, 2, 2), 2);
        UnsupportedModelException e =
                assertThrows(
                        UnsupportedModelException.class,
                        () -> HostHarness.runner(OnnxReader.read(m), false));
        assertTrue(
                e.getMessage().contains("2 images") && e.getMessage().contains("MaxPool_0"),
                e.getMessage());
    }
}
