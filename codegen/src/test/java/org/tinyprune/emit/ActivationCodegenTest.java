package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/**
 * Float Sigmoid, HardSigmoid, HardSwish and Mul (equal shapes, squeeze-and-excite, SiLU, constant
 * factors) → generated C → host gcc: equal to ONNX Runtime within 1e-5 of the largest output.
 */
class ActivationCodegenTest {

    @Test
    void activationsOn4dAnd2dTensors() throws Exception {
        for (String op : List.of("Sigmoid", "HardSigmoid", "HardSwish")) {
            OnnxGraphs g = new OnnxGraphs("act4d", 5, 1, 3, 6, 7).opset(14);
            String c = g.conv("x", 3, 5, 3, 1, 1, 1, true);
            String y =
                    op.equals("HardSigmoid")
                            ? g.op(
                                    op,
                                    List.of(g.op("Mul", List.of(c, scalar(g, 4f)))),
                                    OnnxAttributes.of("alpha", 0.3f),
                                    OnnxAttributes.of("beta", 0.4f))
                            : g.op(op, List.of(g.op("Mul", List.of(c, scalar(g, 4f)))));
            FloatCodegenTest.check(g.build(y, 1, 5, 6, 7), 3 * 6 * 7, new long[] {1, 3, 6, 7});

            OnnxGraphs h = new OnnxGraphs("act2d", 6, 1, 40).opset(14);
            String z = h.op(op, List.of(h.op("Mul", List.of("x", scalar(h, 3f)))));
            FloatCodegenTest.check(h.build(z, 1, 40), 40, new long[] {1, 40});
        }
    }

    @Test
    void squeezeAndExciteInBothOperandOrders() throws Exception {
        for (boolean scaleFirst : new boolean[] {false, true}) {
            OnnxGraphs g = new OnnxGraphs("se", 7, 1, 3, 8, 8);
            String x = g.op("Relu", List.of(g.conv("x", 3, 8, 3, 1, 1, 1, true)));
            String s = g.op("GlobalAveragePool", List.of(x));
            s = g.op("Relu", List.of(g.conv(s, 8, 2, 1, 1, 0, 1, true)));
            s = g.op("Sigmoid", List.of(g.conv(s, 2, 8, 1, 1, 0, 1, true)));
            String y = g.op("Mul", scaleFirst ? List.of(s, x) : List.of(x, s));
            y = g.conv(g.op("Relu", List.of(y)), 8, 4, 1, 1, 0, 1, true);
            ModelProto m = g.build(y, 1, 4, 8, 8);
            Graph ir = OnnxReader.read(m);
            assertTrue(
                    ir.nodes().stream()
                            .anyMatch(
                                    n ->
                                            n.op() == OpKind.MUL
                                                    && n.attributes()
                                                            .clamp()
                                                            .equals(org.tinyprune.ir.Clamp.RELU)),
                    "the Relu fuses into the Mul: " + ir);
            FloatCodegenTest.check(m, 3 * 8 * 8, new long[] {1, 3, 8, 8});
        }
    }

    /** PyTorch's SiLU export: one tensor feeds both the Sigmoid and the Mul. */
    @Test
    void siluReadsOneTensorTwice() throws Exception {
        OnnxGraphs g = new OnnxGraphs("silu", 8, 1, 4, 7, 5);
        String c = g.conv("x", 4, 6, 3, 1, 1, 1, true);
        String y = g.op("Mul", List.of(c, g.op("Sigmoid", List.of(c))));
        y = g.conv(y, 6, 3, 3, 2, 1, 1, true);
        FloatCodegenTest.check(g.build(y, 1, 3, 4, 3), 4 * 7 * 5, new long[] {1, 4, 7, 5});
    }

    @Test
    void constantFactorsScalarPerChannelAndFullShape() throws Exception {
        OnnxGraphs g = new OnnxGraphs("mulc", 9, 1, 3, 5, 4);
        String c = g.conv("x", 3, 6, 3, 1, 1, 1, true);
        String a = g.op("Mul", List.of(g.init(6, 1, 1), c));
        String b = g.op("Mul", List.of(a, scalar(g, -1.5f)));
        String y = g.op("Mul", List.of(b, g.init(1, 6, 5, 4)));
        FloatCodegenTest.check(g.build(y, 1, 6, 5, 4), 3 * 5 * 4, new long[] {1, 3, 5, 4});
    }

    @Test
    void unsupportedBroadcastAndOldOpsetAreRefusedByNode() {
        OnnxGraphs g = new OnnxGraphs("bad", 10, 1, 3, 5, 4);
        String y = g.op("Mul", List.of("x", g.init(1, 3, 5, 1)));
        UnsupportedModelException e =
                assertThrows(
                        UnsupportedModelException.class,
                        () -> OnnxReader.read(g.build(y, 1, 3, 5, 4)));
        assertTrue(
                e.getMessage().contains("Mul_") && e.getMessage().contains("[1, 3, 5, 1]"),
                e.getMessage());

        OnnxGraphs h = new OnnxGraphs("old", 11, 1, 8);
        String z = h.op("HardSwish", List.of("x"));
        e = assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(h.build(z, 1, 8)));
        assertTrue(e.getMessage().contains("opset 14"), e.getMessage());
    }

    @Test
    void hardSigmoidKeepsItsAttributesAsConstant() throws Exception {
        OnnxGraphs g = new OnnxGraphs("hs", 12, 1, 6);
        String y = g.op("HardSigmoid", List.of("x"));
        Graph ir = OnnxReader.read(g.build(y, 1, 6));
        float[] p = ir.tensor(ir.nodes().get(0).input(1)).floatData();
        assertEquals(0.2f, p[0]);
        assertEquals(0.5f, p[1]);
    }

    private static String scalar(OnnxGraphs g, float v) {
        String name = "k" + Float.floatToIntBits(v);
        g.initRaw(OnnxTensors.scalar(name, v));
        return name;
    }
}
