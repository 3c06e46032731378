package org.tinyprune.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.nn.Graph;

/** Structure of the quantised IR and its agreement with the float graph. */
class IrQuantizerTest {

    private static final int[] SHAPE = {1, 12, 12};

    private static QuantizedModel quantize(Graph g, QuantOptions options) {
        return Quantizer.quantize(g, TestModels.noiseBatches(SHAPE, 4, 8, 5), options);
    }

    @Test
    void fusesActivationsAndSharesRangesWhereKernelsCannotRescale() {
        org.tinyprune.ir.Graph ir =
                quantize(TestModels.everyLayer(1), QuantOptions.DEFAULTS).toIr();
        assertEquals(
                List.of(
                        "c1", "mp", "c2", "add", "dw", "pw", "cat", "ap", "r4", "gap", "flat",
                        "fc"),
                ir.nodes().stream().map(org.tinyprune.ir.Node::name).toList());
        assertEquals(Clamp.RELU, ir.node("c1").attributes().clamp());
        assertEquals("r1", ir.node("c1").output());
        assertEquals(Clamp.RELU, ir.node("add").attributes().clamp());
        assertEquals(Clamp.RELU6, ir.node("dw").attributes().clamp());
        assertEquals(6, ir.node("dw").attributes().group());
        assertEquals(OpKind.CLAMP, ir.node("r4").op());
        assertEquals(OpKind.RESHAPE, ir.node("flat").op());
        Quantization r1 = ir.tensor("r1").quantization();
        assertEquals(r1, ir.tensor("mp").quantization());
        Quantization cat = ir.tensor("cat").quantization();
        for (String t : List.of("r3", "pw", "ap", "r4", "gap", "flat")) {
            assertEquals(cat, ir.tensor(t).quantization(), t);
        }
        Tensor w = ir.tensor("c2.weight");
        assertEquals(DType.INT8, w.dtype());
        assertEquals(6, w.quantization().size());
        assertEquals(0, w.quantization().axis());
        Tensor bias = ir.tensor("c2.bias");
        for (int o = 0; o < 6; o++) {
            assertEquals(
                    (double) ir.tensor("mp").quantization().scale() * w.quantization().scale(o),
                    bias.quantization().scale(o),
                    1e-6 * bias.quantization().scale(o));
        }
        int maxAbs = 0;
        for (byte v : w.int8Data()) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
            assertTrue(v >= -127, "weight code " + v);
        }
        assertEquals(127, maxAbs);
    }

    @Test
    void int8LogitsFollowTheFloatGraph() {
        Graph g = TestModels.everyLayer(2);
        for (QuantOptions options :
                List.of(QuantOptions.DEFAULTS, QuantOptions.DEFAULTS.withPercentile(99.9))) {
            QuantizedModel q = quantize(g, options);
            Graph folded = q.foldedGraph();
            float step = q.interpreter().outputQuantization().scale();
            int agree = 0;
            int samples = 0;
            double worst = 0;
            for (org.tinyprune.nn.Tensor x : TestModels.noiseBatches(SHAPE, 2, 16, 77)) {
                float[] ref = folded.forward(x).data();
                for (int s = 0; s < 16; s++) {
                    float[] sample = new float[144];
                    System.arraycopy(x.data(), s * 144, sample, 0, 144);
                    float[] got = q.logits(sample);
                    int refArg = 0;
                    for (int k = 0; k < 5; k++) {
                        worst = Math.max(worst, Math.abs(got[k] - ref[s * 5 + k]) / step);
                        refArg = ref[s * 5 + k] > ref[s * 5 + refArg] ? k : refArg;
                    }
                    byte[] codes = q.runInt8(sample);
                    agree += Int8Interpreter.argmax(codes) == refArg ? 1 : 0;
                    samples++;
                }
            }
            assertTrue(
                    worst <= 8,
                    options.method() + ": worst logit error " + worst + " output steps");
            assertTrue(
                    agree >= samples * 0.85,
                    options.method() + ": argmax agrees on " + agree + "/" + samples);
        }
    }
}
