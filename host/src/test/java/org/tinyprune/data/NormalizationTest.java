package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void statisticsArePerChannel() {
        // Two 2-channel 1x2 images: channel 0 holds 0 and 255 (mean 0.5, std 0.5), channel 1
        // holds 51 everywhere (0.2) except one 102 (0.4): mean 0.25, std sqrt(0.0075).
        byte[] px = {0, (byte) 255, 51, 51, (byte) 255, 0, 51, 102};
        ImageSet set = new ImageSet(2, 1, 2, 2, px, new int[] {0, 1});
        Normalization n = Normalization.fromTrainingSet(set);
        assertArrayEquals(new float[] {0.5f, 0.25f}, n.mean(), 1e-6f);
        assertArrayEquals(new float[] {0.5f, (float) Math.sqrt(0.0075)}, n.std(), 1e-6f);
        assertEquals(1f, n.apply(0, 255), 1e-6f);
        assertEquals(-1f, n.apply(0, 0), 1e-6f);
        float[] out = new float[4];
        n.apply(px, 4, 2, out, 0);
        assertEquals(1f, out[0], 1e-6f);
        assertEquals((0.4f - 0.25f) / (float) Math.sqrt(0.0075), out[3], 1e-5f);
    }

    @Test
    void unitScalesToZeroOne() {
        Normalization n = Normalization.unit(1);
        assertEquals(128 / 255f, n.apply(0, 128), 1e-7f);
    }

    @Test
    void constantChannelIsRejected() {
        ImageSet set = new ImageSet(1, 1, 2, 1, new byte[] {9, 9}, new int[] {0});
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> Normalization.fromTrainingSet(set));
        assertEquals(
                "channel 0 has mean 0.03529412 and std 0.0; the std must be positive and"
                        + " finite (a constant channel cannot be normalised)",
                e.getMessage());
    }
}
