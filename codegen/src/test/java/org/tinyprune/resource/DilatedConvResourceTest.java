package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
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
import org.tinyprune.plan.MemoryPlanner;

/**
 * Pricing a dilated convolution: its MACs, constant bytes, im2col scratch and arena equal those of
 * the undilated convolution with the same weights and output size (dilation spreads the taps, it
 * does not add any), and the model's bytes still equal the emitter's and planner's. The arena
 * comparison is layer by layer: streamed, a dilated window spans more rows, so its line buffer (and
 * arena) grows with the dilation.
 */
class DilatedConvResourceTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, -3);

    /** int8: conv 3x3 (dilation d, pads d: same size) → depthwise 3x3 (dilation d, pads d). */
    private static Graph net(int d) {
        Random rnd = new Random(5);
        GraphBuilder b = Graph.builder("dil" + d);
        b.tensor(Tensor.activation("x", new int[] {1, 3, 12, 12}, DType.INT8, Q)).input("x");
        conv(
                b,
                rnd,
                "c1",
                "x",
                "a",
                new int[] {8, 3, 3, 3},
                Attributes.DEFAULT.withPads(d, d, d, d).withDilations(d, d));
        conv(
                b,
                rnd,
                "dw",
                "a",
                "y",
                new int[] {8, 1, 3, 3},
                Attributes.DEFAULT.withPads(d, d, d, d).withDilations(d, d).withGroup(8));
        return b.output("y").build();
    }

    private static void conv(
            GraphBuilder b, Random rnd, String name, String in, String out, int[] w, Attributes a) {
        byte[] v = new byte[(int) Tensor.elementCount(w)];
        rnd.nextBytes(v);
        float[] s = new float[w[0]];
        java.util.Arrays.fill(s, 0.01f);
        b.tensor(Tensor.constant(name + "_w", w, v, Quantization.perAxis(s, 0)));
        float[] bs = new float[w[0]];
        java.util.Arrays.fill(bs, 0.05f * 0.01f);
        b.tensor(
                Tensor.constant(
                        name + "_b", new int[] {w[0]}, new int[w[0]], Quantization.perAxis(bs, 0)));
        b.node(
                new Node(name, OpKind.CONV, List.of(in, name + "_w", name + "_b"), out, a),
                DType.INT8,
                Q);
    }

    @Test
    void dilationChangesNeitherMacsNorScratchNorBytes() throws Exception {
        Graph plain = net(1);
        ResourceEstimate base =
                ResourceModel.of(MemoryPlanner.layerByLayer().plan(plain), Overheads.NONE)
                        .evaluate();
        for (int d : new int[] {2, 3}) {
            Graph g = net(d);
            assertEquals(12, g.tensor("y").dim(2), "same-size padding");
            ResourceEstimate e =
                    ResourceModel.of(MemoryPlanner.layerByLayer().plan(g), Overheads.NONE)
                            .evaluate();
            assertEquals(8 * 144 * 27 + 8 * 144 * 9, e.macs().value(), 0.0);
            assertEquals(base.macs().value(), e.macs().value(), 0.0);
            assertEquals(base.constantBytes().value(), e.constantBytes().value(), 0.0);
            assertEquals(base.arenaBytes().value(), e.arenaBytes().value(), 0.0);
            assertEquals(
                    KernelScratch.convBytes(3, 3, 3), KernelScratch.bytes(g, g.nodes().get(0)));
            assertEquals(
                    List.of("conv", "depthwise"),
                    e.layers().stream().map(ResourceEstimate.Layer::opKey).toList());
            GeneratedModel gen = CodeGenerator.generate(g, null, MemoryPlanner.layerByLayer());
            assertEquals(gen.constantBytes(), e.constantBytes().value(), 0.0);
            assertEquals(gen.plan().arenaBytes(), e.arenaBytes().value(), 0.0);
            GeneratedModel planned =
                    CodeGenerator.generate(g, null); // the default plan, priced as planned
            assertEquals(
                    planned.plan().arenaBytes(),
                    ResourceModel.of(g, Overheads.NONE).evaluate().arenaBytes().value(),
                    0.0);
        }
    }
}
