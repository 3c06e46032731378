package org.tinyprune.data;

import java.util.random.RandomGenerator;

/**
 * Training-time image augmentation: a random crop of the image padded by {@code cropPadding} zero
 * pixels on every side (equivalently, a random shift of up to {@code cropPadding} pixels in each
 * direction, filling with black), then, if enabled, a horizontal flip with probability 1/2.
 *
 * <p>Which augmentation suits which data: a flip is right for CIFAR-10 (a mirrored car is still a
 * car) and for Fashion-MNIST (garments are nearly left-right symmetric; shoes, which all face left
 * in Fashion-MNIST, become right-facing shoes, still of the same class), so both use it by default;
 * it is wrong for digits and characters (a mirrored 2 is no digit), so a generic IDX directory is
 * trained without it. Padding 2 on 28 × 28 images and 4 on 32 × 32 images are the usual choices
 * (about 1/8 of the side).
 *
 * <p>Each call draws exactly three random numbers (vertical shift, horizontal shift, flip), so the
 * result depends only on the generator's state, never on earlier images' sizes.
 *
 * @param cropPadding maximum shift in pixels (0 disables cropping)
 * @param horizontalFlip whether to mirror left-right with probability 1/2
 */
public record Augmentation(int cropPadding, boolean horizontalFlip) {

    /** No augmentation: images pass through unchanged. */
    public static final Augmentation NONE = new Augmentation(0, false);

    /**
     * Checks the padding.
     *
     * @param cropPadding maximum shift in pixels
     * @param horizontalFlip whether to mirror left-right
     * @throws IllegalArgumentException if {@code cropPadding} is negative
     */
    public Augmentation {
        if (cropPadding < 0) {
            throw new IllegalArgumentException(
                    "crop padding "
                            + cropPadding
                            + " is negative; use 0 to disable random cropping");
        }
    }

    /**
     * @return whether this augmentation leaves every image unchanged
     */
    public boolean isIdentity() {
        return cropPadding == 0 && !horizontalFlip;
    }

    /**
     * Writes an augmented copy of one CHW image.
     *
     * @param src source pixels
     * @param srcOffset where the image starts in {@code src}
     * @param channels channels
     * @param height height
     * @param width width
     * @param dst destination (must not overlap the source image)
     * @param dstOffset where to write the {@code channels * height * width} pixels
     * @param random the generator; exactly three values are drawn from it
     */
    public void apply(
            byte[] src,
            int srcOffset,
            int channels,
            int height,
            int width,
            byte[] dst,
            int dstOffset,
            RandomGenerator random) {
        int span = 2 * cropPadding + 1;
        int dy = random.nextInt(span) - cropPadding;
        int dx = random.nextInt(span) - cropPadding;
        boolean flip = random.nextBoolean() && horizontalFlip;
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            int srcPlane = srcOffset + c * plane;
            int dstPlane = dstOffset + c * plane;
            for (int y = 0; y < height; y++) {
                int sy = y + dy;
                int dstRow = dstPlane + y * width;
                if (sy < 0 || sy >= height) {
                    java.util.Arrays.fill(dst, dstRow, dstRow + width, (byte) 0);
                    continue;
                }
                int srcRow = srcPlane + sy * width;
                for (int x = 0; x < width; x++) {
                    int sx = (flip ? width - 1 - x : x) + dx;
                    dst[dstRow + x] = sx < 0 || sx >= width ? 0 : src[srcRow + sx];
                }
            }
        }
    }
}
