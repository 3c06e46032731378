package org.tinyprune.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tinyprune.nn.onnx.TestNets.attr;
import static org.tinyprune.nn.onnx.TestNets.in;
import static org.tinyprune.nn.onnx.TestNets.ints;
import static org.tinyprune.nn.onnx.TestNets.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.data.Normalization;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;
import org.tinyprune.onnx.proto.Onnx.TensorShapeProto;

/**
 * Bad input fails at import, before any training, with one {@link OnnxImportException} that names
 * every node, tensor or flag at fault and the fix.
 */
class OnnxImportErrorsTest {

    private static ModelProto small() {
        TestNets n = net("small", 13, 3, 8, 8);
        String c =
                n.node("Conv", "c", in("x", n.weight(0.5f, 4, 3, 3, 3)), ints("pads", 1, 1, 1, 1));
        String r = n.node("Relu", "r", in(c));
        String g = n.node("GlobalAveragePool", "g", in(r));
        String f = n.node("Flatten", "f", in(g));
        return n.build(
                n.node(
                        "Gemm",
                        "y",
                        in(f, n.weight(0.5f, 5, 4), n.weight(0.5f, 5)),
                        attr("transB", 1L)));
    }

    private static OnnxImportException fails(ModelProto m) {
        return assertThrows(
                OnnxImportException.class, () -> OnnxImporter.importModel(m, "bad.onnx", null));
    }

    @Test
    void listsEveryUnsupportedNodeAtOnce() {
        TestNets n = net("many", 13, 3, 8, 8);
        String a = n.node("LeakyRelu", "a", in("x"));
        String b = n.node("Conv", "b", in(a, n.weight(0.5f, 4, 3, 3, 3)));
        String c = n.node("Tanh", "c", in("x"));
        String d = n.node("Conv", "d", in(c, n.weight(0.5f, 4, 3, 3, 3)), ints("strides", 2, 1));
        String e = n.node("Erf", "e", in(b));
        String f = n.node("Conv", "f", in("x", n.weight(0.5f, 4, 3, 3, 3)), ints("strides", 2, 1));
        String g = n.node("Add", "g", in(e, d));
        OnnxImportException ex = fails(n.build(n.node("Add", "y", in(g, f))));
        List<String> nodes = ex.problems().stream().map(OnnxImportException.Problem::node).toList();
        assertEquals(List.of("a_node", "c_node", "e_node", "f_node", ""), nodes, ex.getMessage());
        assertTrue(
                ex.getMessage().contains("node 'a_node' (LeakyRelu): operator not supported"),
                ex.getMessage());
        assertTrue(
                ex.getMessage().contains("node 'f_node' (Conv): strides 2,1 differ"),
                ex.getMessage());
        assertTrue(ex.getMessage().contains("supported operators: "), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("bad.onnx: 5 problems:"), ex.getMessage());
    }

    /**
     * A shape computation that drops a required input: a clear problem naming the node, not an
     * index error.
     */
    @Test
    void shapeComputationsWithoutTheirRequiredInputs() {
        TestNets n = net("view", 13, 3, 4, 5);
        String shape = n.node("Shape", "shape", in("x"));
        String batch = n.node("Gather", "batch", in(shape), attr("axis", 0L));
        String part = n.node("Slice", "part", in(shape, n.ints(), n.ints(2)));
        String target = n.node("Concat", "target", in(batch, part), attr("axis", 0L));
        OnnxImportException ex = fails(n.build(n.node("Reshape", "y", in("x", target))));
        assertTrue(
                ex.getMessage().contains("batch_node")
                        && ex.getMessage().contains("needs at least 2"),
                ex.getMessage());
        n = net("view", 13, 3, 4, 5);
        shape = n.node("Shape", "shape", in("x"));
        part = n.node("Slice", "part", in(shape, n.ints(), n.ints(2)));
        ex = fails(n.build(n.node("Reshape", "y", in("x", part))));
        assertTrue(
                ex.getMessage().contains("part_node")
                        && ex.getMessage().contains("Slice starts of 0 values"),
                ex.getMessage());
    }

    @Test
    void severalGraphInputs() {
        ModelProto m = small();
        ModelProto two =
                m.toBuilder()
                        .setGraph(
                                m.getGraph().toBuilder()
                                        .addInput(
                                                OnnxValueInfos.batched(
                                                        "mask", DataType.FLOAT, "N", 3, 8, 8)))
                        .build();
        OnnxImportException ex = fails(two);
        assertTrue(ex.getMessage().contains("2 graph inputs ['x', 'mask']"), ex.getMessage());
    }

    @Test
    void dynamicSpatialDimension() {
        ModelProto m = small();
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.getInputBuilder(0)
                .getTypeBuilder()
                .getTensorTypeBuilder()
                .getShapeBuilder()
                .setDim(2, TensorShapeProto.Dimension.newBuilder().setDimParam("height"));
        OnnxImportException ex = fails(m.toBuilder().setGraph(g).build());
        assertTrue(
                ex.getMessage().contains("graph input 'x' has a dynamic H dimension ('height')"),
                ex.getMessage());
    }

    @Test
    void float64Weights() {
        ModelProto m = small();
        GraphProto.Builder g = m.getGraph().toBuilder();
        TensorProto w = g.getInitializer(0);
        g.setInitializer(
                0,
                TensorProto.newBuilder()
                        .setName(w.getName())
                        .addAllDims(w.getDimsList())
                        .setDataType(DataType.DOUBLE_VALUE)
                        .addAllDoubleData(java.util.Collections.nCopies(108, 0.5)));
        OnnxImportException ex = fails(m.toBuilder().setGraph(g).build());
        assertTrue(
                ex.getMessage().contains("tensor 'w0' is DOUBLE; weights must be float32"),
                ex.getMessage());
    }

    @Test
    void missingInitializer() {
        ModelProto m = small();
        GraphProto.Builder g = m.getGraph().toBuilder().removeInitializer(0);
        OnnxImportException ex = fails(m.toBuilder().setGraph(g).build());
        assertEquals("c_node", ex.problems().get(0).node());
        assertTrue(
                ex.getMessage()
                        .contains(
                                "reads tensor 'w0', which no initializer, graph input or earlier node"
                                        + " defines (missing weights"),
                ex.getMessage());
    }

    @Test
    void inputSpecMustMatchTheModel() {
        InputSpec spec = new InputSpec(1, 28, 28, new float[] {0.286f}, new float[] {0.353f});
        OnnxImportException ex =
                assertThrows(
                        OnnxImportException.class,
                        () -> OnnxImporter.importModel(small(), "bad.onnx", spec));
        assertTrue(
                ex.getMessage()
                        .contains(
                                "the model's input 'x' is [3, 8, 8] (C, H, W) but the input size and"
                                        + " channels given are [1, 28, 28]"),
                ex.getMessage());
    }

    @Test
    void datasetMustMatchTheModel() throws Exception {
        ImportedModel m =
                OnnxImporter.importModel(
                        small(),
                        "small.onnx",
                        InputSpec.of(new int[] {3, 8, 8}, Normalization.unit(3)));
        m.checkDataset(new int[] {3, 8, 8}, 5);
        OnnxImportException ex =
                assertThrows(
                        OnnxImportException.class, () -> m.checkDataset(new int[] {1, 28, 28}, 10));
        assertEquals(2, ex.problems().size(), ex.getMessage());
        assertTrue(
                ex.getMessage().contains("the dataset's samples are [1, 28, 28]"), ex.getMessage());
        assertTrue(
                ex.getMessage()
                        .contains(
                                "the dataset has 10 classes but the model's output 'y' has 5 values"),
                ex.getMessage());
    }

    @Test
    void notAnOnnxFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("junk.onnx");
        Files.writeString(f, "this is not protobuf at all \u0000\u0001\u00ff");
        OnnxImportException ex =
                assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(f, null));
        assertTrue(ex.getMessage().contains("not an ONNX model"), ex.getMessage());
    }

    @Test
    void softmaxOnlyAtTheEnd() {
        TestNets n = net("mid", 13, 3, 4, 4);
        String f = n.node("Flatten", "f", in("x"));
        String s = n.node("Softmax", "s", in(f), attr("axis", 1L));
        OnnxImportException ex =
                fails(n.build(n.node("Gemm", "y", in(s, n.weight(1f, 2, 48)), attr("transB", 1L))));
        assertTrue(
                ex.getMessage().contains("Softmax is supported only as the graph's final operator"),
                ex.getMessage());
    }

    /**
     * Attribute problems on independent branches are all listed; a node downstream of a failed one
     * is not checked further (its input shape is unknown) unless its operator is unknown.
     */
    @Test
    void attributeProblemsOnEveryBranch() {
        TestNets n = net("attrs", 13, 2, 4, 4);
        String b =
                n.node(
                        "BatchNormalization",
                        "b",
                        in(
                                "x",
                                n.weight(1f, 2),
                                n.weight(1f, 2),
                                n.weight(1f, 2),
                                n.uniform(1f, 2f, 2)),
                        attr("training_mode", 1L));
        String b2 = n.node("Relu", "b2", in(b), attr("alpha", 0.1f));
        String p =
                n.node(
                        "MaxPool",
                        "p",
                        in("x"),
                        ints("kernel_shape", 2, 2),
                        ints("dilations", 2, 2));
        String r = n.node("Relu", "r", in("x"), attr("alpha", 0.1f));
        String pr = n.node("Add", "pr", in(b2, r));
        OnnxImportException ex = fails(n.build(n.node("Concat", "y", in(pr, p), attr("axis", 1L))));
        assertEquals(
                List.of("b_node", "p_node", "r_node"),
                ex.problems().stream().map(OnnxImportException.Problem::node).toList(),
                ex.getMessage());
        assertTrue(ex.getMessage().contains("training_mode=1 is not supported"), ex.getMessage());
        assertTrue(
                ex.getMessage().contains("dilations 2,2 are not supported on pools"),
                ex.getMessage());
        assertTrue(
                ex.getMessage()
                        .contains("attribute 'alpha' is not supported (this operator takes none)"),
                ex.getMessage());
    }

    @Test
    void float64GraphInput() {
        ModelProto m = small();
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.getInputBuilder(0)
                .getTypeBuilder()
                .getTensorTypeBuilder()
                .setElemType(DataType.DOUBLE_VALUE);
        OnnxImportException ex = fails(m.toBuilder().setGraph(g).build());
        assertTrue(ex.getMessage().contains("graph input 'x' is DOUBLE"), ex.getMessage());
    }
}
