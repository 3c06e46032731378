package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.ProfileValidator;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.CostModel;
import org.tinyprune.board.proto.KernelCode;
import org.tinyprune.board.proto.OpCost;
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

/**
 * The table activations and Mul in the resource model: constants (tables, factors) equal what the
 * emitter stores, latency borrows add's coefficients until a profile has its own, kernel code of
 * uncalibrated kinds is the documented default, and profiles validate with or without them.
 */
class ActivationResourceTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, -3);
    private static final Quantization SIG = Quantization.perTensor(1f / 256, -128);

    /**
     * x [1,6,5,5] → GAP → SIGMOID → MUL(x, ·) (squeeze and excite) → HARD_SWISH → MUL by a
     * per-channel constant; the float graph ends with a HARD_SIGMOID.
     */
    static Graph seNet(boolean int8) {
        DType t = int8 ? DType.INT8 : DType.FLOAT32;
        GraphBuilder b = Graph.builder("se");
        b.tensor(Tensor.activation("x", new int[] {1, 6, 5, 5}, t, int8 ? Q : null)).input("x");
        b.node(
                new Node("gap", OpKind.GLOBAL_AVG_POOL, List.of("x"), "g", Attributes.DEFAULT),
                t,
                int8 ? Q : null);
        b.node(
                new Node("sig", OpKind.SIGMOID, List.of("g"), "s", Attributes.DEFAULT),
                t,
                int8 ? SIG : null);
        b.node(
                new Node("scale", OpKind.MUL, List.of("x", "s"), "m", Attributes.DEFAULT),
                t,
                int8 ? Q : null);
        b.node(
                new Node("hswish", OpKind.HARD_SWISH, List.of("m"), "h", Attributes.DEFAULT),
                t,
                int8 ? Q : null);
        b.tensor(
                int8
                        ? Tensor.constant(
                                "k", new int[] {1, 6, 1, 1}, new byte[] {1, -2, 3, -4, 5, -6}, Q)
                        : Tensor.constant(
                                "k", new int[] {1, 6, 1, 1}, new float[] {1, -2, 3, -4, 5, -6}));
        b.node(
                new Node("mulk", OpKind.MUL, List.of("h", "k"), "y", Attributes.DEFAULT),
                t,
                int8 ? Q : null);
        if (!int8) {
            b.tensor(Tensor.constant("ab", new int[] {2}, new float[] {0.2f, 0.5f}));
            b.node(
                    new Node(
                            "hsig",
                            OpKind.HARD_SIGMOID,
                            List.of("y", "ab"),
                            "z",
                            Attributes.DEFAULT),
                    t,
                    null);
            return b.output("z").build();
        }
        return b.output("y").build();
    }

    @Test
    void constantsAndArenaEqualTheEmittedModel() throws Exception {
        for (boolean int8 : new boolean[] {true, false}) {
            Graph g = seNet(int8);
            GeneratedModel gen = CodeGenerator.generate(g, null);
            ResourceEstimate e = ResourceModel.of(gen.plan(), Overheads.NONE).evaluate();
            // int8: two 256-entry tables and six int8 factors; float: 6 float factors,
            // HardSigmoid's
            // alpha and beta are literals in the call
            assertEquals(int8 ? 2 * 256 + 6 : 6 * 4, e.constantBytes().value(), 0.0);
            assertEquals(gen.constantBytes(), e.constantBytes().value(), 0.0);
            assertEquals(gen.plan().arenaBytes(), e.arenaBytes().value(), 0.0);
        }
    }

    @Test
    void latencyBorrowsAddUntilTheKindHasItsOwnCoefficients() {
        Graph g = seNet(true);
        OpCost add =
                OpCost.newBuilder()
                        .setPerOutputElement(10)
                        .setPerInputElement(1)
                        .setConstant(100)
                        .build();
        CostModel only = CostModel.newBuilder().setStackBytes(256).putOps("add", add).build();
        ResourceEstimate e = ResourceModel.of(g, Overheads.of(profile(only))).evaluate();
        // sig: 6 out, 6 in; scale: 150 out, 150 + 6 in; hswish: 150 out, 150 in; mulk: 150 out, 150
        // in
        double sig = 10 * 6 + 6 + 100;
        double scale = 10 * 150 + 156 + 100;
        double elementwise = 10 * 150 + 150 + 100;
        assertEquals(sig + scale + 2 * elementwise, e.latencyCycles().value(), 1e-9);
        assertEquals(List.of("gap"), e.unpredicted());

        OpCost mul = OpCost.newBuilder().setPerOutputElement(2).setConstant(7).build();
        CostModel own = only.toBuilder().putOps("mul", mul).build();
        ResourceEstimate f = ResourceModel.of(g, Overheads.of(profile(own))).evaluate();
        assertEquals(sig + elementwise + 2 * (2 * 150 + 7), f.latencyCycles().value(), 1e-9);
    }

    @Test
    void uncalibratedKindsLinkTheDocumentedKernelCode() {
        Graph g = seNet(true);
        KernelCode addCode =
                KernelCode.newBuilder()
                        .putSectionBytes(".text.tp_add_s8", 528)
                        .putSectionBytes(".text.tp_act_range_ok", 24)
                        .build();
        CostModel withCode =
                CostModel.newBuilder().setStackBytes(256).putKernelCode("add", addCode).build();
        LinkedCode code = LinkedCode.of(withCode);
        // lut 56; mul 360 + tp_act_range_ok 24 (once, though add links it too)
        assertEquals(56 + 360 + 24, code.kernels(List.of("lut", "mul", "lut")));
        assertEquals(528 + 24 + 56 + 360, code.kernels(List.of("add", "lut", "mul")));
        assertEquals(
                0, LinkedCode.NONE.kernels(List.of("lut", "mul")), "a profile without kernel code");
        double flash =
                ResourceModel.of(g, Overheads.of(profile(withCode)))
                        .evaluate()
                        .flashBytes()
                        .value();
        double bare =
                ResourceModel.of(
                                g,
                                Overheads.of(
                                        profile(withCode.toBuilder().clearKernelCode().build())))
                        .evaluate()
                        .flashBytes()
                        .value();
        assertEquals(56 + 360 + 24, flash - bare, 0.0);
        assertEquals("add", Overheads.FALLBACK.get("lut"));
        assertEquals("add", Overheads.FALLBACK.get("mul"));
    }

    @Test
    void profilesValidateWithAndWithoutTheNewKinds() throws Exception {
        BoardProfile m4 = BoardRegistry.ofRepository().load("qemu-m4");
        assertTrue(
                !m4.getCostModel().containsOps("lut") && ProfileValidator.problems(m4).isEmpty());
        OpCost c =
                OpCost.newBuilder()
                        .setPerOutputElement(3)
                        .setConstant(40)
                        .setFitError(0.02)
                        .build();
        BoardProfile with =
                m4.toBuilder()
                        .setCostModel(
                                m4.getCostModel().toBuilder().putOps("lut", c).putOps("mul", c))
                        .build();
        assertEquals(List.of(), ProfileValidator.problems(with));
        BoardProfile bad =
                m4.toBuilder()
                        .setCostModel(m4.getCostModel().toBuilder().putOps("sigmoid", c))
                        .build();
        assertTrue(
                ProfileValidator.problems(bad).stream().anyMatch(p -> p.contains("lut, mul")),
                ProfileValidator.problems(bad).toString());
    }

    private static BoardProfile profile(CostModel cm) {
        return BoardProfile.newBuilder().setCostModel(cm).build();
    }
}
