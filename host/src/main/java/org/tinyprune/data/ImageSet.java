package org.tinyprune.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Labelled images held compactly in memory: unsigned 8-bit pixels, one image after the other, each
 * in channel-major (CHW) order, with one class label per image.
 *
 * <p>An image set is immutable in practice: the arrays are owned by it and never handed out for
 * writing. Pixels are read one image at a time with {@link #copyImage(int, byte[], int)} or {@link
 * #pixel(int, int)}.
 */
public final class ImageSet {

    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;
    private final byte[] pixels;
    private final int[] labels;

    /**
     * Creates an image set, taking ownership of the arrays.
     *
     * @param channels channels per image (1 for grey, 3 for RGB)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param numClasses number of classes; every label lies in {@code [0, numClasses)}
     * @param pixels {@code labels.length * channels * height * width} unsigned bytes, CHW per image
     * @param labels one class index per image
     * @throws IllegalArgumentException if sizes disagree or a label is out of range
     */
    public ImageSet(
            int channels, int height, int width, int numClasses, byte[] pixels, int[] labels) {
        if (channels <= 0 || height <= 0 || width <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException(
                    "image shape "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width
                            + " with "
                            + numClasses
                            + " classes: every size must be positive");
        }
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    "pixel array holds "
                            + pixels.length
                            + " bytes but "
                            + labels.length
                            + " images of "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width
                            + " need "
                            + expected);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        "label "
                                + labels[i]
                                + " of image "
                                + i
                                + " is outside [0, "
                                + numClasses
                                + ")");
            }
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * @return number of images
     */
    public int size() {
        return labels.length;
    }

    /**
     * @return channels per image
     */
    public int channels() {
        return channels;
    }

    /**
     * @return image height in pixels
     */
    public int height() {
        return height;
    }

    /**
     * @return image width in pixels
     */
    public int width() {
        return width;
    }

    /**
     * @return number of classes
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * @return values per image, {@code channels * height * width}
     */
    public int imageSize() {
        return channels * height * width;
    }

    /**
     * @param index image index
     * @return the class label of that image
     */
    public int label(int index) {
        return labels[index];
    }

    /**
     * @param index image index
     * @param offset offset within the image, in CHW order
     * @return the pixel value, 0..255
     */
    public int pixel(int index, int offset) {
        return pixels[index * imageSize() + offset] & 0xFF;
    }

    /**
     * Copies one image's raw pixels.
     *
     * @param index image index
     * @param dst destination array
     * @param dstOffset where in {@code dst} to write {@link #imageSize()} bytes
     */
    public void copyImage(int index, byte[] dst, int dstOffset) {
        System.arraycopy(pixels, index * imageSize(), dst, dstOffset, imageSize());
    }

    /**
     * @return how many images each class has, indexed by class
     */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Copies the chosen images, in the given order, into a new image set.
     *
     * @param indices image indices (may repeat)
     * @return the new image set
     */
    public ImageSet subset(int[] indices) {
        int n = imageSize();
        byte[] px = new byte[indices.length * n];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * n, px, i * n, n);
            lb[i] = labels[indices[i]];
        }
        return new ImageSet(channels, height, width, numClasses, px, lb);
    }

    /**
     * A content fingerprint for provenance: CRC-32 over the pixels, then over the labels as single
     * bytes (every dataset here has fewer than 256 classes; larger labels contribute their low
     * byte).
     *
     * @return the CRC-32 as 8 lower-case hex digits
     */
    public String fingerprint() {
        CRC32 crc = new CRC32();
        crc.update(pixels);
        byte[] lb = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            lb[i] = (byte) labels[i];
        }
        crc.update(lb);
        return String.format("%08x", crc.getValue());
    }

    @Override
    public String toString() {
        return size()
                + " images "
                + channels
                + "x"
                + height
                + "x"
                + width
                + ", "
                + numClasses
                + " classes "
                + Arrays.toString(classCounts());
    }
}
