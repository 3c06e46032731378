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
 * @param channelMultiple scaled channel counts are rounded to a multiple of this (a board profile's
 *     {@code channel_multiple}; SIMD kernels like multiples of 4)
 */
public record ModelConfig(
        int channels,
        int height,
        int width,
        int numClasses,
        double widthMultiplier,
        int channelMultiple) {

    /** The default channel multiple. */
    public static final int CHANNEL_ROUNDING = 4;

    /**
     * Checks the configuration.
     *
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @param numClasses number of classes
     * @param widthMultiplier factor on every channel count
     * @param channelMultiple channel counts are rounded to a multiple of this
     * @throws IllegalArgumentException naming the bad value
     */
    public ModelConfig {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "input shape "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width
                            + " must be positive in every dimension");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("class count " + numClasses + " must be at least 2");
        }
        if (!(widthMultiplier > 0) || Double.isInfinite(widthMultiplier)) {
            throw new IllegalArgumentException(
                    "width multiplier "
                            + widthMultiplier
                            + " must be a positive number, e.g. 0.5 or 1.0");
        }
        if (channelMultiple <= 0) {
            throw new IllegalArgumentException(
                    "channel multiple " + channelMultiple + " must be at least 1");
        }
    }

    /**
     * A configuration whose channel counts are rounded to multiples of {@link #CHANNEL_ROUNDING}.
     *
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @param numClasses number of classes
     * @param widthMultiplier factor on every channel count
     */
    public ModelConfig(
            int channels, int height, int width, int numClasses, double widthMultiplier) {
        this(channels, height, width, numClasses, widthMultiplier, CHANNEL_ROUNDING);
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
            throw new IllegalArgumentException(
                    "input shape must be {channels, height, width},"
                            + " got "
                            + inputShape.length
                            + " dimensions");
        }
        return new ModelConfig(inputShape[0], inputShape[1], inputShape[2], numClasses, 1.0);
    }

    /**
     * @param multiplier the new width multiplier
     * @return this configuration with another width multiplier
     */
    public ModelConfig withWidth(double multiplier) {
        return new ModelConfig(channels, height, width, numClasses, multiplier, channelMultiple);
    }

    /**
     * @param multiple the new channel multiple (e.g. a board profile's {@code channel_multiple})
     * @return this configuration with another channel rounding
     */
    public ModelConfig withChannelMultiple(int multiple) {
        return new ModelConfig(channels, height, width, numClasses, widthMultiplier, multiple);
    }

    /**
     * @return {channels, height, width}
     */
    public int[] inputShape() {
        return new int[] {channels, height, width};
    }

    /**
     * Scales a reference channel count by the width multiplier, rounded to the nearest multiple of
     * {@link #channelMultiple()} (halves up) and never below it.
     *
     * @param reference the channel count at width 1.0
     * @return the scaled channel count
     */
    public int scale(int reference) {
        double scaled = scaled(reference);
        if (scaled > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "width multiplier "
                            + widthMultiplier
                            + " makes "
                            + String.format("%.3g", scaled)
                            + " channels of a layer that has "
                            + reference
                            + " at width 1.0; choose a smaller width");
        }
        return (int) scaled;
    }

    /**
     * {@link #scale} without the int range: the channel count a reference count scales to, as a
     * double, for sizing a network before building it ({@link ZooFootprint}).
     *
     * @param reference the channel count at width 1.0
     * @return the scaled channel count
     */
    double scaled(double reference) {
        return Math.max(
                channelMultiple,
                Math.floor(reference * widthMultiplier / channelMultiple + 0.5) * channelMultiple);
    }
}
