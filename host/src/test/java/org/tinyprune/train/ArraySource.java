package org.tinyprune.train;

import java.util.SplittableRandom;

/**
 * An in-memory {@link BatchSource} for tests: a toy two-class problem of 1×6×6 images whose class
 * is which half (left or right) is brighter, plus noise; shuffled per epoch from (seed, epoch).
 */
final class ArraySource implements BatchSource {
    static final int SIZE = 36;
    private final float[] images;
    private final int[] classes;
    private final int batch;
    private final long seed;
    private final int[] order;
    private final float[] x;
    private final int[] y;
    private int position;
    private int size;

    ArraySource(int samples, int batch, long seed) {
        this.batch = batch;
        this.seed = seed;
        images = new float[samples * SIZE];
        classes = new int[samples];
        order = new int[samples];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int s = 0; s < samples; s++) {
            classes[s] = rng.nextInt(2);
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    boolean bright = (j < 3) == (classes[s] == 0);
                    images[s * SIZE + i * 6 + j] =
                            (bright ? 0.6f : -0.6f) + (float) rng.nextGaussian() * 0.5f;
                }
            }
        }
        x = new float[batch * SIZE];
        y = new int[batch];
    }

    @Override
    public int batchesPerEpoch() {
        return order.length / batch;
    }

    @Override
    public void startEpoch(int epoch) {
        SplittableRandom rng = new SplittableRandom(seed * 31 + epoch);
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        position = 0;
    }

    @Override
    public boolean next() {
        if (position + batch > order.length) {
            return false;
        }
        for (int b = 0; b < batch; b++) {
            int s = order[position + b];
            System.arraycopy(images, s * SIZE, x, b * SIZE, SIZE);
            y[b] = classes[s];
        }
        position += batch;
        size = batch;
        return true;
    }

    @Override
    public float[] inputs() {
        return x;
    }

    @Override
    public int[] labels() {
        return y;
    }

    @Override
    public int size() {
        return size;
    }
}
