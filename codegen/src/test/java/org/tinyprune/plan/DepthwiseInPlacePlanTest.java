package org.tinyprune.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/**
 * A depthwise convolution whose input dies there is planned in place: its output shares the input's
 * storage and the step holds the kernel's line buffer instead of a second tensor. Arena sizes are
 * worked by hand on int8 graphs of 6 × 6 maps (a 4-channel map is 144 B, 8 channels 288 B; a 1×1
 * conv over C input channels needs 4·C bytes of im2col scratch; the 3×3 depthwise line buffer over
 * 8 channels is min(8, 4)·(3·6 + 9) = 108 B). The plans are layer by layer ({@link
 * MemoryPlanner#layerByLayer}): streaming these chains is another way to save the same memory,
 * which {@code StreamPlanTest} covers.
 */
class DepthwiseInPlacePlanTest {
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
        float[] scales = new float[cout];
        java.util.Arrays.fill(scales, 0.01f);
        b.tensor(
                Tensor.constant(
                        name + "_w",
                        new int[] {cout, cin, k, k},
                        new byte[cout * cin * k * k],
                        Quantization.perAxis(scales, 0)));
        b.node(new Node(name, OpKind.CONV, List.of(in, name + "_w"), out, a), DType.INT8, Q);
    }

    private static GraphBuilder stem() {
        GraphBuilder b = Graph.builder("dw");
        b.tensor(Tensor.activation("x", new int[] {1, 4, 6, 6}, DType.INT8, Q)).input("x");
        conv(b, "expand", "x", "a", 8, 4, 1, Attributes.DEFAULT);
        conv(b, "dw", "a", "d", 8, 1, 3, Attributes.DEFAULT.withGroup(8).withPads(1, 1, 1, 1));
        return b;
    }

    /** x → 1×1 (8) → depthwise 3×3 → 1×1 (4) = y. */
    static Graph chain() {
        GraphBuilder b = stem();
        conv(b, "project", "d", "y", 4, 8, 1, Attributes.DEFAULT);
        return b.output("y").build();
    }

    @Test
    void depthwiseWritesOverItsDyingInput() {
        Graph g = chain();
        assertEquals(108, KernelScratch.bytes(g, g.node("dw"), true));
        MemoryPlan p = MemoryPlanner.layerByLayer().plan(g);
        // expand: x 144 + a 288 + scratch 16 = 448; dw: a/d 288 + line buffer 108 = 396;
        // project: d 288 + y 144 + scratch 32 = 464. Out of place the dw step held a + d = 576.
        assertArrayEquals(new int[] {448, 396, 464}, p.schedule().liveBytes());
        assertEquals(464, p.lowerBoundBytes());
        assertEquals(464, p.arenaBytes());
        assertEquals(p.offsetOf("a"), p.offsetOf("d"));
        assertTrue(p.scratchOffset(1) >= 0);
        assertTrue(p.runsInPlace(g.node("dw")));
    }

    /**
     * x [1, 16, 6, 6] (576 B) → 1×1 (4) → depthwise → 1×1 (16): the 1×1 steps set the peak (x + a +
     * 64 B of scratch = 784 B; d + y + 16 = 736 B), the depthwise step holds only a + d = 288 B, so
     * running it in place would save nothing and cost its row copies: the planner keeps it apart.
     */
    @Test
    void aDepthwiseThatDoesNotSetThePeakStaysOutOfPlace() {
        GraphBuilder b = Graph.builder("narrow");
        b.tensor(Tensor.activation("x", new int[] {1, 16, 6, 6}, DType.INT8, Q)).input("x");
        conv(b, "expand", "x", "a", 4, 16, 1, Attributes.DEFAULT);
        conv(b, "dw", "a", "d", 4, 1, 3, Attributes.DEFAULT.withGroup(4).withPads(1, 1, 1, 1));
        conv(b, "project", "d", "y", 16, 4, 1, Attributes.DEFAULT);
        Graph g = b.output("y").build();
        assertTrue(KernelScratch.mayRunInPlace(g, g.node("dw")));
        MemoryPlan p = MemoryPlanner.layerByLayer().plan(g);
        assertFalse(p.runsInPlace(g.node("dw")));
        assertArrayEquals(new int[] {784, 288, 736}, p.schedule().liveBytes());
        assertEquals(784, p.arenaBytes());
        assertEquals(-1, p.scratchOffset(1));
    }

    @Test
    void anInputReadLaterByAResidualAddStaysApart() {
        GraphBuilder b = stem();
        conv(b, "project", "d", "c", 8, 8, 1, Attributes.DEFAULT);
        b.node(
                new Node("add", OpKind.ADD, List.of("c", "a"), "y", Attributes.DEFAULT),
                DType.INT8,
                Q);
        Graph g = b.output("y").build();
        assertFalse(KernelScratch.mayRunInPlace(g, g.node("dw")));
        assertEquals(0, KernelScratch.bytes(g, g.node("dw"), true));
        MemoryPlan p = MemoryPlanner.layerByLayer().plan(g);
        // expand 448; dw: a + d = 576; project: a + d + c + 32 = 896; add (in place on c): a + c =
        // 576
        assertArrayEquals(new int[] {448, 576, 896, 576}, p.schedule().liveBytes());
        assertNotEquals(p.offsetOf("a"), p.offsetOf("d"));
        assertEquals(p.offsetOf("c"), p.offsetOf("y"));
    }

    @Test
    void graphInputsOutputsAndStridedDepthwiseAreNotWrittenOver() {
        GraphBuilder b = Graph.builder("in");
        b.tensor(Tensor.activation("x", new int[] {1, 8, 6, 6}, DType.INT8, Q)).input("x");
        conv(b, "dw", "x", "y", 8, 1, 3, Attributes.DEFAULT.withGroup(8).withPads(1, 1, 1, 1));
        Graph fromInput = b.output("y").build();
        assertFalse(KernelScratch.mayRunInPlace(fromInput, fromInput.node("dw")));

        GraphBuilder o = stem();
        conv(o, "project", "d", "y", 4, 8, 1, Attributes.DEFAULT);
        Graph readAsOutput = o.output("y").output("a").build();
        assertFalse(KernelScratch.mayRunInPlace(readAsOutput, readAsOutput.node("dw")));

        GraphBuilder s = Graph.builder("strided");
        s.tensor(Tensor.activation("x", new int[] {1, 4, 6, 6}, DType.INT8, Q)).input("x");
        conv(s, "expand", "x", "a", 8, 4, 1, Attributes.DEFAULT);
        conv(
                s,
                "dw",
                "a",
                "d",
                8,
                1,
                3,
                Attributes.DEFAULT.withGroup(8).withPads(1, 1, 1, 1).withStrides(2, 2));
        conv(s, "project", "d", "y", 4, 8, 1, Attributes.DEFAULT);
        Graph strided = s.output("y").build();
        assertFalse(KernelScratch.mayRunInPlace(strided, strided.node("dw")));
    }

    @Test
    void geometryRuleMatchesTheKernels() {
        // stride 1 "same": always safe; 3 outputs from a 1-wide row read rows not yet gathered
        assertTrue(KernelScratch.inPlaceGeometryOk(6, 6, 3, 1, 1, 1, 6, 6));
        assertTrue(KernelScratch.inPlaceGeometryOk(7, 7, 3, 2, 1, 1, 4, 4));
        assertFalse(KernelScratch.inPlaceGeometryOk(4, 1, 3, 1, 2, 1, 6, 3));
        assertFalse(
                KernelScratch.inPlaceGeometryOk(
                        1, 1, 1, 1, 0, 1, 1, 3)); // more output pixels than input
        assertEquals(
                4 * (5 * 7 + 9), KernelScratch.inPlaceBytes(16, 7, 3, 3, 2)); // dilation 2: 5 rows
        assertEquals(3 * (3 * 7 + 9), KernelScratch.inPlaceBytes(3, 7, 3, 3, 1));
    }
}
