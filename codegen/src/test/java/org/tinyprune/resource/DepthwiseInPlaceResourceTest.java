package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.emit.CodeGenerator;
import org.tinyprune.emit.GeneratedModel;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.plan.KernelScratch;
import org.tinyprune.plan.MemoryPlan;
import org.tinyprune.plan.MemoryPlanner;

/**
 * The resource model prices an in-place depthwise convolution as the planner plans it: the arena
 * with the line buffer in place of the second tensor (at every channel count, below and above the
 * four-channel block), and the in-place kernel's code in flash instead of the out-of-place one's.
 * Plans are layer by layer ({@link MemoryPlanner#layerByLayer}): the default planner may stream
 * these expand → depthwise → project chains instead of running the depthwise in place.
 */
class DepthwiseInPlaceResourceTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, 1);

    private static void conv(
            GraphBuilder b,
            String name,
            String in,
            String out,
            int cout,
            int cin,
            int k,
            Attributes a) {
        float[] s = new float[cout];
        java.util.Arrays.fill(s, 0.01f);
        b.tensor(
                Tensor.constant(
                        name + "_w",
                        new int[] {cout, cin, k, k},
                        new byte[cout * cin * k * k],
                        Quantization.perAxis(s, 0)));
        b.node(new Node(name, OpKind.CONV, List.of(in, name + "_w"), out, a), DType.INT8, Q);
    }

    /** x [1, 3, h, w] → 1×1 (c) → depthwise 3×3 (stride s) → 1×1 (5). */
    private static Graph net(int c, int h, int w, int stride) {
        GraphBuilder b = Graph.builder("dw" + c);
        b.tensor(Tensor.activation("x", new int[] {1, 3, h, w}, DType.INT8, Q)).input("x");
        conv(b, "expand", "x", "a", c, 3, 1, Attributes.DEFAULT);
        conv(
                b,
                "dw",
                "a",
                "d",
                c,
                1,
                3,
                Attributes.DEFAULT.withGroup(c).withPads(1, 1, 1, 1).withStrides(stride, stride));
        conv(b, "project", "d", "y", 5, c, 1, Attributes.DEFAULT);
        return b.output("y").build();
    }

    @Test
    void arenaEqualsThePlanAtEveryChannelCount() throws Exception {
        for (int c : new int[] {2, 3, 5, 8, 13, 40}) {
            for (int[] hw : new int[][] {{9, 7}, {3, 16}, {1, 1}}) {
                Graph g = net(c, hw[0], hw[1], 1);
                assertTrue(KernelScratch.mayRunInPlace(g, g.node("dw")), g.name());
                GeneratedModel gen = CodeGenerator.generate(g, null, MemoryPlanner.layerByLayer());
                assertTrue(
                        c < 8 || hw[0] != 9 || gen.plan().runsInPlace(g.node("dw")),
                        g.name()); // dw sets the peak
                ResourceModel rm = ResourceModel.of(gen.plan(), Overheads.NONE);
                assertEquals(
                        gen.plan().arenaBytes(), rm.evaluate().arenaBytes().value(), 0.0, g.name());
            }
        }
    }

    @Test
    void flashLinksTheInPlaceKernelInsteadOfTheOutOfPlaceOne() {
        Map<String, Map<String, Integer>> sections =
                Map.of(
                        "conv1x1",
                                Map.of(".text.tp_conv_1x1_s8", 340, ".text.tp_conv_s8_check", 108),
                        "depthwise",
                                Map.of(
                                        ".text.tp_depthwise_conv_s8",
                                        1568,
                                        ".text.tp_conv_s8_check",
                                        108));
        Overheads o =
                new Overheads(
                        0, 0, 0, Map.of(), new LinkedCode(Map.of(), 0, 0, sections), 0, false);
        Graph inPlace = net(8, 6, 6, 1);
        MemoryPlan inPlacePlan = MemoryPlanner.layerByLayer().plan(inPlace);
        assertTrue(inPlacePlan.runsInPlace(inPlace.node("dw")));
        ResourceEstimate e = ResourceModel.of(inPlacePlan, o).evaluate();
        // conv1x1 ∪ depthwise_in_place (uncalibrated: kernel 1888, check 108, geometry 308, scratch
        // test 36)
        assertEquals(
                340 + 108 + 1888 + 308 + 36,
                e.flashBytes().value() - e.constantBytes().value(),
                0.0);
        Graph strided = net(8, 6, 6, 2);
        ResourceEstimate s =
                ResourceModel.of(MemoryPlanner.layerByLayer().plan(strided), o).evaluate();
        assertEquals(340 + 108 + 1568, s.flashBytes().value() - s.constantBytes().value(), 0.0);
    }
}
