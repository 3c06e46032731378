package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

/**
 * Streamed execution of a chain equals layer-by-layer execution bit for bit: a hand-worked conv3x3
 * → conv3x1 → maxpool, random chains of convolutions (general, grouped, depthwise, any kernel,
 * stride, padding, dilation) and pools at odd sizes, and a whole graph with its first stage
 * streamed; chains that are not chains are refused by name.
 */
class StreamedChainTest {
    private static final Quantization Q_X = Quantization.perTensor(0.5f, 0);
    private static final Quantization Q_A = Quantization.perTensor(0.125f, 0);
    private static final Quantization Q_B = Quantization.perTensor(0.125f, 0);

    /** x 4×4 → cross-shaped 3×3 sum (pad 1) → vertical 3×1 sum (pad 1) → max pool 2×2. */
    private static Graph handWorked() {
        GraphBuilder b = Graph.builder("hand");
        b.tensor(Tensor.activation("x", new int[] {1, 1, 4, 4}, DType.INT8, Q_X)).input("x");
        // multiplier 0.5 · 0.25 / 0.125 = 1 (exact), no bias: the output is the integer sum
        b.tensor(
                Tensor.constant(
                        "w1",
                        new int[] {1, 1, 3, 3},
                        new byte[] {0, 1, 0, 1, 1, 1, 0, 1, 0},
                        Quantization.perAxis(new float[] {0.25f}, 0)));
        b.node(
                new Node(
                        "c1",
                        OpKind.CONV,
                        List.of("x", "w1"),
                        "a",
                        Attributes.DEFAULT.withPads(1, 1, 1, 1)),
                DType.INT8,
                Q_A);
        // multiplier 0.125 · 1 / 0.125 = 1
        b.tensor(
                Tensor.constant(
                        "w2",
                        new int[] {1, 1, 3, 1},
                        new byte[] {1, 1, 1},
                        Quantization.perAxis(new float[] {1f}, 0)));
        b.node(
                new Node(
                        "c2",
                        OpKind.CONV,
                        List.of("a", "w2"),
                        "b",
                        Attributes.DEFAULT.withPads(1, 0, 1, 0)),
                DType.INT8,
                Q_B);
        b.node(
                new Node(
                        "p",
                        OpKind.MAX_POOL,
                        List.of("b"),
                        "y",
                        Attributes.DEFAULT.withKernel(2, 2).withStrides(2, 2)),
                DType.INT8,
                Q_B);
        return b.output("y").build();
    }

    @Test
    void handWorkedChain() {
        Graph g = handWorked();
        byte[] x = {1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 1, 2, 0, 2, 0};
        // a = cross sums: [8 12 16 15 | 12 21 24 20 | 8 7 11 9 | 2 5 2 3]
        // b = vertical sums of a: [20 33 40 35 | 28 40 51 44 | 22 33 37 32 | 10 12 13 12]
        // y = 2×2 maxima of b: [40 51 | 33 37]
        byte[] expected = {40, 51, 33, 37};
        StreamedChain chain = StreamedChain.of(g, g.nodes());
        assertArrayEquals(expected, chain.run(x));
        assertArrayEquals(expected, new Int8Interpreter(g).run(x));
        assertArrayEquals(new int[] {3, 2}, chain.lineBufferRows());
        assertArrayEquals(
                expected, new Int8Interpreter(g).runStreamed(x, List.of(List.of("c1", "c2", "p"))));
    }

    private static Quantization act(Random rnd) {
        return Quantization.perTensor(0.02f + rnd.nextFloat() * 0.08f, rnd.nextInt(41) - 20);
    }

    /**
     * Appends a random conv or pool reading {@code in} ({@code [1, c, h, w]}); returns its output
     * name.
     */
    private static String layer(GraphBuilder b, Random rnd, int i, String in) {
        Tensor x = b.find(in);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        String out = "t" + i;
        int kind = rnd.nextInt(5);
        int kh = 1 + rnd.nextInt(Math.min(h, 5));
        int kw = 1 + rnd.nextInt(Math.min(w, 5));
        int dh = kh > 1 && rnd.nextInt(4) == 0 && 2 * (kh - 1) + 1 <= h ? 2 : 1;
        int dw = kw > 1 && rnd.nextInt(4) == 0 && 2 * (kw - 1) + 1 <= w ? 2 : 1;
        int eh = dh * (kh - 1) + 1;
        int ew = dw * (kw - 1) + 1;
        Attributes a =
                Attributes.DEFAULT
                        .withStrides(1 + rnd.nextInt(3), 1 + rnd.nextInt(3))
                        .withPads(
                                rnd.nextInt(eh), rnd.nextInt(ew), rnd.nextInt(eh), rnd.nextInt(ew));
        if (kind >= 3) {
            boolean max = kind == 3;
            a =
                    a.withKernel(kh, kw)
                            .withDilations(dh, dw)
                            .withClamp(rnd.nextBoolean() ? Clamp.RELU : Clamp.NONE);
            if (!max) {
                a = a.withCountIncludePad(rnd.nextBoolean());
            }
            b.node(
                    new Node("n" + i, max ? OpKind.MAX_POOL : OpKind.AVG_POOL, List.of(in), out, a),
                    DType.INT8,
                    x.quantization());
            return out;
        }
        int groups = kind == 0 ? 1 : kind == 1 ? c : c % 2 == 0 ? 2 : 1;
        int cout = kind == 1 ? c : groups * (1 + rnd.nextInt(5));
        int cin = c / groups;
        byte[] wv = new byte[cout * cin * kh * kw];
        for (int j = 0; j < wv.length; j++) {
            wv[j] = (byte) (rnd.nextInt(255) - 127);
        }
        float[] s = new float[cout];
        float[] bs = new float[cout];
        int[] bias = new int[cout];
        for (int o = 0; o < cout; o++) {
            s[o] = (0.2f + rnd.nextFloat()) / (127f * (float) Math.sqrt(cin * kh * kw));
            bs[o] = x.quantization().scale() * s[o];
            bias[o] = rnd.nextInt(4001) - 2000;
        }
        b.tensor(
                Tensor.constant(
                        "w" + i, new int[] {cout, cin, kh, kw}, wv, Quantization.perAxis(s, 0)));
        b.tensor(Tensor.constant("b" + i, new int[] {cout}, bias, Quantization.perAxis(bs, 0)));
        Clamp clamp =
                switch (rnd.nextInt(3)) {
                    case 0 -> Clamp.NONE;
                    case 1 -> Clamp.RELU;
                    default -> Clamp.RELU6;
                };
        b.node(
                new Node(
                        "n" + i,
                        OpKind.CONV,
                        List.of(in, "w" + i, "b" + i),
                        out,
                        a.withGroup(groups).withDilations(dh, dw).withClamp(clamp)),
                DType.INT8,
                act(rnd));
        return out;
    }

    @Test
    void randomChainsEqualLayerByLayer() {
        Random rnd = new Random(1601);
        int trials = 0;
        int[] bufferRows = new int[6];
        while (trials < 300) {
            int c = 1 + rnd.nextInt(6);
            int h = 1 + rnd.nextInt(17);
            int w = 1 + rnd.nextInt(17);
            GraphBuilder b = Graph.builder("chain" + trials);
            b.tensor(
                            Tensor.activation(
                                    "x",
                                    new int[] {rnd.nextInt(6) == 0 ? 2 : 1, c, h, w},
                                    DType.INT8,
                                    act(rnd)))
                    .input("x");
            String cur = "x";
            int layers = 1 + rnd.nextInt(4);
            for (int i = 0; i < layers; i++) {
                cur = layer(b, rnd, i, cur);
            }
            Graph g = b.output(cur).build();
            StreamedChain chain = StreamedChain.of(g, g.nodes());
            for (int r : chain.lineBufferRows()) {
                bufferRows[Math.min(r, 5)]++;
            }
            for (int s = 0; s < 2; s++) {
                byte[] x = new byte[(int) g.tensor("x").elements()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (byte) (rnd.nextInt(256) - 128);
                }
                assertArrayEquals(
                        Int8Interpreter.reference(g).run(x),
                        chain.run(x),
                        g.name() + " " + g.nodes());
            }
            trials++;
        }
        for (int r = 1; r <= 5; r++) {
            assertTrue(
                    bufferRows[r] > 10,
                    "line buffers of " + r + " rows exercised only " + bufferRows[r] + " times");
        }
    }

    @Test
    void firstStageStreamedInsideAWholeGraph() {
        Random rnd = new Random(7);
        GraphBuilder b = Graph.builder("vggish");
        b.tensor(Tensor.activation("x", new int[] {1, 1, 15, 13}, DType.INT8, act(rnd))).input("x");
        String cur = "x";
        int i = 0;
        for (int[] spec : new int[][] {{4, 3, 1}, {4, 3, 1}, {0, 2, 2}, {6, 3, 1}}) {
            Tensor x = b.find(cur);
            Attributes a =
                    spec[0] == 0
                            ? Attributes.DEFAULT.withKernel(2, 2).withStrides(2, 2)
                            : Attributes.DEFAULT.withPads(1, 1, 1, 1).withClamp(Clamp.RELU);
            if (spec[0] == 0) {
                b.node(
                        new Node("n" + i, OpKind.MAX_POOL, List.of(cur), "t" + i, a),
                        DType.INT8,
                        x.quantization());
            } else {
                int cin = x.dim(1);
                byte[] wv = new byte[spec[0] * cin * 9];
                for (int j = 0; j < wv.length; j++) {
                    wv[j] = (byte) (rnd.nextInt(255) - 127);
                }
                float[] s = new float[spec[0]];
                java.util.Arrays.fill(s, 0.3f / (127f * (float) Math.sqrt(cin * 9)));
                b.tensor(
                        Tensor.constant(
                                "w" + i,
                                new int[] {spec[0], cin, 3, 3},
                                wv,
                                Quantization.perAxis(s, 0)));
                b.node(
                        new Node("n" + i, OpKind.CONV, List.of(cur, "w" + i), "t" + i, a),
                        DType.INT8,
                        act(rnd));
            }
            cur = "t" + i++;
        }
        Graph g = b.output(cur).build();
        Int8Interpreter interpreter = new Int8Interpreter(g);
        for (int s = 0; s < 5; s++) {
            byte[] x = new byte[15 * 13];
            for (int j = 0; j < x.length; j++) {
                x[j] = (byte) (rnd.nextInt(256) - 128);
            }
            assertArrayEquals(
                    interpreter.run(x),
                    interpreter.runStreamed(x, List.of(List.of("n0", "n1", "n2"))));
        }
    }

    @Test
    void notAChainIsRefusedByName() {
        Graph g = handWorked();
        IllegalArgumentException gap =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> StreamedChain.of(g, List.of(g.node("c1"), g.node("p"))));
        assertTrue(
                gap.getMessage().contains("'p'") && gap.getMessage().contains("reads 'b'"),
                gap.getMessage());
        GraphBuilder b = handWorked().toBuilder();
        b.node(
                new Node(
                        "extra",
                        OpKind.CLAMP,
                        List.of("a"),
                        "z",
                        Attributes.DEFAULT.withClamp(Clamp.RELU)),
                DType.INT8,
                Q_A);
        Graph branched = b.output("z").build();
        IllegalArgumentException shared =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                StreamedChain.of(
                                        branched, new ArrayList<>(branched.nodes().subList(0, 3))));
        assertTrue(
                shared.getMessage().contains("'c1'")
                        && shared.getMessage().contains("read by 2 nodes"),
                shared.getMessage());
        IllegalArgumentException op =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> StreamedChain.of(branched, List.of(branched.node("extra"))));
        assertTrue(
                op.getMessage().contains("'extra'")
                        && op.getMessage().contains("cannot be streamed"),
                op.getMessage());
    }

    @Test
    void aLineBufferHoldsOnlyItsRows() {
        LineBuffer band = new LineBuffer(1, 2, 2);
        band.append(3, new byte[] {1, 2});
        band.append(4, new byte[] {3, 4});
        assertThrows(IllegalStateException.class, () -> band.append(5, new byte[] {5, 6}));
        band.dropBelow(4);
        band.append(5, new byte[] {5, 6});
        assertThrows(IllegalStateException.class, () -> band.get(0, 3, 0));
        assertTrue(band.get(0, 5, 1) == 6 && band.get(0, 4, 0) == 3);
    }
}
