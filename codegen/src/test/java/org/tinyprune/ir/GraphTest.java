package org.tinyprune.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {
    static Graph residual() {
        GraphBuilder b = Graph.builder("res");
        b.tensor(Tensor.activation("x", new int[] {1, 4, 9, 9}, DType.FLOAT32, null)).input("x");
        b.tensor(Tensor.constant("w1", new int[] {4, 4, 3, 3}, new float[144]));
        b.tensor(Tensor.constant("w2", new int[] {4, 1, 3, 3}, new float[36]));
        Attributes same = Attributes.DEFAULT.withPads(1, 1, 1, 1);
        b.node(
                new Node("c1", OpKind.CONV, List.of("x", "w1"), "a", same.withClamp(Clamp.RELU)),
                DType.FLOAT32,
                null);
        b.node(
                new Node("dw", OpKind.CONV, List.of("a", "w2"), "b", same.withGroup(4)),
                DType.FLOAT32,
                null);
        b.node(
                new Node("add", OpKind.ADD, List.of("x", "b"), "c", Attributes.DEFAULT),
                DType.FLOAT32,
                null);
        b.node(
                new Node(
                        "mp",
                        OpKind.MAX_POOL,
                        List.of("c"),
                        "d",
                        Attributes.DEFAULT.withKernel(2, 2).withStrides(2, 2)),
                DType.FLOAT32,
                null);
        return b.output("d").build();
    }

    @Test
    void infersShapesAndTopology() {
        Graph g = residual();
        assertArrayEquals(new int[] {1, 4, 9, 9}, g.tensor("b").shape());
        assertArrayEquals(new int[] {1, 4, 4, 4}, g.tensor("d").shape()); // floor((9-2)/2)+1 = 4
        assertEquals(List.of("c1", "add"), g.consumers("x").stream().map(Node::name).toList());
        assertEquals("dw", g.producer("b").orElseThrow().name());
        assertTrue(g.producer("x").isEmpty());
        assertEquals(2, g.constants().size());
    }

    @Test
    void rejectsNodesOutOfOrderNamingTheNode() {
        GraphBuilder b = residual().toBuilder();
        List<Node> n = b.nodes();
        n.add(0, n.remove(2)); // add before its producers
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("'add'"), e.getMessage());
    }

    @Test
    void rejectsGroupMismatch() {
        GraphBuilder b = Graph.builder("g");
        b.tensor(Tensor.activation("x", new int[] {1, 3, 4, 4}, DType.FLOAT32, null)).input("x");
        b.tensor(Tensor.constant("w", new int[] {4, 1, 1, 1}, new float[4]));
        Node conv =
                new Node(
                        "bad",
                        OpKind.CONV,
                        List.of("x", "w"),
                        "y",
                        Attributes.DEFAULT.withGroup(2));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> b.node(conv, DType.FLOAT32, null));
        assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
    }

    @Test
    void clampQuantisesLikeTflite() {
        // scale 0.05, zp -10: relu6 -> [-10, -10 + 120] = [-10, 110]
        assertArrayEquals(new int[] {-10, 110}, Clamp.RELU6.int8Range(0.05f, -10));
        assertArrayEquals(new int[] {-128, 127}, Clamp.NONE.int8Range(0.05f, -10));
        // 6 / 0.04 = 150 -> saturates at 127
        assertArrayEquals(new int[] {5, 127}, Clamp.RELU6.int8Range(0.04f, 5));
    }

    @Test
    void perAxisQuantisationMustMatchShape() {
        Quantization q = Quantization.perAxis(new float[] {0.1f, 0.2f}, 0);
        assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.constant("w", new int[] {3, 1}, new byte[3], q));
        assertEquals(
                0.2f,
                Tensor.constant("w", new int[] {2, 1}, new byte[2], q).quantization().scale(1));
    }
}
