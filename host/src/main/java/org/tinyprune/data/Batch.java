package org.tinyprune.data;

/**
 * One mini-batch in reused buffers: {@code size} images as float NCHW values and their labels.
 * The arrays are sized for the largest batch and overwritten by the next fill; only the first
 * {@code size} images (and {@code size * imageSize} values) are valid.
 */
public final class Batch {

    private final int capacity;
    private final int channels;
    private final int height;
    private final int width;
    private final float[] inputs;
    private final int[] labels;
    private int size;

    /**
     * Allocates the buffers.
     *
     * @param capacity largest number of images
     * @param channels channels per image
     * @param height image height
     * @param width image width
     */
    public Batch(int capacity, int channels, int height, int width) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("batch size " + capacity + " must be positive");
        }
        this.capacity = capacity;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.inputs = new float[capacity * channels * height * width];
        this.labels = new int[capacity];
    }

    /** @return the number of valid images */
    public int size() {
        return size;
    }

    /** @return the largest number of images the buffers hold */
    public int capacity() {
        return capacity;
    }

    /** @return the NCHW shape of the valid part, {size, channels, height, width} */
    public int[] shape() {
        return new int[] {size, channels, height, width};
    }

    /** @return the input buffer (live, not a copy), NCHW */
    public float[] inputs() {
        return inputs;
    }

    /** @return the label buffer (live, not a copy) */
    public int[] labels() {
        return labels;
    }

    void setSize(int size) {
        this.size = size;
    }
}
