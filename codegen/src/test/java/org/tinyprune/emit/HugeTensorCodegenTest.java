package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxAttributes;
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
        return assertThrows(UnsupportedModelException.class, () -> CodeGenerator.generate(g, null)).getMessage();
    }

    @Test
    void inputOfTenGigabytesIsRefusedNamingTheTensor() throws Exception {
        Graph g = OnnxReader.read(conv(1, 100_000, 100_000, 1));
        String m = refusal(g);
        assertTrue(m.contains("tensor '" + g.inputs().get(0) + "'") && m.contains(" 10000000000 bytes"), m);
        assertTrue(m.contains("[1, 1, 100000, 100000]"), m);
    }

    @Test
    void tensorsThatFitOneByOneButNotTogetherAreRefused() throws Exception {
        // input and output of 1.6 GB each (plus 8 bytes of im2col scratch): each fits an int, the sum does not
        Graph g = OnnxReader.read(conv(1, 40_000, 40_000, 1));
        String m = refusal(g);
        assertTrue(m.contains("need 3200000008 bytes together") && m.contains("1600000000 bytes"), m);
    }

    @Test
    void im2colScratchBeyondAnIntIsRefused() {
        // K = 3 * 3 * 27 = 243, rounded up to 244 int16 values, two columns: 976 bytes (hand-worked)
        assertEquals(976, KernelScratch.convBytes(27, 3, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelScratch.convBytes(1 << 20, 32, 32));
        assertTrue(e.getMessage().contains("needs 4294967296 bytes of im2col scratch"), e.getMessage());
    }

    @Test
    void ordinarySizesStillPlan() throws Exception {
        GeneratedModel gm = CodeGenerator.generate(OnnxReader.read(conv(3, 16, 16, 8)), null);
        assertTrue(gm.plan().arenaBytes() >= 3 * 16 * 16 + 8 * 16 * 16, "arena holds input and output");
    }
}
