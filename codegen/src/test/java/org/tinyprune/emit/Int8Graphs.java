package org.tinyprune.emit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/** Randomly shaped quantised single-layer graphs (seeded): the int8 codegen test cases. */
final class Int8Graphs {
    private final Random rnd;
    private final GraphBuilder b;
    private final Quantization qIn;

    private Int8Graphs(Random rnd, String name, int[] inShape) {
        this.rnd = rnd;
        this.b = Graph.builder(name);
        this.qIn = act();
        b.tensor(Tensor.activation("x", inShape, DType.INT8, qIn)).input("x");
    }

    private Quantization act() {
        return Quantization.perTensor(0.01f + rnd.nextFloat() * 0.1f, rnd.nextInt(41) - 20);
    }

    private Clamp clamp() {
        return switch (rnd.nextInt(3)) {
            case 0 -> Clamp.NONE;
            case 1 -> Clamp.RELU;
            default -> Clamp.RELU6;
        };
    }

    /** Int8 weights [cout, ...] with per-channel scales, and an int32 bias at scale sIn × sW. */
    private List<String> weights(int[] shape, int fanIn, boolean bias) {
        int cout = shape[0];
        int n = (int) Tensor.elementCount(shape);
        byte[] w = new byte[n];
        for (int i = 0; i < n; i++) {
            w[i] = (byte) (rnd.nextInt(255) - 127);
        }
        float[] s = new float[cout];
        for (int o = 0; o < cout; o++) {
            s[o] = (0.2f + rnd.nextFloat()) / (127f * (float) Math.sqrt(fanIn));
        }
        Quantization qw = Quantization.perAxis(s, 0);
        b.tensor(Tensor.constant("w", shape, w, qw));
        List<String> in = new ArrayList<>(List.of("x", "w"));
        if (bias) {
            int[] v = new int[cout];
            float[] bs = new float[cout];
            for (int o = 0; o < cout; o++) {
                bs[o] = qIn.scale() * s[o];
                v[o] = rnd.nextInt(4001) - 2000;
            }
            b.tensor(Tensor.constant("b", new int[] {cout}, v, Quantization.perAxis(bs, 0)));
            in.add("b");
        }
        return in;
    }

    private Graph finish(Node n, Quantization qOut) {
        b.node(n, DType.INT8, qOut);
        return b.output("y").build();
    }

    /** A convolution: general, grouped or depthwise, any kernel/stride/padding. */
    static Graph conv(Random rnd, int trial) {
        int k0 = 1 + rnd.nextInt(4);
        int k1 = rnd.nextBoolean() ? k0 : 1 + rnd.nextInt(4);
        int mode = rnd.nextInt(3); // 0 general, 1 depthwise, 2 grouped
        int groups = mode == 0 ? 1 : mode == 1 ? 1 + rnd.nextInt(7) : 2 + rnd.nextInt(2);
        int cin = mode == 1 ? groups : groups * (1 + rnd.nextInt(4));
        int cout = mode == 1 ? groups : groups * (1 + rnd.nextInt(4));
        int h = k0 + rnd.nextInt(9);
        int w = k1 + rnd.nextInt(9);
        Int8Graphs g = new Int8Graphs(rnd, "conv" + trial, new int[] {1, cin, h, w});
        List<String> in =
                g.weights(
                        new int[] {cout, cin / groups, k0, k1},
                        k0 * k1 * cin / groups,
                        rnd.nextInt(4) > 0);
        Attributes a =
                Attributes.DEFAULT
                        .withStrides(1 + rnd.nextInt(3), 1 + rnd.nextInt(3))
                        .withGroup(groups)
                        .withPads(
                                rnd.nextInt(k0), rnd.nextInt(k1), rnd.nextInt(k0), rnd.nextInt(k1))
                        .withClamp(g.clamp());
        return g.finish(new Node("conv", OpKind.CONV, in, "y", a), g.act());
    }

    /** A dense layer on [1, K]. */
    static Graph dense(Random rnd, int trial) {
        int k = 1 + rnd.nextInt(40);
        int n = 1 + rnd.nextInt(13);
        Int8Graphs g = new Int8Graphs(rnd, "dense" + trial, new int[] {1, k});
        List<String> in = g.weights(new int[] {n, k}, k, rnd.nextBoolean());
        return g.finish(
                new Node("fc", OpKind.DENSE, in, "y", Attributes.DEFAULT.withClamp(g.clamp())),
                g.act());
    }

    /** Max, average or global average pooling (output keeps the input quantisation). */
    static Graph pool(Random rnd, int trial) {
        int kind = rnd.nextInt(3);
        int k0 = 1 + rnd.nextInt(3);
        int k1 = 1 + rnd.nextInt(3);
        Int8Graphs g =
                new Int8Graphs(
                        rnd,
                        "pool" + trial,
                        new int[] {
                            1, 1 + rnd.nextInt(9), k0 + rnd.nextInt(8), k1 + rnd.nextInt(8)
                        });
        OpKind op =
                kind == 0 ? OpKind.MAX_POOL : kind == 1 ? OpKind.AVG_POOL : OpKind.GLOBAL_AVG_POOL;
        Attributes a =
                Attributes.DEFAULT
                        .withKernel(k0, k1)
                        .withStrides(1 + rnd.nextInt(2), 1 + rnd.nextInt(2))
                        .withPads(
                                rnd.nextInt(k0), rnd.nextInt(k1), rnd.nextInt(k0), rnd.nextInt(k1))
                        .withClamp(g.clamp());
        if (op == OpKind.GLOBAL_AVG_POOL) {
            a = Attributes.DEFAULT.withClamp(a.clamp());
        }
        return g.finish(new Node("pool", op, List.of("x"), "y", a), g.qIn);
    }

    /** A residual add of the input and a 1×1 conv of it, or a channel concat of the two. */
    static Graph addOrConcat(Random rnd, int trial) {
        int c = 1 + rnd.nextInt(9);
        boolean add = rnd.nextBoolean();
        Int8Graphs g =
                new Int8Graphs(
                        rnd,
                        (add ? "add" : "cat") + trial,
                        new int[] {1, c, 1 + rnd.nextInt(6), 1 + rnd.nextInt(6)});
        int cout = add ? c : 1 + rnd.nextInt(9);
        List<String> in = g.weights(new int[] {cout, c, 1, 1}, c, true);
        g.b.node(
                new Node("branch", OpKind.CONV, in, "t", Attributes.DEFAULT),
                DType.INT8,
                add ? g.act() : g.qIn);
        Node n =
                add
                        ? new Node(
                                "add",
                                OpKind.ADD,
                                List.of("x", "t"),
                                "y",
                                Attributes.DEFAULT.withClamp(g.clamp()))
                        : new Node(
                                "cat",
                                OpKind.CONCAT,
                                List.of("t", "x"),
                                "y",
                                Attributes.DEFAULT.withAxis(1));
        return g.finish(n, add ? g.act() : g.qIn);
    }

    static byte[] input(Random rnd, Graph g) {
        byte[] v = new byte[(int) g.tensor(g.inputs().get(0)).elements()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (rnd.nextInt(256) - 128);
        }
        return v;
    }
}
