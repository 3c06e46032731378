package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.plan.GreedyPlanner;
import org.tinyprune.plan.MemoryPlan;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.MinPeakOrder;
import org.tinyprune.plan.StreamPlanTest;

/**
 * The resource model prices a streamed chain as the planner plans it: at the graph's own channel
 * counts its arena is the plan's, and evaluated at other counts it equals the plan of the graph
 * built with those counts under the same streamed structure.
 */
class StreamResourceTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, 1);
    private static final MemoryPlanner STREAMING = MemoryPlanner.streaming();

    /**
     * vgg-like: conv (c1) → conv (c1) → pool → conv (c2) → conv (c2) → pool → conv (c3) → global
     * pool.
     */
    private static Graph vgg(int c1, int c2, int c3, int h, int w) {
        GraphBuilder b = Graph.builder("vgg" + c1 + "_" + c2 + "_" + c3);
        b.tensor(Tensor.activation("x", new int[] {1, 1, h, w}, DType.INT8, Q)).input("x");
        StreamPlanTest.conv(b, "c11", "x", "a1", c1, 1, 3);
        StreamPlanTest.conv(b, "c12", "a1", "b1", c1, c1, 3);
        b.node(
                new Node(
                        "p1",
                        OpKind.MAX_POOL,
                        List.of("b1"),
                        "q1",
                        Attributes.DEFAULT.withKernel(2, 2).withStrides(2, 2)),
                DType.INT8,
                Q);
        StreamPlanTest.conv(b, "c21", "q1", "a2", c2, c1, 3);
        StreamPlanTest.conv(b, "c22", "a2", "b2", c2, c2, 3);
        b.node(
                new Node(
                        "p2",
                        OpKind.MAX_POOL,
                        List.of("b2"),
                        "q2",
                        Attributes.DEFAULT.withKernel(2, 2).withStrides(2, 2)),
                DType.INT8,
                Q);
        StreamPlanTest.conv(b, "c3", "q2", "a3", c3, c2, 3);
        b.node(
                new Node("gap", OpKind.GLOBAL_AVG_POOL, List.of("a3"), "y", Attributes.DEFAULT),
                DType.INT8,
                Q);
        return b.output("y").build();
    }

    @Test
    void arenaEqualsThePlanAtOwnAndOtherCounts() {
        int[][] counts = {{4, 4, 4}, {5, 7, 9}, {8, 16, 32}, {32, 64, 128}, {3, 5, 6}};
        int exact = 0;
        for (int[] base : counts) {
            Graph g = vgg(base[0], base[1], base[2], 28, 28);
            MemoryPlan plan = STREAMING.plan(g);
            assertTrue(!plan.streams().isEmpty(), g.name() + ": " + plan.summary());
            ResourceModel rm = ResourceModel.of(plan, Overheads.NONE);
            assertEquals(plan.arenaBytes(), rm.evaluate().arenaBytes().value(), 0.0, g.name());
            for (int[] other : counts) {
                Graph o = vgg(other[0], other[1], other[2], 28, 28);
                MemoryPlan same = STREAMING.plan(o, false, plan.streams());
                double[] c = rm.channels().baseline();
                List<String> vars = rm.channels().variables();
                for (int v = 0; v < vars.size(); v++) {
                    c[v] = o.tensor(vars.get(v)).dim(1);
                }
                // a valid layout of the same structure: never below what it must hold at once
                assertTrue(
                        same.lowerBoundBytes() <= rm.evaluate(c).arenaBytes().value(),
                        g.name() + " at " + o.name());
                if (same.schedule().order().length == plan.schedule().order().length
                        && java.util.Arrays.equals(same.schedule().order(), plan.schedule().order())
                        && blocksStackAlike(plan, same)) {
                    assertEquals(
                            same.arenaBytes(),
                            rm.evaluate(c).arenaBytes().value(),
                            0.0,
                            g.name() + " at " + o.name());
                    exact++;
                }
            }
        }
        assertTrue(exact >= 10, "only " + exact + " count pairs kept the plan's structure");
    }

    /**
     * True when two plans place every pair of time-overlapping blocks in the same vertical order.
     */
    private static boolean blocksStackAlike(MemoryPlan a, MemoryPlan b) {
        List<MemoryPlan.Block> x = a.blocks();
        List<MemoryPlan.Block> y = b.blocks();
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            for (int j = 0; j < x.size(); j++) {
                if (x.get(i).overlapsInTime(x.get(j))
                        && (x.get(i).offset() < x.get(j).offset())
                                != (y.get(i).offset() < y.get(j).offset())) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void streamedFloorIsLowerAndItsGradientFollowsTheLineBuffers() {
        Graph g = vgg(4, 4, 4, 28, 28);
        ResourceModel streamed = ResourceModel.of(STREAMING.plan(g), Overheads.NONE);
        ResourceModel plain =
                ResourceModel.of(
                        new MemoryPlanner(new MinPeakOrder(), GreedyPlanner::new, false).plan(g),
                        Overheads.NONE);
        double s = streamed.evaluate().arenaBytes().value();
        double p = plain.evaluate().arenaBytes().value();
        assertTrue(s * 2 <= p, "streamed " + s + " B vs layer by layer " + p + " B");
    }
}
