package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/** The int8 activation tables, against codes worked out by hand, and the interpreter using them. */
class LookupTableTest {

    /** table[q + 128] of a single-node graph. */
    private static byte[] table(OpKind op, Quantization in, Quantization out, float... alphaBeta) {
        return LookupTable.of(
                graph(op, in, out, alphaBeta), graph(op, in, out, alphaBeta).nodes().get(0));
    }

    private static Graph graph(OpKind op, Quantization in, Quantization out, float... alphaBeta) {
        var b =
                Graph.builder("lut")
                        .tensor(Tensor.activation("x", new int[] {1, 4}, DType.INT8, in))
                        .input("x");
        List<String> inputs = List.of("x");
        if (op == OpKind.HARD_SIGMOID) {
            b.tensor(Tensor.constant("ab", new int[] {2}, alphaBeta));
            inputs = List.of("x", "ab");
        }
        return b.node(new Node("act", op, inputs, "y", Attributes.DEFAULT), DType.INT8, out)
                .output("y")
                .build();
    }

    @Test
    void sigmoidByHand() {
        // in: scale 1/16, zp 0 (x = q / 16); out: scale 1/256, zp -128 (TFLite's sigmoid output).
        byte[] t =
                table(
                        OpKind.SIGMOID,
                        Quantization.perTensor(1f / 16, 0),
                        Quantization.perTensor(1f / 256, -128));
        assertEquals(LookupTable.SIZE, t.length);
        // q = 0:    x = 0,      σ = 0.5           -> 0.5 * 256 = 128       -> 128 - 128 = 0
        assertEquals(0, t[0 + 128]);
        // q = 16:   x = 1,      σ = 0.731059      -> 187.151 -> 187        -> 59
        assertEquals(59, t[16 + 128]);
        // q = -16:  x = -1,     σ = 0.268941      -> 68.849  -> 69         -> -59
        assertEquals(-59, t[-16 + 128]);
        // q = 8:    x = 0.5,    σ = 0.622459      -> 159.350 -> 159        -> 31
        assertEquals(31, t[8 + 128]);
        // q = 127:  x = 7.9375, σ = 0.999643      -> 255.909 -> 256        -> 128, saturates to 127
        assertEquals(127, t[127 + 128]);
        // q = -128: x = -8,     σ = 0.000335      -> 0.086   -> 0          -> -128
        assertEquals(-128, t[0]);
    }

    /** Exact ties show the rounding: half to even, as ONNX QuantizeLinear rounds. */
    @Test
    void hardSigmoidTiesRoundHalfToEven() {
        // in: scale 0.5, zp 0; out: scale 0.25, zp 0; alpha 0.25, beta 0.5: y = x / 4 + 1/2.
        byte[] t =
                table(
                        OpKind.HARD_SIGMOID,
                        Quantization.perTensor(0.5f, 0),
                        Quantization.perTensor(0.25f, 0),
                        0.25f,
                        0.5f);
        // q = 1: x = 0.5, y = 0.625 -> 2.5 -> 2 (half away from zero would give 3)
        assertEquals(2, t[1 + 128]);
        // q = 3: x = 1.5, y = 0.875 -> 3.5 -> 4
        assertEquals(4, t[3 + 128]);
        // q = 4: x = 2, y = 1 -> 4; q = 100: clipped at 1 -> 4; q = -4: y = 0 -> 0; q = -100: 0
        assertEquals(4, t[4 + 128]);
        assertEquals(4, t[100 + 128]);
        assertEquals(0, t[-4 + 128]);
        assertEquals(0, t[-100 + 128]);
    }

    @Test
    void hardSwishByHand() {
        // in and out: scale 0.5, zp 0; y = x * clamp(x / 6 + 1/2, 0, 1)
        byte[] t =
                table(
                        OpKind.HARD_SWISH,
                        Quantization.perTensor(0.5f, 0),
                        Quantization.perTensor(0.5f, 0));
        // q = 2: x = 1, y = 1 * 2/3 = 0.667 -> 1.333 -> 1
        assertEquals(1, t[2 + 128]);
        // q = -2: x = -1, y = -1 * 1/3 = -0.333 -> -0.667 -> -1
        assertEquals(-1, t[-2 + 128]);
        // q = 6: x = 3, y = 3 -> 6; q = -6: x = -3, y = 0 -> 0; q = 20: x = 10, y = 10 -> 20
        assertEquals(6, t[6 + 128]);
        assertEquals(0, t[-6 + 128]);
        assertEquals(20, t[20 + 128]);
    }

    @Test
    void interpreterLooksUpTheSameTable() {
        Quantization in = Quantization.perTensor(1f / 16, 0);
        Quantization out = Quantization.perTensor(1f / 256, -128);
        Graph g = graph(OpKind.SIGMOID, in, out);
        byte[] y = new Int8Interpreter(g).run(new byte[] {0, 16, -16, 8});
        assertArrayEquals(new byte[] {0, 59, -59, 31}, y);
    }

    @Test
    void otherOpsHaveNoTable() {
        Quantization q = Quantization.perTensor(0.1f, 0);
        Graph g =
                Graph.builder("clamp")
                        .tensor(Tensor.activation("x", new int[] {1, 4}, DType.INT8, q))
                        .input("x")
                        .node(
                                new Node("c", OpKind.CLAMP, List.of("x"), "y", Attributes.DEFAULT),
                                DType.INT8,
                                q)
                        .output("y")
                        .build();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> LookupTable.of(g, g.nodes().get(0)));
        assertEquals(true, e.getMessage().contains("'c'"), e.getMessage());
    }
}
