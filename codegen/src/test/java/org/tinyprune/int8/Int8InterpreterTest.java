package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/** Hand-worked tiny graphs: every expected value below was computed by hand (see comments). */
class Int8InterpreterTest {

    private static final Quantization IN = Quantization.perTensor(0.5f, -1);
    private static final Quantization OUT = Quantization.perTensor(0.5f, 3);
    // centred input x = q + 1 = [[2,4,0],[6,0,8],[1,3,5]]
    private static final byte[] X3 = {1, 3, -1, 5, -1, 7, 0, 2, 4};

    private static GraphBuilder conv2x2(Attributes attrs, int[] bias) {
        GraphBuilder b = Graph.builder("t");
        b.tensor(Tensor.activation("x", new int[] {1, 1, 3, 3}, DType.INT8, IN)).input("x");
        b.tensor(
                Tensor.constant(
                        "w",
                        new int[] {1, 1, 2, 2},
                        new byte[] {1, -2, 3, 2},
                        Quantization.perAxis(new float[] {0.25f}, 0)));
        List<String> ins = List.of("x", "w");
        if (bias != null) {
            b.tensor(
                    Tensor.constant(
                            "b",
                            new int[] {1},
                            bias,
                            Quantization.perAxis(new float[] {0.125f}, 0)));
            ins = List.of("x", "w", "b");
        }
        return b.node(new Node("conv", OpKind.CONV, ins, "y", attrs), DType.INT8, OUT).output("y");
    }

    @Test
    void convRequantisesWithDoubleRounding() {
        // acc = 10 + window·w = 22, 30, 25, 13; multiplier 0.5*0.25/0.5 = 0.25 (2^30, shift -1).
        // 22 -> 11 -> 5.5 -> 6; 30 -> 15 -> 8; 25 -> 13 (12.5 up) -> 7; 13 -> 7 -> 4; plus zp 3.
        // (Exact rounding would give 6 and 3 for 25 and 13: the device rounds twice, like TFLite.)
        Graph g = conv2x2(Attributes.DEFAULT, new int[] {10}).build();
        assertArrayEquals(new byte[] {9, 11, 10, 7}, new Int8Interpreter(g).run(X3));
    }

    @Test
    void convWithPaddingStrideAndRelu() {
        // pad 1, stride 2: accs 2*2=4, 4*3+0*2=12, 6*(-2)+1*2=-10, 0-16+9+10=3 (no bias)
        // ×0.25 -> 1, 3, -2.5 -> -3, 0.75 -> 1; + zp 3 -> 4, 6, 0, 4; ReLU clamps at zp 3.
        Attributes a = Attributes.DEFAULT.withPads(1, 1, 1, 1).withStrides(2, 2);
        Graph plain = conv2x2(a, null).build();
        assertArrayEquals(new byte[] {4, 6, 0, 4}, new Int8Interpreter(plain).run(X3));
        Graph relu = conv2x2(a.withClamp(Clamp.RELU), null).build();
        assertArrayEquals(new byte[] {4, 6, 3, 4}, new Int8Interpreter(relu).run(X3));
    }

    @Test
    void depthwiseUsesPerChannelScales() {
        // ch0: w 2 (scale 0.5), bias 1: acc 3,5,7,9 ×0.5 -> 2,3,4,5
        // ch1: w -3 (scale 0.25): acc -12,-9,-6,-3 ×0.25 -> -3, -2.25 -> -2, -1.5 -> -2, -0.75 ->
        // -1
        Quantization unit = Quantization.perTensor(1f, 0);
        GraphBuilder b = Graph.builder("dw");
        b.tensor(Tensor.activation("x", new int[] {1, 2, 2, 2}, DType.INT8, unit)).input("x");
        b.tensor(
                Tensor.constant(
                        "w",
                        new int[] {2, 1, 1, 1},
                        new byte[] {2, -3},
                        Quantization.perAxis(new float[] {0.5f, 0.25f}, 0)));
        b.tensor(
                Tensor.constant(
                        "b",
                        new int[] {2},
                        new int[] {1, 0},
                        Quantization.perAxis(new float[] {0.5f, 0.25f}, 0)));
        b.node(
                new Node(
                        "dw",
                        OpKind.CONV,
                        List.of("x", "w", "b"),
                        "y",
                        Attributes.DEFAULT.withGroup(2)),
                DType.INT8,
                unit);
        Graph g = b.output("y").build();
        assertArrayEquals(
                new byte[] {2, 3, 4, 5, -3, -2, -2, -1},
                new Int8Interpreter(g).run(new byte[] {1, 2, 3, 4, 4, 3, 2, 1}));
    }

    @Test
    void denseCentresInputAndRescalesPerChannel() {
        // x - zp = [5, -25, 0]; acc0 = 100 + 5 - 50 = 55 (real 0.55 / 0.5 = 1.1 -> 1)
        // acc1 = -50 - 5 = -55 (real -1.1 / 0.5 = -2.2 -> -2)
        GraphBuilder b = Graph.builder("fc");
        b.tensor(
                        Tensor.activation(
                                "x", new int[] {1, 3}, DType.INT8, Quantization.perTensor(0.1f, 5)))
                .input("x");
        b.tensor(
                Tensor.constant(
                        "w",
                        new int[] {2, 3},
                        new byte[] {1, 2, 3, -1, 0, 4},
                        Quantization.perAxis(new float[] {0.1f, 0.2f}, 0)));
        b.tensor(
                Tensor.constant(
                        "b",
                        new int[] {2},
                        new int[] {100, -50},
                        Quantization.perAxis(new float[] {0.1f * 0.1f, 0.1f * 0.2f}, 0)));
        b.node(
                new Node("fc", OpKind.DENSE, List.of("x", "w", "b"), "y", Attributes.DEFAULT),
                DType.INT8,
                Quantization.perTensor(0.5f, 0));
        Graph g = b.output("y").build();
        assertArrayEquals(new byte[] {1, -2}, new Int8Interpreter(g).run(new byte[] {10, -20, 5}));
    }

    private static Graph pool(OpKind op, Attributes attrs) {
        GraphBuilder b = Graph.builder("pool");
        b.tensor(Tensor.activation("x", new int[] {1, 1, 3, 3}, DType.INT8, IN)).input("x");
        return b.node(new Node("p", op, List.of("x"), "y", attrs), DType.INT8, IN)
                .output("y")
                .build();
    }

    @Test
    void poolingSkipsPaddingAndRoundsAwayFromZero() {
        byte[] x = {1, 2, 3, 4, 5, 6, 7, 8, -10};
        Attributes a = Attributes.DEFAULT.withKernel(3, 3).withStrides(2, 2).withPads(1, 1, 1, 1);
        // windows: {1,2,4,5}, {2,3,5,6}, {4,5,7,8}, {5,6,8,-10}
        assertArrayEquals(
                new byte[] {5, 6, 8, 8}, new Int8Interpreter(pool(OpKind.MAX_POOL, a)).run(x));
        // 12/4 = 3, 16/4 = 4, 24/4 = 6, 9/4 = 2.25 -> 2
        assertArrayEquals(
                new byte[] {3, 4, 6, 2}, new Int8Interpreter(pool(OpKind.AVG_POOL, a)).run(x));
        // 26/9 = 2.89 -> 3
        assertArrayEquals(
                new byte[] {3},
                new Int8Interpreter(pool(OpKind.GLOBAL_AVG_POOL, Attributes.DEFAULT)).run(x));
    }

    @Test
    void addConcatAndFlattenWireTogether() {
        Quantization a = Quantization.perTensor(0.5f, 0);
        Quantization bq = Quantization.perTensor(0.25f, 10);
        Quantization o = Quantization.perTensor(1f, -5);
        GraphBuilder b = Graph.builder("wiring");
        b.tensor(Tensor.activation("a", new int[] {1, 1, 1, 2}, DType.INT8, a)).input("a");
        b.node(
                new Node("dup", OpKind.CLAMP, List.of("a"), "a2", Attributes.DEFAULT),
                DType.INT8,
                a);
        b.tensor(
                Tensor.constant(
                        "w",
                        new int[] {1, 1, 1, 1},
                        new byte[] {2},
                        Quantization.perAxis(new float[] {0.25f}, 0)));
        b.node(
                new Node("c", OpKind.CONV, List.of("a2", "w"), "bb", Attributes.DEFAULT),
                DType.INT8,
                bq);
        b.node(
                new Node("add", OpKind.ADD, List.of("a2", "bb"), "s", Attributes.DEFAULT),
                DType.INT8,
                o);
        b.node(
                new Node("cat", OpKind.CONCAT, List.of("s", "s"), "cc", Attributes.DEFAULT),
                DType.INT8,
                o);
        b.tensor(Tensor.activation("flat", new int[] {1, 4}, DType.INT8, o));
        b.node(new Node("flatten", OpKind.RESHAPE, List.of("cc"), "flat", Attributes.DEFAULT));
        Graph g = b.output("flat").build();
        // a = [10, -4] (real 5, -2); conv: acc = 2a = [20, -8], multiplier 0.5*0.25/0.25 = 0.5
        // -> [10, -4], + zp 10 -> [20, 6] (real 2.5, -1.0)
        // add: 5 + 2.5 = 7.5 -> 8 - 5 = 3; -2 + (-1) = -3 -> -3 - 5 = -8
        Map<String, byte[]> v = new Int8Interpreter(g).runAll(Map.of("a", new byte[] {10, -4}));
        assertArrayEquals(new byte[] {20, 6}, v.get("bb"));
        assertArrayEquals(new byte[] {3, -8}, v.get("s"));
        assertArrayEquals(new byte[] {3, -8, 3, -8}, v.get("flat"));
        assertEquals(List.of("a", "a2", "bb", "s", "cc", "flat"), List.copyOf(v.keySet()));
    }

    @Test
    void argmaxTakesTheFirstMaximum() {
        assertEquals(1, Int8Interpreter.argmax(new byte[] {-3, 7, 2, 7}));
        assertEquals(0, Int8Interpreter.argmax(new byte[] {-128, -128}));
    }

    @Test
    void rejectsFloatGraphsAndMismatchedPoolQuantisationNamingTheNode() {
        GraphBuilder f = Graph.builder("float");
        f.tensor(Tensor.activation("x", new int[] {1, 1, 3, 3}, DType.FLOAT32, null)).input("x");
        f.node(
                new Node(
                        "mp",
                        OpKind.MAX_POOL,
                        List.of("x"),
                        "y",
                        Attributes.DEFAULT.withKernel(2, 2)),
                DType.FLOAT32,
                null);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Int8Interpreter(f.output("y").build()));
        assertTrue(
                e.getMessage().contains("'mp'") && e.getMessage().contains("FLOAT32"),
                e.getMessage());

        GraphBuilder q = Graph.builder("q");
        q.tensor(Tensor.activation("x", new int[] {1, 1, 3, 3}, DType.INT8, IN)).input("x");
        q.node(
                new Node(
                        "ap",
                        OpKind.AVG_POOL,
                        List.of("x"),
                        "y",
                        Attributes.DEFAULT.withKernel(2, 2)),
                DType.INT8,
                OUT);
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Int8Interpreter(q.output("y").build()));
        assertTrue(
                e.getMessage().contains("'ap'") && e.getMessage().contains("equal scale"),
                e.getMessage());
    }

    @Test
    void rejectsWrongInputLength() {
        Graph g = conv2x2(Attributes.DEFAULT, null).build();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Int8Interpreter(g).run(new byte[4]));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("9"), e.getMessage());
    }
}
