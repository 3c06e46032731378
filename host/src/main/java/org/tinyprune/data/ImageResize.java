package org.tinyprune.data;

/**
 * Converts an image set to another input size and channel count, as a model trained elsewhere
 * expects its inputs: bilinear resampling with pixel centres aligned (PyTorch's {@code
 * interpolate(mode="bilinear", align_corners=False)} without antialiasing), rounded to the nearest
 * 8-bit value; one grey channel replicated to every channel, or every channel averaged to one grey
 * channel. Labels are kept.
 */
public final class ImageResize {
    /** How the conversion is named in a model's metadata and in reports. */
    public static final String METHOD =
            "bilinear (align_corners=False), grey replicated / channels averaged";

    private ImageResize() {}

    /**
     * The images of {@code src} at {@code channels × height × width}; {@code src} itself when it
     * already has that shape.
     *
     * @param src the images
     * @param channels target channels
     * @param height target height
     * @param width target width
     * @return the converted set
     * @throws IllegalArgumentException when the channel counts cannot be converted (neither equal,
     *     nor one of them 1)
     */
    public static ImageSet to(ImageSet src, int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "input size " + channels + "x" + height + "x" + width + " must be positive");
        }
        int c0 = src.channels();
        if (c0 != channels && c0 != 1 && channels != 1) {
            throw new IllegalArgumentException(
                    "cannot convert "
                            + c0
                            + "-channel images to "
                            + channels
                            + " channels (only grey to any, any to grey, or equal counts)");
        }
        if (c0 == channels && src.height() == height && src.width() == width) {
            return src;
        }
        int h0 = src.height();
        int w0 = src.width();
        int plane0 = h0 * w0;
        int plane = height * width;
        int n = src.size();
        byte[] in = new byte[src.imageSize()];
        byte[] out = new byte[n * channels * plane];
        float[] resized = new float[c0 * plane];
        int[] labels = new int[n];
        float sy = (float) h0 / height;
        float sx = (float) w0 / width;
        for (int i = 0; i < n; i++) {
            src.copyImage(i, in, 0);
            labels[i] = src.label(i);
            for (int c = 0; c < c0; c++) {
                for (int y = 0; y < height; y++) {
                    float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
                    int y0 = Math.min((int) fy, h0 - 1);
                    int y1 = Math.min(y0 + 1, h0 - 1);
                    float ty = fy - y0;
                    for (int x = 0; x < width; x++) {
                        float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                        int x0 = Math.min((int) fx, w0 - 1);
                        int x1 = Math.min(x0 + 1, w0 - 1);
                        float tx = fx - x0;
                        int base = c * plane0;
                        float top =
                                (in[base + y0 * w0 + x0] & 0xFF) * (1 - tx)
                                        + (in[base + y0 * w0 + x1] & 0xFF) * tx;
                        float bottom =
                                (in[base + y1 * w0 + x0] & 0xFF) * (1 - tx)
                                        + (in[base + y1 * w0 + x1] & 0xFF) * tx;
                        resized[c * plane + y * width + x] = top * (1 - ty) + bottom * ty;
                    }
                }
            }
            int at = i * channels * plane;
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    float v;
                    if (c0 == channels) {
                        v = resized[c * plane + p];
                    } else if (c0 == 1) {
                        v = resized[p];
                    } else {
                        float s = 0;
                        for (int k = 0; k < c0; k++) {
                            s += resized[k * plane + p];
                        }
                        v = s / c0;
                    }
                    out[at + c * plane + p] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                }
            }
        }
        return new ImageSet(channels, height, width, src.numClasses(), out, labels);
    }

    /**
     * A dataset with its training and test images converted by {@link #to}.
     *
     * @param d the dataset
     * @param shape the target {@code [C, H, W]}
     * @return the converted dataset (the same one when it already has that shape)
     */
    public static Dataset to(Dataset d, int[] shape) {
        if (java.util.Arrays.equals(d.inputShape(), shape)) {
            return d;
        }
        return new Dataset(
                d.name(),
                d.source() + " converted to " + shape[0] + "x" + shape[1] + "x" + shape[2],
                d.classNames(),
                to(d.train(), shape[0], shape[1], shape[2]),
                to(d.test(), shape[0], shape[1], shape[2]),
                d.defaultAugmentation());
    }
}
