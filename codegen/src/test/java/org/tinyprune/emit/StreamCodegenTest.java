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
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.StreamChain;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceModel;

/**
 * Chains the planner streams are emitted as one {@code tp_stream_chain_s8} call, and the generated
 * C equals the int8 interpreter bit for bit, layer by layer and streamed alike: random vgg-like
 * networks (conv → conv → pool stages, odd sizes, some stages with a strided or dilated conv, an
 * average pool or a depthwise conv) built and run on the host (every third under AddressSanitizer).
 */
class StreamCodegenTest {
    private static final MemoryPlanner STREAMING = MemoryPlanner.streaming();

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
            int k,
            Attributes a) {
        Tensor x = b.find(in);
        int cin = a.group() > 1 ? 1 : x.dim(1);
        byte[] w = new byte[cout * cin * k * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) (rnd.nextInt(255) - 127);
        }
        float[] s = new float[cout];
        float[] bs = new float[cout];
        int[] bias = new int[cout];
        for (int o = 0; o < cout; o++) {
            s[o] = (0.2f + rnd.nextFloat()) / (127f * (float) Math.sqrt(cin * k * k));
            bs[o] = x.quantization().scale() * s[o];
            bias[o] = rnd.nextInt(4001) - 2000;
        }
        b.tensor(
                Tensor.constant(
                        name + "_w", new int[] {cout, cin, k, k}, w, Quantization.perAxis(s, 0)));
        b.tensor(Tensor.constant(name + "_b", new int[] {cout}, bias, Quantization.perAxis(bs, 0)));
        b.node(
                new Node(
                        name,
                        OpKind.CONV,
                        List.of(in, name + "_w", name + "_b"),
                        out,
                        a.withClamp(rnd.nextBoolean() ? Clamp.RELU : Clamp.RELU6)),
                DType.INT8,
                act(rnd));
    }

    private static Graph net(Random rnd, int trial) {
        GraphBuilder b = Graph.builder("streamnet" + trial);
        int h = 6 + rnd.nextInt(20);
        int w = 6 + rnd.nextInt(20);
        b.tensor(
                        Tensor.activation(
                                "x", new int[] {1, 1 + rnd.nextInt(3), h, w}, DType.INT8, act(rnd)))
                .input("x");
        String cur = "x";
        int c = 2 + rnd.nextInt(7);
        for (int stage = 0; stage < 2; stage++) {
            for (int i = 0; i < 2; i++) {
                String name = "c" + stage + i;
                int variant = rnd.nextInt(6);
                Attributes a = Attributes.DEFAULT.withPads(1, 1, 1, 1);
                if (variant == 0 && i == 1) {
                    a = a.withGroup(c); // depthwise
                } else if (variant == 1) {
                    a = a.withStrides(2, 2);
                } else if (variant == 2) {
                    a = Attributes.DEFAULT.withPads(2, 2, 2, 2).withDilations(2, 2);
                }
                conv(b, rnd, name, cur, name + "_y", c, 3, a);
                cur = name + "_y";
            }
            boolean avg = rnd.nextInt(4) == 0;
            Attributes pool = Attributes.DEFAULT.withKernel(2, 2).withStrides(2, 2);
            if (b.find(cur).dim(2) < 2 || b.find(cur).dim(3) < 2) {
                break;
            }
            b.node(
                    new Node(
                            "p" + stage,
                            avg ? OpKind.AVG_POOL : OpKind.MAX_POOL,
                            List.of(cur),
                            "p" + stage + "_y",
                            pool),
                    DType.INT8,
                    b.find(cur).quantization());
            cur = "p" + stage + "_y";
            c += 2 + rnd.nextInt(5);
        }
        b.node(
                new Node("gap", OpKind.GLOBAL_AVG_POOL, List.of(cur), "y", Attributes.DEFAULT),
                DType.INT8,
                b.find(cur).quantization());
        return b.output("y").build();
    }

    @Test
    void streamedChainsEqualTheInterpreter() throws Exception {
        Random rnd = new Random(1616);
        int streamedLayers = 0;
        for (int trial = 0; trial < 18; trial++) {
            Graph g = net(rnd, trial);
            GeneratedModel gen = CodeGenerator.generate(g, null, STREAMING);
            List<StreamChain> chains = gen.plan().streams();
            assertEquals(
                    chains.size(),
                    gen.source().split("tp_stream_chain_s8\\(", -1).length - 1,
                    g.name());
            assertEquals(
                    gen.plan().arenaBytes(),
                    ResourceModel.of(gen.plan(), Overheads.NONE).evaluate().arenaBytes().value(),
                    0.0,
                    g.name());
            List<List<String>> names = new ArrayList<>();
            for (StreamChain c : chains) {
                names.add(c.nodes().stream().map(i -> g.nodes().get(i).name()).toList());
                streamedLayers += c.nodes().size();
            }
            Path bin = HostHarness.runner(gen, g, trial % 3 == 2);
            Int8Interpreter interpreter = new Int8Interpreter(g);
            for (int s = 0; s < 3; s++) {
                byte[] x = Int8Graphs.input(rnd, g);
                byte[] want = interpreter.run(x);
                assertArrayEquals(want, interpreter.runStreamed(x, names), g.name());
                assertArrayEquals(
                        want, HostHarness.runInt8(bin, x), g.name() + " " + gen.plan().summary());
            }
        }
        assertTrue(streamedLayers >= 30, "only " + streamedLayers + " streamed layers exercised");
    }
}
