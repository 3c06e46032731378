package org.tinyprune.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
 * Streamed chains in the plan, worked by hand: the vgg-small first stage (conv3x3 → conv3x3 →
 * maxpool2x2) keeps only its line buffers, and the planner picks the chain that makes the arena
 * smallest.
 */
public class StreamPlanTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, 1);

    /** Adds an int8 k×k conv (same padding, ReLU) with zero weights of per-channel scale 0.01. */
    public static void conv(
            GraphBuilder b, String name, String in, String out, int cout, int cin, int k) {
        float[] s = new float[cout];
        java.util.Arrays.fill(s, 0.01f);
        b.tensor(
                Tensor.constant(
                        name + "_w",
                        new int[] {cout, cin, k, k},
                        new byte[cout * cin * k * k],
                        Quantization.perAxis(s, 0)));
        int p = k / 2;
        b.node(
                new Node(
                        name,
                        OpKind.CONV,
                        List.of(in, name + "_w"),
                        out,
                        Attributes.DEFAULT.withPads(p, p, p, p).withClamp(Clamp.RELU)),
                DType.INT8,
                Q);
    }

    /**
     * x [1, 1, 28, 28] → conv3x3 (c) → conv3x3 (c) → maxpool 2×2, the pool's output the graph's.
     */
    static Graph stage(int c) {
        return stage("stage" + c, 28, c);
    }

    /**
     * Graph {@code name}: x [1, 1, side, side] → conv3x3 (c) "c1" → conv3x3 (c) "c2" → maxpool 2×2
     * "pool" → y.
     */
    public static Graph stage(String name, int side, int c) {
        GraphBuilder b = Graph.builder(name);
        b.tensor(Tensor.activation("x", new int[] {1, 1, side, side}, DType.INT8, Q)).input("x");
        conv(b, "c1", "x", "a", c, 1, 3);
        conv(b, "c2", "a", "b", c, c, 3);
        b.node(
                new Node(
                        "pool",
                        OpKind.MAX_POOL,
                        List.of("b"),
                        "y",
                        Attributes.DEFAULT.withKernel(2, 2).withStrides(2, 2)),
                DType.INT8,
                Q);
        return b.output("y").build();
    }

    @Test
    void firstStageKeepsOnlyItsLineBuffers() {
        Graph g = stage(4);
        StreamChain chain = new StreamChain(List.of(0, 1, 2));
        assertEquals(
                List.of(new StreamChain(List.of(0, 1)), new StreamChain(List.of(1, 2)), chain),
                StreamChain.candidates(g));
        // line buffers: 3 rows of c1's 28×4 map (336) and 2 rows of c2's (224); im2col: c2's 4·36 =
        // 144
        assertEquals(336 + 224 + 144, chain.scratchBytes(g));
        // x (784) + y (4×14×14 = 784) + scratch, all live at the chain's step
        MemoryPlan streamed =
                new MemoryPlanner(new MinPeakOrder(), GreedyPlanner::new, false)
                        .plan(g, false, List.of(chain));
        assertEquals(784 + 784 + 704, streamed.arenaBytes());
        assertEquals(streamed.arenaBytes(), streamed.lowerBoundBytes());
        // layer by layer: c2's step holds a and b (3,136 each) and its im2col
        MemoryPlan plain = new MemoryPlanner(new MinPeakOrder(), GreedyPlanner::new, false).plan(g);
        assertEquals(3136 + 3136 + 144, plain.arenaBytes());
        assertTrue(plain.streams().isEmpty());
        // the streaming planner compares the chains: c1..c2 leaves b whole (784 + 3,136 + 336 +
        // 144),
        // c2..pool leaves a whole (3,136 + 784 + 224 + 144, after c1's 784 + 3,136 + 40); all three
        // win
        MemoryPlan chosen = MemoryPlanner.streaming().plan(g);
        assertEquals(List.of(chain), chosen.streams());
        assertEquals(2272, chosen.arenaBytes());
        assertEquals(
                chosen.offsetOf("y"),
                chosen.offsetOf("a")); // the intermediates have no storage of their own
        assertTrue(chosen.summary().contains("streamed c1..pool (3 layers)"), chosen.summary());
    }

    @Test
    void chainsStopAtBranchesAndUnstreamableNodes() {
        GraphBuilder b = stage(4).toBuilder();
        b.node(
                new Node("gap", OpKind.GLOBAL_AVG_POOL, List.of("y"), "g", Attributes.DEFAULT),
                DType.INT8,
                Q);
        b.node(
                new Node(
                        "side",
                        OpKind.CLAMP,
                        List.of("a"),
                        "s",
                        Attributes.DEFAULT.withClamp(Clamp.RELU)),
                DType.INT8,
                Q);
        Graph g = b.outputs(List.of("g", "s")).build();
        // a is read twice: only c2 → pool remains (the global pool is not streamable)
        assertEquals(List.of(new StreamChain(List.of(1, 2))), StreamChain.candidates(g));
    }

    @Test
    void noChainWhenStreamingDoesNotShrinkTheArena() {
        // a 1×1 map: a line buffer is the whole map, nothing to gain
        GraphBuilder b = Graph.builder("tiny");
        b.tensor(Tensor.activation("x", new int[] {1, 4, 1, 1}, DType.INT8, Q)).input("x");
        conv(b, "c1", "x", "a", 4, 4, 1);
        conv(b, "c2", "a", "y", 4, 4, 1);
        Graph g = b.output("y").build();
        assertEquals(1, StreamChain.candidates(g).size());
        assertTrue(MemoryPlanner.streaming().plan(g).streams().isEmpty());
    }

    /**
     * The driver's stack frames ({@link StreamChain#DRIVER_STACK_BYTES}, 344 B) count against a
     * chain: on an 8×8 input the stage saves less arena than that and runs layer by layer, on 12×12
     * it saves more and streams.
     */
    @Test
    void aChainMustSaveMoreArenaThanTheDriversStack() {
        Graph small = net(8);
        // layer by layer: c2's step holds a and b (4×8×8 = 256 each) and its im2col (144)
        assertEquals(256 + 256 + 144, MemoryPlanner.layerByLayer().plan(small).arenaBytes());
        // streamed c1..pool: x 64 + y 4×4×4 = 64 + lines 3·8·4 = 96 and 2·8·4 = 64 + im2col 144 =
        // 432,
        // 224 B less arena but 344 B more stack
        assertEquals(
                64 + 64 + 96 + 64 + 144,
                MemoryPlanner.layerByLayer()
                        .plan(small, false, List.of(new StreamChain(List.of(0, 1, 2))))
                        .arenaBytes());
        MemoryPlan p = MemoryPlanner.streaming().plan(small);
        assertTrue(p.streams().isEmpty(), p.summary());
        assertEquals(656, p.arenaBytes());
        Graph larger = net(12);
        // layer by layer 576 + 576 + 144 = 1,296; streamed 144 + 144 + 144 + 96 + 144 = 672 (624 B
        // saved)
        assertEquals(1296, MemoryPlanner.layerByLayer().plan(larger).arenaBytes());
        MemoryPlan q = MemoryPlanner.streaming().plan(larger);
        assertEquals(List.of(new StreamChain(List.of(0, 1, 2))), q.streams());
        assertEquals(672, q.arenaBytes());
    }

    /** x [1, 1, h, h] → conv3x3 (4) → conv3x3 (4) → maxpool 2×2. */
    private static Graph net(int h) {
        GraphBuilder b = Graph.builder("stage" + h);
        b.tensor(Tensor.activation("x", new int[] {1, 1, h, h}, DType.INT8, Q)).input("x");
        conv(b, "c1", "x", "a", 4, 1, 3);
        conv(b, "c2", "a", "b", 4, 4, 3);
        b.node(
                new Node(
                        "pool",
                        OpKind.MAX_POOL,
                        List.of("b"),
                        "y",
                        Attributes.DEFAULT.withKernel(2, 2).withStrides(2, 2)),
                DType.INT8,
                Q);
        return b.output("y").build();
    }
}
