package org.tinyprune.zoo;

/**
 * What a zoo architecture is built for: the per-sample input shape (channels, height, width), the
 * number of classes, and a width multiplier applied to every channel count.
 *
 * @param channels input channels (1 for grey images, 3 for RGB)
 * @param height input height in pixels (or time frames)
 * @param width input width in pixels (or frequency bins)
 * @param numClasses number of output classes (logits)
 * @param widthMultiplier factor on every layer's channel count; 1.0 is the reference width
 */
public record ModelConfig(int channels, int height, int width, int numClasses,
        double widthMultiplier) {

    /** Channel counts are rounded to a multiple of this (SIMD kernels like multiples of 4). */
    public static final int CHANNEL_ROUNDING = 4;

    /**
     * Checks the configuration.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public ModelConfig {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input shape " + channels + "x" + height + "x"
                    + width + " must be positive in every dimension");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("class count " + numClasses
                    + " must be at least 2");
        }
        if (!(widthMultiplier > 0) || Double.isInfinite(widthMultiplier)) {
            throw new IllegalArgumentException("width multiplier " + widthMultiplier
                    + " must be a positive number, e.g. 0.5 or 1.0");
        }
    }

    /**
     * A configuration at the reference width.
     *
     * @param inputShape {channels, height, width}
     * @param numClasses number of classes
     * @return the configuration
     */
    public static ModelConfig of(int[] inputShape, int numClasses) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("input shape must be {channels, height, width},"
                    + " got " + inputShape.length + " dimensions");
        }
        return new ModelConfig(inputShape[0], inputShape[1], inputShape[2], numClasses, 1.0);
    }

    /**
     * @param multiplier the new width multiplier
     * @return this configuration with another width multiplier
     */
    public ModelConfig withWidth(double multiplier) {
        return new ModelConfig(channels, height, width, numClasses, multiplier);
    }

    /** @return {channels, height, width} */
    public int[] inputShape() {
        return new int[] {channels, height, width};
    }

    /**
     * Scales a reference channel count by the width multiplier, rounded to the nearest multiple
     * of {@link #CHANNEL_ROUNDING} and never below it.
     *
     * @param reference the channel count at width 1.0
     * @return the scaled channel count
     */
    public int scale(int reference) {
        long rounded = Math.round(reference * widthMultiplier / CHANNEL_ROUNDING)
                * CHANNEL_ROUNDING;
        return (int) Math.max(CHANNEL_ROUNDING, rounded);
    }
}
