package org.tinyprune.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;

/**
 * Parameter counts against counts worked by hand from each architecture's definition (weights,
 * BatchNorm scale and shift, dense and shortcut biases; running statistics are not trainable).
 */
class ZooParamsTest {

    private static long params(String model, ModelConfig config) {
        Graph g = Zoo.build(model, config);
        long total = ModelSummary.of(g).params();
        assertEquals(g.paramCount(), total, "summary total disagrees with the graph");
        return total;
    }

    @Test
    void vggSmallQuarterWidth() {
        // widths 8-8-16-16-32: convs 1*8*9 + 8*8*9 + 8*16*9 + 16*16*9 + 16*32*9 = 8712,
        // BN 2*(8+8+16+16+32) = 160, fc 32*3 + 3 = 99.
        assertEquals(8712 + 160 + 99, params("vgg-small", new ModelConfig(1, 8, 8, 3, 0.25)));
    }

    @Test
    void resnet8QuarterWidth() {
        // widths 4 | 4 | 8 | 16 on a 3-channel input, 2 classes:
        // stem 3*4*9 + 8 = 116; s1 2*(4*4*9 + 8) = 304 (identity shortcut);
        // s2 4*8*9 + 16 + 8*8*9 + 16 + (4*8 + 8) = 936; s3 8*16*9 + 32 + 16*16*9 + 32 + (8*16 + 16)
        // = 3664; fc 16*2 + 2 = 34.
        assertEquals(
                116 + 304 + 936 + 3664 + 34,
                params("resnet8", new ModelConfig(3, 16, 16, 2, 0.25)));
    }

    @Test
    void resnet8ReferenceWidthMatchesTheMlperfTinyModel() {
        // stem 432 + 32; s1 2*(2304 + 32); s2 4608 + 64 + 9216 + 64 + 544; s3 18432 + 128 + 36864
        // + 128 + 2112; fc 650: 77,946 (MLPerf Tiny quotes about 78 k).
        assertEquals(
                464 + 4672 + 14496 + 57664 + 650,
                params("resnet8", new ModelConfig(3, 32, 32, 10, 1.0)));
    }

    @Test
    void dsCnnQuarterWidth() {
        // 16 channels. Square input, 5x5 first kernel: 25*16 + 32; 4 blocks of
        // (9*16 + 32 + 16*16 + 32) = 464; fc 16*10 + 10 = 170.
        assertEquals(432 + 4 * 464 + 170, params("ds-cnn", new ModelConfig(1, 28, 28, 10, 0.25)));
        // MFCC-shaped input, 10x4 first kernel: 40*16 + 32 instead.
        assertEquals(672 + 4 * 464 + 170, params("ds-cnn", new ModelConfig(1, 49, 10, 10, 0.25)));
    }

    @Test
    void mobileNetV2QuarterWidth() {
        // stem 4, stages 4 | 8 | 8 | 16, head 64 (6 rounds to 8: multiples of 4).
        long stem = 1 * 4 * 9 + 8;
        long b1 = 4 * 9 + 8 + 4 * 4 + 8; // t = 1: depthwise, project
        long b21 = 4 * 24 + 48 + 24 * 9 + 48 + 24 * 8 + 16; // expand 4 -> 24, project -> 8
        long b8to8 = 8 * 48 + 96 + 48 * 9 + 96 + 48 * 8 + 16; // b2_2, b3_1, b3_2, b3_3
        long b41 = 8 * 48 + 96 + 48 * 9 + 96 + 48 * 16 + 32;
        long b42 = 16 * 96 + 192 + 96 * 9 + 192 + 96 * 16 + 32;
        long head = 16 * 64 + 128;
        long fc = 64 * 10 + 10;
        assertEquals(
                stem + b1 + b21 + 4 * b8to8 + b41 + b42 + head + fc,
                params("mobilenetv2-small", new ModelConfig(1, 28, 28, 10, 0.25)));
    }
}
