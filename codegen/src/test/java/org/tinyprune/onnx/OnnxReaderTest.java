package org.tinyprune.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/** What the reader accepts and, above all, how it refuses what it cannot do exactly. */
class OnnxReaderTest {

    private static OnnxModelBuilder convModel(String op, AttributeProto... attrs) {
        OnnxModelBuilder b = new OnnxModelBuilder("t");
        b.input(OnnxValueInfos.tensor("x", DataType.FLOAT, 1, 2, 5, 5));
        b.initializer(OnnxTensors.floats("w", new long[] {3, 2, 3, 3}, new float[54]));
        b.node(op, "the_node", List.of("x", "w"), List.of("y"), attrs);
        return b;
    }

    private static UnsupportedModelException refuse(ModelProto m) {
        return assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(m));
    }

    @Test
    void fusesReluIntoConvAndKeepsNodeNames() throws Exception {
        OnnxModelBuilder b = convModel("Conv");
        b.node("Relu", "act", List.of("y"), List.of("z"));
        b.output(OnnxValueInfos.tensor("z", DataType.FLOAT, 1, 3, 3, 3));
        Graph g = OnnxReader.read(b.build());
        assertEquals(1, g.nodes().size());
        assertEquals("the_node", g.nodes().get(0).name());
        assertEquals(Clamp.RELU, g.nodes().get(0).attributes().clamp());
        assertEquals(List.of("z"), g.outputs());
    }

    /**
     * Found by OnnxCodegenFuzzTest: a Concat without outputs ended in an IndexOutOfBoundsException.
     */
    @Test
    void nodesWithoutOutputsAndConcatWithoutInputsAreRefusedByName() {
        for (String op : List.of("Concat", "Relu", "Conv")) {
            OnnxModelBuilder b = convModel("Conv");
            b.node(op, "outless", List.of("y"), List.of(), OnnxAttributes.of("axis", 1L));
            b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 3, 3, 3));
            UnsupportedModelException e = refuse(b.build());
            assertEquals(
                    "node 'outless' ("
                            + op
                            + "): has no output; every node must name its first output",
                    e.getMessage());
        }
        OnnxModelBuilder b = convModel("Conv");
        b.node("Concat", "empty", List.of(), List.of("z"), OnnxAttributes.of("axis", 1L));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 3, 3, 3));
        UnsupportedModelException e = refuse(b.build());
        assertTrue(
                e.getMessage().contains("'empty' (Concat)")
                        && e.getMessage().contains("has no inputs"),
                e.getMessage());
    }

    /**
     * Found by OnnxCodegenFuzzTest: BatchNormalization of a rank-1 input ended in an index error.
     */
    @Test
    void batchNormOfARankOneInputIsRefusedByName() {
        OnnxModelBuilder b = new OnnxModelBuilder("t");
        b.input(OnnxValueInfos.tensor("x", DataType.FLOAT, 4));
        for (String p : List.of("g", "b", "m", "v")) {
            b.initializer(OnnxTensors.floats(p, new long[] {4}, new float[] {1, 1, 1, 1}));
        }
        b.node("BatchNormalization", "bn", List.of("x", "g", "b", "m", "v"), List.of("y"));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 4));
        UnsupportedModelException e = refuse(b.build());
        assertTrue(
                e.getMessage().contains("'bn' (BatchNormalization)")
                        && e.getMessage().contains("has rank 1"),
                e.getMessage());
    }

    @Test
    void unsupportedOperatorNamesNodeAndOp() {
        OnnxModelBuilder b = convModel("Conv");
        b.node("Einsum", "squash", List.of("y"), List.of("z"));
        b.output(OnnxValueInfos.tensor("z", DataType.FLOAT, 1, 3, 3, 3));
        UnsupportedModelException e = refuse(b.build());
        assertTrue(
                e.getMessage().contains("'squash' (Einsum)")
                        && e.getMessage().contains("not supported"),
                e.getMessage());
        assertEquals("squash", e.node());
    }

    @Test
    void dilatedConvKeepsItsDilationsAndBadDilationsAreRefusedNamingTheNode() throws Exception {
        OnnxModelBuilder ok = convModel("Conv", OnnxAttributes.ints("dilations", 2, 1));
        ok.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 3, 1, 3));
        Graph g = OnnxReader.read(ok.build());
        assertEquals(
                List.of(2, 1),
                java.util.Arrays.stream(g.nodes().get(0).attributes().dilations())
                        .boxed()
                        .toList());
        assertEquals(
                List.of(1, 3, 1, 3),
                java.util.Arrays.stream(g.tensor("y").shape()).boxed().toList());
        for (AttributeProto bad :
                List.of(
                        OnnxAttributes.ints("dilations", 0, 1),
                        OnnxAttributes.ints("dilations", 2),
                        OnnxAttributes.ints("dilations", 1, -1))) {
            OnnxModelBuilder b = convModel("Conv", bad);
            b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 3, 3, 3));
            UnsupportedModelException e = refuse(b.build());
            assertEquals("the_node", e.node());
            assertTrue(e.getMessage().contains("dilations"), e.getMessage());
        }
        // 5 wide input, kernel 3, dilation 3: extent 7 > 5
        OnnxModelBuilder wide = convModel("Conv", OnnxAttributes.ints("dilations", 3, 3));
        wide.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 3, 1, 1));
        UnsupportedModelException e = refuse(wide.build());
        assertEquals("the_node", e.node());
        assertTrue(
                e.getMessage().contains("extent 7")
                        && e.getMessage().contains("larger than the padded input"),
                e.getMessage());
        // padding must stay inside the dilated extent (5 for kernel 3, dilation 2)
        OnnxModelBuilder padded =
                convModel(
                        "Conv",
                        OnnxAttributes.ints("dilations", 2, 2),
                        OnnxAttributes.ints("pads", 5, 0, 0, 0));
        padded.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 3, 6, 1));
        assertTrue(refuse(padded.build()).getMessage().contains("window extent"));
    }

    @Test
    void unknownAttributeIsRefused() {
        OnnxModelBuilder b = convModel("Conv", OnnxAttributes.of("mystery", 1L));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 3, 3, 3));
        assertTrue(refuse(b.build()).getMessage().contains("attribute 'mystery'"));
    }

    @Test
    void dynamicSpatialDimensionIsRefused() {
        OnnxModelBuilder b = new OnnxModelBuilder("t");
        b.input(OnnxValueInfos.batched("x", DataType.FLOAT, "N", 4));
        b.node("Relu", "r", List.of("x"), List.of("y"));
        b.output(OnnxValueInfos.batched("y", DataType.FLOAT, "N", 4));
        assertEquals(OpKind.CLAMP, assertDoesNotThrow(b.build()).nodes().get(0).op());
        var info = OnnxValueInfos.batched("x", DataType.FLOAT, "N", 4).toBuilder();
        info.getTypeBuilder()
                .getTensorTypeBuilder()
                .getShapeBuilder()
                .getDimBuilder(1)
                .setDimParam("F");
        ModelProto m = b.build();
        ModelProto dyn = m.toBuilder().setGraph(m.getGraph().toBuilder().setInput(0, info)).build();
        assertTrue(refuse(dyn).getMessage().contains("dynamic dimension 1"));
    }

    @Test
    void standaloneBatchNormBecomesDepthwiseConv() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder("t");
        b.input(OnnxValueInfos.tensor("x", DataType.FLOAT, 1, 2, 3, 3));
        for (String p : List.of("g", "b", "m", "v")) {
            b.initializer(OnnxTensors.floats(p, new long[] {2}, new float[] {1f, 2f}));
        }
        b.node("BatchNormalization", "bn", List.of("x", "g", "b", "m", "v"), List.of("y"));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 2, 3, 3));
        Graph g = OnnxReader.read(b.build());
        assertEquals(OpKind.CONV, g.nodes().get(0).op());
        assertEquals(2, g.nodes().get(0).attributes().group());
    }

    @Test
    void pooledTensorMustKeepItsQuantisation() {
        OnnxModelBuilder b = new OnnxModelBuilder("t");
        b.input(OnnxValueInfos.tensor("x", DataType.FLOAT, 1, 1, 4, 4));
        b.initializer(OnnxTensors.floats("s1", new long[0], new float[] {0.1f}));
        b.initializer(OnnxTensors.floats("s2", new long[0], new float[] {0.2f}));
        b.initializer(OnnxTensors.int8s("z", new long[0], new byte[] {0}));
        b.node("QuantizeLinear", "q0", List.of("x", "s1", "z"), List.of("xq"));
        b.node("DequantizeLinear", "d0", List.of("xq", "s1", "z"), List.of("xd"));
        b.node(
                "MaxPool",
                "mp",
                List.of("xd"),
                List.of("p"),
                OnnxAttributes.ints("kernel_shape", 2, 2));
        b.node("QuantizeLinear", "q1", List.of("p", "s2", "z"), List.of("pq"));
        b.node("DequantizeLinear", "d1", List.of("pq", "s2", "z"), List.of("y"));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 1, 3, 3));
        UnsupportedModelException e = refuse(b.build());
        assertTrue(
                e.getMessage().contains("'mp'") && e.getMessage().contains("same scale"),
                e.getMessage());
    }

    private static Graph assertDoesNotThrow(ModelProto m) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> OnnxReader.read(m));
    }
}
