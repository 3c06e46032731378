package org.tinyprune.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;

class ModelSummaryTest {

    @Test
    void convMacsAreWorkedByHand() {
        // 3x9x9 input, 8 filters 3x3, stride 2, padding 1: output 8x5x5, each output element
        // takes 3*3*3 = 27 multiply-accumulates: 8 * 25 * 27 = 5400.
        Graph g = Graph.builder("one").input("input", 3, 9, 9).conv("conv", 8, 3, 2, 1).build();
        ModelSummary s = ModelSummary.of(g);
        ModelSummary.Row conv = s.rows().get(1);
        assertEquals("conv", conv.node());
        assertEquals(5400, conv.macs());
        assertEquals(8 * 3 * 9, conv.params());
        assertEquals(5400, s.macs());
    }

    @Test
    void dsCnnFirstConvOnMfccInput() {
        // 49x10 MFCC: 10x4 kernel, stride 2, output 64x25x5: 64 * 125 * 40 = 320,000.
        ModelSummary s = ModelSummary.of(Zoo.build("ds-cnn", new ModelConfig(1, 49, 10, 12, 1)));
        ModelSummary.Row conv1 = s.rows().get(1);
        assertEquals("conv1", conv1.node());
        assertEquals(320_000, conv1.macs());
    }

    @Test
    void peakActivationFollowsLiveBuffers() {
        // vgg-small: conv1_2 reads relu1_1 (32x28x28, BN and ReLU in place on conv1_1's buffer)
        // and writes 32x28x28: 2 * 25,088 bytes.
        ModelSummary vgg =
                ModelSummary.of(Zoo.build("vgg-small", new ModelConfig(1, 28, 28, 10, 1)));
        assertEquals(50_176, vgg.peakActivationBytes());
        assertEquals("conv1_2", vgg.peakNode());
        // resnet8: while s1_conv2 runs, the stem output (kept for the residual add), its input
        // and its output are live: 3 * 16x28x28.
        ModelSummary res = ModelSummary.of(Zoo.build("resnet8", new ModelConfig(1, 28, 28, 10, 1)));
        assertEquals(3 * 12_544, res.peakActivationBytes());
        assertEquals("s1_conv2", res.peakNode());
    }

    @Test
    void tableListsEveryNodeAndTheTotals() {
        ModelSummary s = ModelSummary.of(Zoo.build("resnet8", new ModelConfig(3, 32, 32, 10, 1)));
        String table = s.table();
        assertTrue(table.startsWith("model resnet8, input 3x32x32, 10 outputs"), table);
        assertTrue(table.contains("s3_shortcut          Conv2d           64x8x8"), table);
        assertTrue(table.contains("77,946"), table);
        assertEquals(s.rows().size() + 4, table.split("\n").length);
    }
}
