package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.CostModel;
import org.tinyprune.board.proto.OpCost;
import org.tinyprune.emit.CodeGenerator;
import org.tinyprune.emit.GeneratedModel;
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

class ResourceModelTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, -3);

    /** int8: conv 3x3 (scratch) → depthwise → 1x1 conv → add (residual) → GAP → flatten → dense. */
    static Graph int8Net(Random rnd, int c1, int c2) {
        GraphBuilder b = Graph.builder("net");
        b.tensor(Tensor.activation("x", new int[] {1, 3, 10, 10}, DType.INT8, Q)).input("x");
        conv(
                b,
                rnd,
                "c1",
                "x",
                "a",
                new int[] {c1, 3, 3, 3},
                Attributes.DEFAULT.withPads(1, 1, 1, 1));
        conv(
                b,
                rnd,
                "dw",
                "a",
                "d",
                new int[] {c1, 1, 3, 3},
                Attributes.DEFAULT.withPads(1, 1, 1, 1).withGroup(c1).withStrides(2, 2));
        conv(b, rnd, "pw", "d", "p", new int[] {c1, c1, 1, 1}, Attributes.DEFAULT);
        b.node(
                new Node(
                        "add",
                        OpKind.ADD,
                        List.of("d", "p"),
                        "s",
                        Attributes.DEFAULT.withClamp(Clamp.RELU)),
                DType.INT8,
                Q);
        b.node(
                new Node("gap", OpKind.GLOBAL_AVG_POOL, List.of("s"), "g", Attributes.DEFAULT),
                DType.INT8,
                Q);
        b.tensor(Tensor.activation("f", new int[] {1, c1}, DType.INT8, Q));
        b.node(new Node("flat", OpKind.RESHAPE, List.of("g"), "f", Attributes.DEFAULT));
        b.tensor(weights(rnd, "fc_w", new int[] {c2, c1}));
        b.node(
                new Node("fc", OpKind.DENSE, List.of("f", "fc_w"), "y", Attributes.DEFAULT),
                DType.INT8,
                Q);
        return b.output("y").build();
    }

    private static void conv(
            GraphBuilder b, Random rnd, String name, String in, String out, int[] w, Attributes a) {
        b.tensor(weights(rnd, name + "_w", w));
        float[] s = new float[w[0]];
        java.util.Arrays.fill(s, 0.05f * 0.01f);
        b.tensor(
                Tensor.constant(
                        name + "_b", new int[] {w[0]}, new int[w[0]], Quantization.perAxis(s, 0)));
        b.node(
                new Node(name, OpKind.CONV, List.of(in, name + "_w", name + "_b"), out, a),
                DType.INT8,
                Q);
    }

    private static Tensor weights(Random rnd, String name, int[] shape) {
        byte[] v = new byte[(int) Tensor.elementCount(shape)];
        rnd.nextBytes(v);
        float[] s = new float[shape[0]];
        java.util.Arrays.fill(s, 0.01f);
        return Tensor.constant(name, shape, v, Quantization.perAxis(s, 0));
    }

    @Test
    void integerCountsReproduceEmitterAndPlannerBytes() throws Exception {
        Random rnd = new Random(1);
        for (int[] c : new int[][] {{4, 10}, {7, 3}, {16, 5}}) {
            Graph g = int8Net(rnd, c[0], c[1]);
            GeneratedModel gen = CodeGenerator.generate(g, null);
            ResourceEstimate e = ResourceModel.of(gen.plan(), Overheads.NONE).evaluate();
            assertEquals(gen.constantBytes(), e.constantBytes().value(), 0.0);
            assertEquals(gen.plan().arenaBytes(), e.arenaBytes().value(), 0.0);
            assertEquals(
                    gen.plan().arenaBytes(),
                    ResourceModel.of(g, Overheads.NONE).evaluate().arenaBytes().value(),
                    0.0);
        }
    }

    @Test
    void macsAndLatencyFollowTheBoardCoefficientsWithExactGradients() {
        Graph g = int8Net(new Random(2), 6, 4);
        CostModel cm =
                CostModel.newBuilder()
                        .setRuntimeFlashBytes(1000)
                        .setRuntimeSramBytes(200)
                        .setStackBytes(300)
                        .putOps("conv", OpCost.newBuilder().setPerMac(2).setConstant(50).build())
                        .putOps(
                                "dense",
                                OpCost.newBuilder().setPerMac(1.5).setPerOutputElement(3).build())
                        .build();
        ResourceModel rm =
                ResourceModel.of(
                        g, Overheads.of(BoardProfile.newBuilder().setCostModel(cm).build()));
        ResourceEstimate e = rm.evaluate();
        // conv c1: 6 out channels x 10x10 x 27 = 16200 MACs; dense: 6 x 4 = 24 MACs
        double convMacs = 6 * 100 * 27;
        assertEquals(2 * convMacs + 50 + 1.5 * 24 + 3 * 4, e.latencyCycles().value(), 1e-9);
        assertEquals(e.constantBytes().value() + 1000, e.flashBytes().value(), 0.0);
        // runtime SRAM 200 + stack 300 + the interrupt frame every board's stack carries
        assertEquals(
                e.arenaBytes().value() + 500 + Overheads.INTERRUPT_FRAME_BYTES,
                e.sramBytes().value(),
                0.0);
        assertEquals(300 + Overheads.INTERRUPT_FRAME_BYTES, e.stackBytes(), 0.0);
        assertEquals(
                e.arenaBytes().value(),
                ResourceModel.of(g, Overheads.NONE).evaluate().sramBytes().value(),
                0.0);
        assertEquals(List.of("dw", "pw", "add", "gap"), e.unpredicted());
        // flash, MACs and latency are polynomials in the counts: gradients equal central
        // differences
        double[] at = rm.channels().baseline();
        for (int i = 0; i < at.length; i++) {
            at[i] += 0.37;
        }
        ResourceEstimate mid = rm.evaluate(at);
        for (int v = 0; v < at.length; v++) {
            double[] up = at.clone();
            double[] dn = at.clone();
            up[v] += 1e-3;
            dn[v] -= 1e-3;
            ResourceEstimate eu = rm.evaluate(up);
            ResourceEstimate ed = rm.evaluate(dn);
            assertEquals(
                    (eu.macs().value() - ed.macs().value()) / 2e-3, mid.macs().derivative(v), 1e-4);
            assertEquals(
                    (eu.flashBytes().value() - ed.flashBytes().value()) / 2e-3,
                    mid.flashBytes().derivative(v),
                    1e-4);
            assertEquals(
                    (eu.latencyCycles().value() - ed.latencyCycles().value()) / 2e-3,
                    mid.latencyCycles().derivative(v),
                    1e-3);
        }
    }

    /**
     * A streamed plan links the driver and the kernels of the kinds its layers run, nothing more:
     * the chain c1..dw runs a convolution and a depthwise one, so neither pool's code is paid for
     * (the generated layers name their kernels; the driver references none).
     */
    @Test
    void aStreamedPlanLinksOnlyTheKernelsItsChainRuns() {
        Graph g = int8Net(new Random(3), 8, 4);
        Map<String, Map<String, Integer>> sections =
                Map.of(
                        "stream",
                        Map.of("driver", 1000, "checks", 7),
                        "conv",
                        Map.of("conv", 100, "checks", 7),
                        "conv1x1",
                        Map.of("conv", 100, "checks", 7),
                        "depthwise",
                        Map.of("dw", 20, "checks", 7),
                        "maxpool",
                        Map.of("max", 3000),
                        "avgpool",
                        Map.of("avg", 40000),
                        "add",
                        Map.of("add", 1),
                        "global_avgpool",
                        Map.of("gap", 2),
                        "dense",
                        Map.of("fc", 4));
        Overheads o =
                new Overheads(
                        0, 0, 0, Map.of(), new LinkedCode(Map.of(), 0, 0, sections), 0, false);
        ResourceModel streamed = ResourceModel.of(MemoryPlanner.streaming().plan(g), o);
        assertEquals("streamed c1..dw (2 layers)", streamed.streamSummary());
        ResourceEstimate e = streamed.evaluate();
        // driver 1000 + checks 7 (once) + conv 100 (c1 and pw) + dw 20 + add 1 + gap 2 + fc 4
        assertEquals(
                1000 + 7 + 100 + 20 + 1 + 2 + 4,
                e.flashBytes().value() - e.constantBytes().value(),
                0.0);
        ResourceEstimate layered =
                ResourceModel.of(MemoryPlanner.layerByLayer().plan(g), o).evaluate();
        assertEquals(
                7 + 100 + 20 + 1 + 2 + 4,
                layered.flashBytes().value() - layered.constantBytes().value(),
                0.0);
    }

    /**
     * The run function's per-layer stack counts the calls it makes: a streamed chain is one call
     * (the driver's frames are their own term), so its later layers add none.
     */
    @Test
    void aStreamedChainsLaterLayersAddNoRunFunctionStack() {
        Graph g = int8Net(new Random(3), 8, 4);
        Overheads o = new Overheads(0, 0, 500, Map.of(), LinkedCode.NONE, 10, false);
        ResourceEstimate streamed =
                ResourceModel.of(MemoryPlanner.streaming().plan(g), o).evaluate();
        ResourceEstimate layered =
                ResourceModel.of(MemoryPlanner.layerByLayer().plan(g), o).evaluate();
        // priced layers c1, dw, pw, add, gap, fc (flat is an alias): layer by layer 500 + 6 x 10 +
        // 40;
        // streamed c1..dw is one call: 500 + 5 x 10 + 40 + the driver's 344
        assertEquals(500 + 6 * 10 + 40, layered.stackBytes(), 0.0);
        assertEquals(500 + 5 * 10 + 40 + 344, streamed.stackBytes(), 0.0);
    }

    @Test
    void arenaGradientIsTheSlopeOfThePeakStepStreamed() {
        Graph g = int8Net(new Random(3), 8, 4);
        ResourceModel rm = ResourceModel.of(MemoryPlanner.streaming().plan(g), Overheads.NONE);
        assertEquals("streamed c1..dw (2 layers)", rm.streamSummary());
        ResourceEstimate e = rm.evaluate();
        // the streaming plan takes c1 → dw (a has no other reader); its step is the peak: x (300 B)
        // +
        // d (8 x 25 B) + line buffers of a (min(3, 10) rows x 10 x 8 = 240 B) + c1's im2col
        // 4 x roundEven(27) = 112 B = 852 B, against 1,212 B layer by layer (below), 360 B less,
        // more than the driver's 344 B of stack; pw's step (d + p + 32) is 432 B
        assertEquals(300 + 200 + 240 + 112, e.arenaBytes().value(), 0.0);
        int a = rm.channels().variableOf("a");
        int x = rm.channels().variableOf("x");
        int d = rm.channels().variableOf("d");
        assertEquals(3 * 10, e.arenaBytes().derivative(a), 0.0); // a is only its line buffers' rows
        assertEquals(25, e.arenaBytes().derivative(d), 0.0); // the chain's output, whole
        assertEquals(100 + 4 * 9, e.arenaBytes().derivative(x), 0.0); // input bytes + scratch slope
    }

    @Test
    void arenaGradientIsTheSlopeOfThePeakStep() {
        Graph g = int8Net(new Random(3), 8, 4);
        ResourceModel rm = ResourceModel.of(MemoryPlanner.layerByLayer().plan(g), Overheads.NONE);
        ResourceEstimate e = rm.evaluate();
        // peak step is c1: x (300 B) + a (8 x 100 B) + scratch 4 x roundEven(27) = 112 B
        assertEquals(300 + 800 + 112, e.arenaBytes().value(), 0.0);
        int a = rm.channels().variableOf("a");
        int x = rm.channels().variableOf("x");
        assertEquals(100, e.arenaBytes().derivative(a), 0.0);
        assertEquals(100 + 4 * 9, e.arenaBytes().derivative(x), 0.0); // input bytes + scratch slope
    }
}
