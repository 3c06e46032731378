package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Bilinear resampling with centres aligned, against values worked by hand (the 2×2 case) and
 * PyTorch 1.13's {@code F.interpolate(mode="bilinear", align_corners=False)} (both cases, printed
 * once and copied here), plus the channel rules.
 */
class ImageResizeTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static int[] image(ImageSet s, int i) {
        byte[] b = new byte[s.imageSize()];
        s.copyImage(i, b, 0);
        int[] v = new int[b.length];
        for (int k = 0; k < b.length; k++) {
            v[k] = b[k] & 0xFF;
        }
        return v;
    }

    @Test
    void upsamplesTwoByTwoAsWorkedByHand() {
        // row 0: x = 1 samples 0.25 of the way from 0 to 100 → 25; row 1 (y at 0.25): x = 1 mixes
        // top 25 and bottom 200·0.75 + 60·0.25 = 165 as 25·0.75 + 165·0.25 = 60
        ImageSet s = new ImageSet(1, 2, 2, 3, bytes(0, 100, 200, 60), new int[] {2});
        ImageSet r = ImageResize.to(s, 1, 4, 4);
        assertArrayEquals(
                new int[] {0, 25, 75, 100, 50, 60, 80, 90, 150, 130, 90, 70, 200, 165, 95, 60},
                image(r, 0));
        assertEquals(2, r.label(0));
    }

    @Test
    void downsamplesAsPyTorchDoes() {
        int[] v = new int[30];
        for (int i = 0; i < 30; i++) {
            v[i] = 8 * i;
        }
        ImageSet s = new ImageSet(1, 5, 6, 1, bytes(v), new int[] {0});
        assertArrayEquals(
                new int[] {18, 30, 42, 54, 98, 110, 122, 134, 178, 190, 202, 214},
                image(ImageResize.to(s, 1, 3, 4), 0));
    }

    @Test
    void greyIsReplicatedAndColourAveraged() {
        ImageSet grey = new ImageSet(1, 1, 2, 1, bytes(10, 250), new int[] {0});
        assertArrayEquals(
                new int[] {10, 250, 10, 250, 10, 250}, image(ImageResize.to(grey, 3, 1, 2), 0));
        ImageSet rgb = new ImageSet(3, 1, 1, 1, bytes(10, 20, 31), new int[] {0});
        assertArrayEquals(new int[] {20}, image(ImageResize.to(rgb, 1, 1, 1), 0));
        assertSame(grey, ImageResize.to(grey, 1, 1, 2));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ImageResize.to(rgb, 2, 1, 1));
        assertEquals(
                "cannot convert 3-channel images to 2 channels (only grey to any, any to grey, or equal counts)",
                e.getMessage());
    }
}
