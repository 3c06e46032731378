package org.tinyprune.data;

import java.util.Arrays;

/**
 * Per-channel normalisation of 8-bit pixels: {@code value = (pixel / 255 - mean[c]) / std[c]}. The
 * mean and standard deviation are in units of {@code pixel / 255}, the convention of most published
 * figures (e.g. Fashion-MNIST mean 0.2860, std 0.3530).
 *
 * <p>Every channel has a 256-entry lookup table, so converting a pixel costs one array read. The
 * statistics travel with the trained model (they are part of its input definition and of the int8
 * input quantisation).
 */
public final class Normalization {

    private final float[] mean;
    private final float[] std;
    private final float[][] table;

    /**
     * Creates a normalisation from given statistics.
     *
     * @param mean per-channel mean, in units of pixel / 255
     * @param std per-channel standard deviation, in units of pixel / 255, each positive
     * @throws IllegalArgumentException if the lengths differ or a std is not positive and finite
     */
    public Normalization(float[] mean, float[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException(
                    "normalisation needs one mean and one std per"
                            + " channel, got "
                            + mean.length
                            + " means and "
                            + std.length
                            + " stds");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || Float.isInfinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException(
                        "channel "
                                + c
                                + " has mean "
                                + mean[c]
                                + " and std "
                                + std[c]
                                + "; the std must be positive and finite"
                                + " (a constant channel cannot be normalised)");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int p = 0; p < 256; p++) {
                table[c][p] = (float) ((p / 255.0 - mean[c]) / std[c]);
            }
        }
    }

    /**
     * Computes each channel's mean and (population) standard deviation over a whole image set.
     *
     * @param images the training images
     * @return the normalisation
     * @throws IllegalArgumentException if a channel is constant
     */
    public static Normalization fromTrainingSet(ImageSet images) {
        int channels = images.channels();
        int plane = images.height() * images.width();
        long[][] histogram = new long[channels][256];
        for (int i = 0; i < images.size(); i++) {
            for (int c = 0; c < channels; c++) {
                long[] h = histogram[c];
                int base = c * plane;
                for (int k = 0; k < plane; k++) {
                    h[images.pixel(i, base + k)]++;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double n = 0;
            double sum = 0;
            for (int p = 0; p < 256; p++) {
                n += histogram[c][p];
                sum += histogram[c][p] * (p / 255.0);
            }
            double m = sum / n;
            double var = 0;
            for (int p = 0; p < 256; p++) {
                double d = p / 255.0 - m;
                var += histogram[c][p] * d * d;
            }
            mean[c] = (float) m;
            std[c] = (float) Math.sqrt(var / n);
        }
        return new Normalization(mean, std);
    }

    /**
     * Scaling to [0, 1] without centring: mean 0, std 1 on every channel.
     *
     * @param channels number of channels
     * @return the normalisation
     */
    public static Normalization unit(int channels) {
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new Normalization(new float[channels], ones);
    }

    /**
     * @return number of channels
     */
    public int channels() {
        return mean.length;
    }

    /**
     * @return per-channel means (a copy), in units of pixel / 255
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * @return per-channel standard deviations (a copy), in units of pixel / 255
     */
    public float[] std() {
        return std.clone();
    }

    /**
     * Normalises one pixel.
     *
     * @param channel its channel
     * @param pixel its value, 0..255
     * @return the normalised value
     */
    public float apply(int channel, int pixel) {
        return table[channel][pixel];
    }

    /**
     * Normalises one CHW image.
     *
     * @param src pixels
     * @param srcOffset where the image starts in {@code src}
     * @param plane pixels per channel ({@code height * width})
     * @param dst destination
     * @param dstOffset where to write {@code channels() * plane} values
     */
    public void apply(byte[] src, int srcOffset, int plane, float[] dst, int dstOffset) {
        for (int c = 0; c < mean.length; c++) {
            float[] t = table[c];
            int s = srcOffset + c * plane;
            int d = dstOffset + c * plane;
            for (int k = 0; k < plane; k++) {
                dst[d + k] = t[src[s + k] & 0xFF];
            }
        }
    }

    @Override
    public String toString() {
        return "mean " + Arrays.toString(mean) + " std " + Arrays.toString(std);
    }
}
