package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;
import org.tinyprune.plan.KernelScratch;

/**
 * Tensors too large for any device arena: their byte counts overflow an int (1 × 100000 × 100000
 * int8 is 10^10 bytes), so the memory planner must refuse them by name instead of planning with a
 * wrapped-around size.
 */
class HugeTensorCodegenTest {
    /** x [N, c, h, w] → 1×1 conv to {@code cout} channels → ReLU, all QDQ int8. */
    private static ModelProto conv(long c, long h, long w, long cout) {
        QdqGraphs q = new QdqGraphs("huge", 3, 1, c, h, w);
        String x = q.qdq("x", 0.02f, 0);
        String[] wt = q.weights(new long[] {cout, c, 1, 1}, 0.02f, 0);
        q.builder().node("Conv", "conv1", List.of(x, wt[0], wt[1]), List.of("c1"));
        q.builder().node("Relu", "relu1", List.of("c1"), List.of("r1"));
        String y = q.qdq("r1", 0.03f, -128);
        q.builder().output(OnnxValueInfos.batched(y, DataType.FLOAT, "N", cout, h, w));
        return q.builder().build();
    }

    private static String refusal(Graph g) {
        return assertThrows(UnsupportedModelException.class, () -> CodeGenerator.generate(g, null))
                .getMessage();
    }

    @Test
    void inputOfTenGigabytesIsRefusedNamingTheTensor() {
        // the reader refuses a declared input this large before any plan is made
        String m =
                assertThrows(
                                UnsupportedModelException.class,
                                () -> OnnxReader.read(conv(1, 100_000, 100_000, 1)))
                        .getMessage();
        assertTrue(m.contains("graph input 'x'") && m.contains("100000, 100000"), m);
    }

    @Test
    void aTensorBeyondAnIntIsRefusedByThePlannerNamingIt() throws Exception {
        // input 1 x 16000 x 16000 (256,000,000 bytes) passes the reader; the conv's output of 9
        // channels,
        // 2,304,000,000 bytes, does not fit an int
        Graph g = OnnxReader.read(conv(1, 16_000, 16_000, 9));
        String m = refusal(g);
        assertTrue(m.contains(" 2304000000 bytes") && m.contains("[1, 9, 16000, 16000]"), m);
    }

    @Test
    void tensorsThatFitOneByOneButNotTogetherAreRefused() throws Exception {
        // input 256,000,000 bytes and output of 8 channels 2,048,000,000 bytes: each fits an int,
        // the sum does not
        Graph g = OnnxReader.read(conv(1, 16_000, 16_000, 8));
        String m = refusal(g);
        assertTrue(m.contains("together") && m.contains("2048000000 bytes"), m);
    }

    @Test
    void im2colScratchBeyondAnIntIsRefused() {
        // K = 3 * 3 * 27 = 243, rounded up to 244 int16 values, two columns: 976 bytes
        // (hand-worked)
        assertEquals(976, KernelScratch.convBytes(27, 3, 3));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KernelScratch.convBytes(1 << 20, 32, 32));
        assertTrue(
                e.getMessage().contains("needs 4294967296 bytes of im2col scratch"),
                e.getMessage());
    }

    @Test
    void ordinarySizesStillPlan() throws Exception {
        GeneratedModel gm = CodeGenerator.generate(OnnxReader.read(conv(3, 16, 16, 8)), null);
        assertTrue(
                gm.plan().arenaBytes() >= 3 * 16 * 16 + 8 * 16 * 16,
                "arena holds input and output");
    }
}
