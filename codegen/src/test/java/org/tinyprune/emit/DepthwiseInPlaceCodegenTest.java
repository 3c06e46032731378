package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.plan.KernelScratch;
import org.tinyprune.plan.MemoryPlanner;

/**
 * Depthwise convolutions whose input dies there run in place ({@code tp_depthwise_conv_in_place_s8}
 * over the planner's shared slot) when that makes the arena smaller, and the generated C still
 * equals the int8 interpreter bit for bit: random expand → depthwise (1 to 3 in a row, kernels 1 to
 * 5, dilation 1 or 2, channels off multiples of four, some strided, some with the first one's input
 * also read by a residual add) → project networks, built and run on the host (the second half under
 * AddressSanitizer).
 */
class DepthwiseInPlaceCodegenTest {
    private static Quantization act(Random rnd) {
        return Quantization.perTensor(0.02f + rnd.nextFloat() * 0.08f, rnd.nextInt(41) - 20);
    }

    private static void conv(
            GraphBuilder b,
            Random rnd,
            String name,
            String in,
            String out,
            int cout,
            int cin,
            int k,
            Attributes a,
            Quantization qIn) {
        byte[] w = new byte[cout * cin * k * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) (rnd.nextInt(255) - 127);
        }
        float[] s = new float[cout];
        float[] bs = new float[cout];
        int[] bias = new int[cout];
        for (int o = 0; o < cout; o++) {
            s[o] = (0.2f + rnd.nextFloat()) / (127f * (float) Math.sqrt(cin * k * k));
            bs[o] = qIn.scale() * s[o];
            bias[o] = rnd.nextInt(4001) - 2000;
        }
        b.tensor(
                Tensor.constant(
                        name + "_w", new int[] {cout, cin, k, k}, w, Quantization.perAxis(s, 0)));
        b.tensor(Tensor.constant(name + "_b", new int[] {cout}, bias, Quantization.perAxis(bs, 0)));
        Clamp clamp = rnd.nextBoolean() ? Clamp.RELU6 : Clamp.NONE;
        b.node(
                new Node(
                        name,
                        OpKind.CONV,
                        List.of(in, name + "_w", name + "_b"),
                        out,
                        a.withClamp(clamp)),
                DType.INT8,
                act(rnd));
    }

    /**
     * One random network; {@code inPlace[0]} counts the depthwise layers that should run in place:
     * a true depthwise (more than one channel) keeping its input's shape, whose input is not also
     * read by the residual add.
     */
    private static Graph net(Random rnd, int trial, int[] inPlace) {
        int cin = 1 + rnd.nextInt(4);
        int c = 1 + rnd.nextInt(11);
        int h = 1 + rnd.nextInt(9);
        int w = 1 + rnd.nextInt(9);
        GraphBuilder b = Graph.builder("dwnet" + trial);
        Quantization q = act(rnd);
        b.tensor(Tensor.activation("x", new int[] {1, cin, h, w}, DType.INT8, q)).input("x");
        conv(b, rnd, "expand", "x", "t0", c, cin, 1, Attributes.DEFAULT, q);
        String cur = "t0";
        int layers = 1 + rnd.nextInt(3);
        List<Boolean> keepsShape = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            int k = 1 + 2 * rnd.nextInt(3);
            int d = k > 1 && rnd.nextInt(4) == 0 ? 2 : 1;
            int pad = d * (k - 1) / 2;
            int stride = rnd.nextInt(5) == 0 ? 2 : 1;
            String out = "t" + (i + 1);
            conv(
                    b,
                    rnd,
                    "dw" + i,
                    cur,
                    out,
                    c,
                    1,
                    k,
                    Attributes.DEFAULT
                            .withGroup(c)
                            .withPads(pad, pad, pad, pad)
                            .withDilations(d, d)
                            .withStrides(stride, stride),
                    b.find(cur).quantization());
            keepsShape.add(java.util.Arrays.equals(b.find(cur).shape(), b.find(out).shape()));
            cur = out;
        }
        conv(b, rnd, "project", cur, "p", c, c, 1, Attributes.DEFAULT, b.find(cur).quantization());
        boolean residual =
                rnd.nextInt(3) == 0
                        && java.util.Arrays.equals(b.find("p").shape(), b.find("t0").shape());
        for (int i = 0; i < layers; i++) {
            inPlace[0] += c > 1 && keepsShape.get(i) && !(residual && i == 0) ? 1 : 0;
        }
        if (residual) {
            b.node(
                    new Node("add", OpKind.ADD, List.of("p", "t0"), "y", Attributes.DEFAULT),
                    DType.INT8,
                    act(rnd));
            return b.output("y").build();
        }
        return b.output("p").build();
    }

    @Test
    void inPlaceDepthwiseEqualsTheInterpreter() throws Exception {
        Random rnd = new Random(16);
        int total = 0;
        for (int trial = 0; trial < 24; trial++) {
            int[] expected = {0};
            Graph g = net(rnd, trial, expected);
            long eligible =
                    g.nodes().stream().filter(n -> KernelScratch.mayRunInPlace(g, n)).count();
            assertEquals(expected[0], eligible, g.name());
            // in place is a layer-by-layer choice: the default planner may stream these chains
            // instead
            GeneratedModel gen = CodeGenerator.generate(g, null, MemoryPlanner.layerByLayer());
            long planned = g.nodes().stream().filter(n -> gen.plan().runsInPlace(n)).count();
            assertTrue(
                    planned == 0 || planned == eligible, g.name()); // the planner takes all or none
            assertEquals(
                    planned,
                    gen.source().split("tp_depthwise_conv_in_place_s8\\(", -1).length - 1,
                    g.name());
            total += (int) planned;
            Path bin = HostHarness.runner(gen, g, trial >= 12);
            for (int s = 0; s < 3; s++) {
                byte[] x = new byte[(int) g.tensor("x").elements()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (byte) (rnd.nextInt(256) - 128);
                }
                assertArrayEquals(
                        new Int8Interpreter(g).run(x), HostHarness.runInt8(bin, x), g.name());
            }
        }
        assertTrue(total >= 5, "only " + total + " in-place layers exercised");
    }
}
