package org.tinyprune.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Import checks every node and one exception lists every unsupported node with its op and reason.
 */
class UnsupportedNodesListTest {

    private static OnnxModelBuilder base() {
        OnnxModelBuilder b = new OnnxModelBuilder("bad");
        b.input(OnnxValueInfos.tensor("x", DataType.FLOAT, 1, 2, 4, 4));
        b.initializer(OnnxTensors.floats("w", new long[] {2, 2, 1, 1}, new float[4]));
        return b;
    }

    @Test
    void threeBadNodesAreAllListedWithOpAndReason() {
        OnnxModelBuilder b = base();
        b.node("Erf", "erf_1", List.of("x"), List.of("e"));
        b.node(
                "Conv",
                "conv_odd",
                List.of("x", "w"),
                List.of("c"),
                OnnxAttributes.of("mystery", 1L));
        b.node("ReduceMean", "mean_c", List.of("x"), List.of("m"), OnnxAttributes.ints("axes", 1));
        b.node("Relu", "fine", List.of("x"), List.of("y"));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 2, 4, 4));
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(b.build()));
        String m = e.getMessage();
        assertEquals(3, e.problems().size(), m);
        assertTrue(m.startsWith("3 nodes cannot be imported"), m);
        assertTrue(m.contains("node 'erf_1' (Erf): operator not supported"), m);
        assertTrue(m.contains("node 'conv_odd' (Conv): attribute 'mystery'"), m);
        assertTrue(m.contains("node 'mean_c' (ReduceMean): only the mean over H and W"), m);
        assertTrue(m.contains("Supported operators: ["), m);
        assertEquals(
                List.of("erf_1", "conv_odd", "mean_c"),
                e.problems().stream().map(UnsupportedModelException::node).toList());
    }

    @Test
    void nodesAfterARefusedNodeAreCheckedWhenTheModelDeclaresItsOutputShape() {
        OnnxModelBuilder b = base();
        b.node("Erf", "erf_1", List.of("x"), List.of("e"));
        b.node("Pad", "pad_c", List.of("e", "p"), List.of("pd"));
        b.node("Erf", "erf_2", List.of("pd"), List.of("f"));
        b.node("Relu", "after", List.of("f"), List.of("y"));
        b.initializer(OnnxTensors.int64s("p", new long[] {8}, new long[] {0, 1, 0, 0, 0, 0, 0, 0}));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 3, 4, 4));
        ModelProto m = b.build();
        ModelProto declared =
                m.toBuilder()
                        .setGraph(
                                m.getGraph().toBuilder()
                                        .addValueInfo(
                                                OnnxValueInfos.tensor(
                                                        "e", DataType.FLOAT, 1, 2, 4, 4)))
                        .build();
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(declared));
        assertEquals(
                List.of("erf_1", "pad_c", "erf_2"),
                e.problems().stream().map(UnsupportedModelException::node).toList(),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("1 node reading their outputs was not checked"),
                e.getMessage());
        // without the declared shape the Pad cannot be checked: it is counted, not guessed about
        e = assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(m));
        assertEquals(
                List.of("erf_1", "erf_2"),
                e.problems().stream().map(UnsupportedModelException::node).toList());
        assertTrue(
                e.getMessage().contains("2 nodes reading their outputs were not checked"),
                e.getMessage());
    }

    @Test
    void oneBadNodeKeepsTheSingleNodeForm() {
        OnnxModelBuilder b = base();
        b.node("Erf", "erf_1", List.of("x"), List.of("y"));
        b.output(OnnxValueInfos.tensor("y", DataType.FLOAT, 1, 2, 4, 4));
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(b.build()));
        assertEquals("erf_1", e.node());
        assertTrue(e.getMessage().contains("(supported: ["), e.getMessage());
    }
}
