package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
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
 * The optimised {@link ConvInt8} against the naive definition {@link ReferenceConvInt8}, bit for
 * bit, on every geometry the kernels accept: strides 1-3, symmetric and lopsided padding,
 * rectangular and 1/3/5 kernels, dilations 1-3 (also unequal per axis), dense, grouped and
 * depthwise (with channel multiplier) convolutions, batches, odd sizes, sparse weights, and extreme
 * codes, zero points and biases that make the int32 accumulator wrap.
 */
class ConvInt8Test {

    /** One convolution to compare. */
    private record Case(
            int batch,
            int cin,
            int cout,
            int groups,
            int h,
            int w,
            int kh,
            int kw,
            int stride,
            int[] pads,
            boolean extreme,
            int dh,
            int dw) {

        /** An undilated case. */
        Case(
                int batch,
                int cin,
                int cout,
                int groups,
                int h,
                int w,
                int kh,
                int kw,
                int stride,
                int[] pads,
                boolean extreme) {
            this(batch, cin, cout, groups, h, w, kh, kw, stride, pads, extreme, 1, 1);
        }

        @Override
        public String toString() {
            return "n="
                    + batch
                    + " cin="
                    + cin
                    + " cout="
                    + cout
                    + " g="
                    + groups
                    + " "
                    + h
                    + "x"
                    + w
                    + " k="
                    + kh
                    + "x"
                    + kw
                    + " s="
                    + stride
                    + " pads="
                    + java.util.Arrays.toString(pads)
                    + " d="
                    + dh
                    + ","
                    + dw
                    + (extreme ? " extreme" : "");
        }
    }

    private static void assertSameAsReference(Case c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Graph graph = convGraph(c, rnd);
        Node node = graph.nodes().get(0);
        byte[] x = codes(rnd, c.batch * c.cin * c.h * c.w, c.extreme);
        List<byte[]> in = List.of(x);
        assertArrayEquals(
                new ReferenceConvInt8(graph, node).run(in),
                new ConvInt8(graph, node).run(in),
                c.toString());
    }

    private static Graph convGraph(Case c, SplittableRandom rnd) {
        int zpIn = c.extreme ? (rnd.nextBoolean() ? -128 : 127) : rnd.nextInt(-30, 31);
        Quantization qIn = Quantization.perTensor((float) Math.exp(rnd.nextDouble(-5, 0)), zpIn);
        float[] wScales = new float[c.cout];
        float[] bScales = new float[c.cout];
        int[] bias = new int[c.cout];
        for (int o = 0; o < c.cout; o++) {
            wScales[o] = (float) Math.exp(rnd.nextDouble(-6, -2));
            bScales[o] = qIn.scale() * wScales[o];
            // extreme biases sit near the int32 limits, so the sum wraps in some channels
            bias[o] =
                    c.extreme
                            ? (rnd.nextBoolean()
                                    ? Integer.MAX_VALUE - rnd.nextInt(1000)
                                    : Integer.MIN_VALUE + rnd.nextInt(1000))
                            : rnd.nextInt(-20000, 20001);
        }
        byte[] wt = codes(rnd, c.cout * (c.cin / c.groups) * c.kh * c.kw, c.extreme);
        double sparsity = rnd.nextDouble(0, 0.7);
        for (int i = 0; i < wt.length; i++) {
            if (rnd.nextDouble() < sparsity) {
                wt[i] = 0;
            }
        }
        Attributes a =
                Attributes.DEFAULT
                        .withPads(c.pads[0], c.pads[1], c.pads[2], c.pads[3])
                        .withStrides(c.stride, c.stride)
                        .withGroup(c.groups)
                        .withDilations(c.dh, c.dw)
                        .withClamp(rnd.nextBoolean() ? Clamp.NONE : Clamp.RELU);
        GraphBuilder b = Graph.builder("conv");
        b.tensor(Tensor.activation("x", new int[] {c.batch, c.cin, c.h, c.w}, DType.INT8, qIn))
                .input("x");
        b.tensor(
                Tensor.constant(
                        "w",
                        new int[] {c.cout, c.cin / c.groups, c.kh, c.kw},
                        wt,
                        Quantization.perAxis(wScales, 0)));
        b.tensor(Tensor.constant("b", new int[] {c.cout}, bias, Quantization.perAxis(bScales, 0)));
        Node node = new Node("conv", OpKind.CONV, List.of("x", "w", "b"), "y", a);
        Quantization qOut =
                Quantization.perTensor(
                        (float) Math.exp(rnd.nextDouble(-4, 1)), rnd.nextInt(-128, 128));
        return b.node(node, DType.INT8, qOut).output("y").build();
    }

    /** Random int8 codes; extreme ones are only -128 and 127. */
    private static byte[] codes(SplittableRandom rnd, int n, boolean extreme) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (extreme ? (rnd.nextBoolean() ? -128 : 127) : rnd.nextInt(-128, 128));
        }
        return b;
    }

    @Test
    void namedGeometriesMatchTheReference() {
        List<Case> cases =
                List.of(
                        new Case(1, 3, 8, 1, 9, 9, 3, 3, 1, new int[] {1, 1, 1, 1}, false),
                        new Case(1, 3, 8, 1, 9, 9, 3, 3, 2, new int[] {1, 1, 1, 1}, false),
                        new Case(2, 5, 7, 1, 7, 11, 1, 1, 1, new int[] {0, 0, 0, 0}, false),
                        new Case(1, 5, 7, 1, 8, 8, 1, 1, 2, new int[] {0, 0, 0, 0}, false),
                        new Case(1, 4, 6, 1, 13, 10, 5, 5, 1, new int[] {2, 2, 2, 2}, false),
                        new Case(1, 4, 6, 1, 13, 10, 5, 5, 2, new int[] {0, 0, 0, 0}, false),
                        new Case(3, 6, 6, 6, 9, 7, 3, 3, 1, new int[] {1, 1, 1, 1}, false),
                        new Case(1, 6, 6, 6, 9, 7, 3, 3, 2, new int[] {1, 1, 1, 1}, false),
                        new Case(1, 4, 8, 4, 6, 6, 3, 3, 1, new int[] {1, 1, 1, 1}, false),
                        new Case(2, 6, 9, 3, 7, 5, 3, 3, 1, new int[] {0, 1, 2, 0}, false),
                        new Case(1, 2, 3, 1, 5, 9, 1, 3, 1, new int[] {0, 1, 0, 1}, false),
                        new Case(1, 2, 3, 1, 4, 4, 3, 3, 3, new int[] {2, 2, 0, 0}, false),
                        new Case(1, 1, 1, 1, 1, 1, 1, 1, 1, new int[] {0, 0, 0, 0}, false),
                        new Case(1, 64, 4, 1, 6, 6, 5, 5, 1, new int[] {2, 2, 2, 2}, true),
                        new Case(2, 3, 5, 1, 7, 7, 3, 3, 2, new int[] {1, 1, 1, 1}, true),
                        new Case(1, 8, 8, 8, 5, 5, 3, 3, 1, new int[] {1, 1, 1, 1}, true));
        for (int i = 0; i < cases.size(); i++) {
            assertSameAsReference(cases.get(i), 100 + i);
        }
    }

    @Test
    void randomGeometriesMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(31);
        for (int t = 0; t < 300; t++) {
            int kh = 1 + 2 * rnd.nextInt(3);
            int kw = rnd.nextInt(4) == 0 ? 1 + 2 * rnd.nextInt(3) : kh;
            int stride = rnd.nextInt(1, 3);
            int[] pads = {rnd.nextInt(kh), rnd.nextInt(kw), rnd.nextInt(kh), rnd.nextInt(kw)};
            int groups = rnd.nextInt(1, 4);
            int cin = groups * rnd.nextInt(1, 4);
            int kind = rnd.nextInt(3);
            int cout = kind == 0 ? groups * rnd.nextInt(1, 4) : kind == 1 ? cin : groups;
            if (kind == 1) {
                groups = cin; // depthwise
            }
            int h = rnd.nextInt(Math.max(1, kh - pads[0] - pads[2]), 12);
            int w = rnd.nextInt(Math.max(1, kw - pads[1] - pads[3]), 12);
            Case c =
                    new Case(
                            rnd.nextInt(1, 3),
                            cin,
                            cout,
                            groups,
                            h,
                            w,
                            kh,
                            kw,
                            stride,
                            pads,
                            rnd.nextInt(5) == 0);
            assertSameAsReference(c, 1000 + t);
        }
    }

    @Test
    void dilatedGeometriesMatchTheReference() {
        List<Case> cases =
                List.of(
                        new Case(1, 3, 8, 1, 9, 9, 3, 3, 1, new int[] {2, 2, 2, 2}, false, 2, 2),
                        new Case(1, 3, 5, 1, 11, 13, 3, 3, 2, new int[] {1, 2, 0, 3}, false, 2, 3),
                        new Case(2, 6, 6, 6, 9, 7, 3, 3, 1, new int[] {2, 2, 2, 2}, false, 2, 2),
                        new Case(1, 4, 8, 4, 10, 10, 3, 3, 2, new int[] {3, 3, 3, 3}, false, 3, 3),
                        new Case(1, 6, 9, 3, 12, 8, 5, 3, 1, new int[] {0, 1, 4, 0}, false, 2, 1),
                        new Case(1, 2, 3, 1, 3, 3, 3, 3, 1, new int[] {1, 1, 1, 1}, false, 2, 2),
                        new Case(
                                1,
                                2,
                                3,
                                1,
                                1,
                                6,
                                2,
                                2,
                                1,
                                new int[] {1, 0, 1, 0},
                                false,
                                2,
                                2), // taps miss the row
                        new Case(1, 64, 4, 1, 9, 9, 3, 3, 1, new int[] {2, 2, 2, 2}, true, 2, 2),
                        new Case(1, 8, 8, 8, 7, 7, 3, 3, 2, new int[] {2, 2, 2, 2}, true, 3, 2));
        for (int i = 0; i < cases.size(); i++) {
            assertSameAsReference(cases.get(i), 200 + i);
        }
    }

    @Test
    void randomDilatedGeometriesMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(37);
        for (int t = 0; t < 200; t++) {
            int kh = rnd.nextInt(1, 5);
            int kw = rnd.nextInt(4) == 0 ? rnd.nextInt(1, 5) : kh;
            int dh = rnd.nextInt(1, 4);
            int dw = rnd.nextInt(3) == 0 ? rnd.nextInt(1, 4) : dh;
            int eh = dh * (kh - 1) + 1;
            int ew = dw * (kw - 1) + 1;
            int stride = rnd.nextInt(1, 4);
            int[] pads = {rnd.nextInt(eh), rnd.nextInt(ew), rnd.nextInt(eh), rnd.nextInt(ew)};
            int groups = rnd.nextInt(1, 4);
            int cin = groups * rnd.nextInt(1, 4);
            int kind = rnd.nextInt(3);
            int cout = kind == 0 ? groups * rnd.nextInt(1, 4) : kind == 1 ? cin : groups;
            if (kind == 1) {
                groups = cin; // depthwise
            }
            int h = rnd.nextInt(Math.max(1, eh - pads[0] - pads[2]), 14);
            int w = rnd.nextInt(Math.max(1, ew - pads[1] - pads[3]), 14);
            Case c =
                    new Case(
                            rnd.nextInt(1, 3),
                            cin,
                            cout,
                            groups,
                            h,
                            w,
                            kh,
                            kw,
                            stride,
                            pads,
                            rnd.nextInt(5) == 0,
                            dh,
                            dw);
            assertSameAsReference(c, 3000 + t);
        }
    }

    @Test
    void concurrentCallsShareNoState() {
        // Different geometries on many threads at once: a shared buffer would mix their columns.
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cases.add(
                    new Case(
                            1,
                            2 + i,
                            3 + i,
                            1,
                            6 + i,
                            5 + 2 * i,
                            3,
                            3,
                            1 + i % 2,
                            new int[] {1, 1, 1, 1},
                            false));
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        IntStream.range(0, 64)
                .parallel()
                .forEach(
                        i -> {
                            try {
                                assertSameAsReference(
                                        cases.get(i % cases.size()), i % cases.size());
                            } catch (Throwable e) {
                                failures.add(e);
                            }
                        });
        assertTrue(failures.isEmpty(), () -> failures.peek().getMessage());
    }
}
