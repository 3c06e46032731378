package org.tinyprune.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.data.ImageSet;
import org.tinyprune.data.Normalization;
import org.tinyprune.ir.Quantization;

/** Hand-worked checks of input preparation and the latency median. */
class MeasureFiguresTest {
    @Test
    void channelMajorCodesAreReorderedChannelLast() {
        // 2 channels of a 1x3 image: c0 = 1 2 3, c1 = 4 5 6 -> pixels (1,4) (2,5) (3,6)
        assertArrayEquals(
                new byte[] {1, 4, 2, 5, 3, 6},
                DeviceSamples.toNhwc(new byte[] {1, 2, 3, 4, 5, 6}, 2, 3));
    }

    @Test
    void imagesAreNormalisedThenQuantisedWithTheModelInput() {
        // pixels 0, 51, 255 with mean 0.2 std 0.5 -> -0.4, 0.0, 1.6; scale 0.1 zp -3 -> -7, -3, 13
        ImageSet set = new ImageSet(1, 1, 3, 2, new byte[] {0, 51, (byte) 255}, new int[] {1});
        Normalization norm = new Normalization(new float[] {0.2f}, new float[] {0.5f});
        List<DeviceSample> s =
                DeviceSamples.prepare(set, 1, norm, Quantization.perTensor(0.1f, -3), 3);
        assertArrayEquals(new byte[] {-7, -3, 13}, s.get(0).nchw());
        assertArrayEquals(s.get(0).nchw(), s.get(0).nhwc());
        assertEquals(1, s.get(0).label());
        assertThrows(
                IllegalArgumentException.class,
                () -> DeviceSamples.prepare(set, 1, norm, Quantization.perTensor(0.1f, -3), 4));
        assertThrows(
                IllegalArgumentException.class,
                () -> DeviceSamples.prepare(set, 2, norm, Quantization.perTensor(0.1f, -3), 3));
    }

    @Test
    void latencyIsTheMedianOfPerRunWindows() {
        Latency l = new Latency(2, List.of(2000L, 2080L, 1960L, 2040L, 4000L));
        assertEquals(1020, l.medianCycles());
        assertEquals(2040, l.spreadCycles());
        assertEquals(1005, new Latency(2, List.of(2000L, 2020L)).medianCycles());
    }
}
