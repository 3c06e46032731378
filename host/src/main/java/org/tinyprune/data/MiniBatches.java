package org.tinyprune.data;

import java.util.SplittableRandom;
import org.tinyprune.train.BatchSource;

/**
 * Cuts an image set into mini-batches: each epoch in a seeded random order (training) or in order
 * (evaluation), augmenting and normalising every image into reused buffers. It is a cursor: after
 * {@link #next()} returns {@code true}, {@link #inputs()}, {@link #labels()} and {@link #size()}
 * describe the current batch until the next call. It is the {@link BatchSource} the training loop
 * reads.
 *
 * <p>Determinism: the order and the augmentation of epoch {@code e} depend only on the seed and
 * {@code e}, not on how many epochs ran before, so a resumed run sees exactly the batches an
 * uninterrupted one would.
 *
 * <p>Usage: {@code for (int e = 0; e < epochs; e++) { mb.startEpoch(e); while (mb.next()) {
 * use(mb.inputs(), mb.labels(), mb.size()); } }}.
 */
public final class MiniBatches implements BatchSource {

    private final ImageSet images;
    private final Normalization normalization;
    private final Augmentation augmentation;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropIncomplete;
    private final long seed;
    private final int[] order;
    private final byte[] raw;
    private final byte[] augmented;
    private final float[] inputs;
    private final int[] labels;
    private SplittableRandom random;
    private int position;
    private int size;

    private MiniBatches(
            ImageSet images,
            Normalization normalization,
            Augmentation augmentation,
            int batchSize,
            boolean shuffle,
            boolean dropIncomplete,
            long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be positive");
        }
        if (normalization.channels() != images.channels()) {
            throw new IllegalArgumentException(
                    "normalisation has "
                            + normalization.channels()
                            + " channels but the images have "
                            + images.channels());
        }
        this.images = images;
        this.normalization = normalization;
        this.augmentation = augmentation;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropIncomplete = dropIncomplete;
        this.seed = seed;
        this.order = new int[images.size()];
        this.raw = new byte[images.imageSize()];
        this.augmented = new byte[images.imageSize()];
        this.inputs = new float[batchSize * images.imageSize()];
        this.labels = new int[batchSize];
        startEpoch(0);
    }

    /**
     * Training batches: shuffled every epoch, augmented, and without a final incomplete batch (so
     * batch statistics never come from a handful of images).
     *
     * @param images the training images
     * @param normalization the normalisation
     * @param augmentation the augmentation
     * @param batchSize images per batch
     * @param seed seed of the order and the augmentation
     * @return the batches
     */
    public static MiniBatches training(
            ImageSet images,
            Normalization normalization,
            Augmentation augmentation,
            int batchSize,
            long seed) {
        return new MiniBatches(
                images,
                normalization,
                augmentation,
                batchSize,
                true,
                images.size() >= batchSize,
                seed);
    }

    /**
     * Evaluation batches: every image once, in order, not augmented.
     *
     * @param images the images
     * @param normalization the normalisation
     * @param batchSize images per batch (the last batch may be smaller)
     * @return the batches
     */
    public static MiniBatches evaluation(
            ImageSet images, Normalization normalization, int batchSize) {
        return new MiniBatches(
                images, normalization, Augmentation.NONE, batchSize, false, false, 0L);
    }

    /**
     * @return the number of batches {@link #next} yields per epoch
     */
    @Override
    public int batchesPerEpoch() {
        return dropIncomplete
                ? images.size() / batchSize
                : (images.size() + batchSize - 1) / batchSize;
    }

    /**
     * @return the images behind the batches
     */
    public ImageSet images() {
        return images;
    }

    /**
     * Starts an epoch: draws its order and its augmentation generator from the seed and the epoch
     * number.
     *
     * @param epoch the epoch number, from 0
     */
    @Override
    public void startEpoch(int epoch) {
        random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
        position = 0;
    }

    /**
     * Advances to the next batch of the current epoch, filling {@link #inputs()} and {@link
     * #labels()}.
     *
     * @return {@code false} when the epoch has no more batches (the buffers are left unchanged)
     */
    @Override
    public boolean next() {
        int remaining = order.length - position;
        if (remaining <= 0 || (dropIncomplete && remaining < batchSize)) {
            return false;
        }
        int n = Math.min(batchSize, remaining);
        int imageSize = images.imageSize();
        int plane = images.height() * images.width();
        for (int b = 0; b < n; b++) {
            int index = order[position + b];
            images.copyImage(index, raw, 0);
            byte[] source = raw;
            if (!augmentation.isIdentity()) {
                augmentation.apply(
                        raw,
                        0,
                        images.channels(),
                        images.height(),
                        images.width(),
                        augmented,
                        0,
                        random);
                source = augmented;
            }
            normalization.apply(source, 0, plane, inputs, b * imageSize);
            labels[b] = images.label(index);
        }
        position += n;
        size = n;
        return true;
    }

    /**
     * @return the current batch's inputs, NCHW; only {@link #size()} images are valid (live)
     */
    @Override
    public float[] inputs() {
        return inputs;
    }

    /**
     * @return the current batch's labels; only {@link #size()} are valid (live)
     */
    @Override
    public int[] labels() {
        return labels;
    }

    /**
     * @return images in the current batch
     */
    @Override
    public int size() {
        return size;
    }

    /**
     * @return the NCHW shape of the current batch
     */
    public int[] shape() {
        return new int[] {size, images.channels(), images.height(), images.width()};
    }
}
