package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.plan.Buffers;

/**
 * A Mul may write over its full-shape input, never over a broadcast factor it still reads: with
 * 4-byte alignment a one-element factor and a two-element output take the same bytes, so the
 * planner must be told not to offer the factor's buffer.
 */
class MulInPlaceTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, 3);

    /**
     * Squeeze-and-excite without convs, {@code MUL(x, SIGMOID(GAP(x)))}: x is the graph input,
     * which is never overwritten, so the factor is the only input the planner could offer.
     */
    private static Graph graph(int c, int h, int w) {
        return Graph.builder("se" + c + "x" + h + "x" + w)
                .tensor(Tensor.activation("x", new int[] {1, c, h, w}, DType.INT8, Q))
                .input("x")
                .node(
                        new Node(
                                "gap",
                                OpKind.GLOBAL_AVG_POOL,
                                List.of("x"),
                                "g",
                                Attributes.DEFAULT),
                        DType.INT8,
                        Q)
                .node(
                        new Node("sig", OpKind.SIGMOID, List.of("g"), "s", Attributes.DEFAULT),
                        DType.INT8,
                        Quantization.perTensor(1f / 256, -128))
                .node(
                        new Node("mul", OpKind.MUL, List.of("x", "s"), "y", Attributes.DEFAULT),
                        DType.INT8,
                        Q)
                .output("y")
                .build();
    }

    @Test
    void factorWithTheOutputsAlignedSizeIsNotOverwritten() throws Exception {
        Graph tiny = graph(1, 1, 2); // factor 1 byte and output 2 bytes: both 4 once aligned
        assertFalse(new Buffers(tiny).mayRunInPlace(2));
        assertTrue(new Buffers(graph(6, 4, 4)).mayRunInPlace(2));
        for (Graph g : List.of(tiny, graph(1, 1, 3), graph(6, 4, 4))) {
            byte[] x = new byte[(int) g.tensor("x").elements()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (byte) (40 - 13 * i);
            }
            Path bin = HostHarness.runner(g, false);
            assertArrayEquals(new Int8Interpreter(g).run(x), HostHarness.runInt8(bin, x), g.name());
        }
    }
}
