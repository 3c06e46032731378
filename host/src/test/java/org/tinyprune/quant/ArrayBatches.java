package org.tinyprune.quant;

import org.tinyprune.train.BatchSource;

/** Test support: fixed batches over arrays, in order, every epoch the same. */
final class ArrayBatches implements BatchSource {

    private final float[] inputs;
    private final int[] labels;
    private final int sampleSize;
    private final int batch;
    private final int count;
    private int next;
    private int size;
    private final float[] bufIn;
    private final int[] bufLabels;

    ArrayBatches(float[] inputs, int[] labels, int sampleSize, int batch) {
        this.inputs = inputs;
        this.labels = labels;
        this.sampleSize = sampleSize;
        this.batch = batch;
        this.count = labels.length;
        this.bufIn = new float[batch * sampleSize];
        this.bufLabels = new int[batch];
    }

    @Override
    public int batchesPerEpoch() {
        return (count + batch - 1) / batch;
    }

    @Override
    public void startEpoch(int epoch) {
        next = 0;
    }

    @Override
    public boolean next() {
        if (next >= count) {
            return false;
        }
        size = Math.min(batch, count - next);
        System.arraycopy(inputs, next * sampleSize, bufIn, 0, size * sampleSize);
        System.arraycopy(labels, next, bufLabels, 0, size);
        next += size;
        return true;
    }

    @Override
    public float[] inputs() {
        return bufIn;
    }

    @Override
    public int[] labels() {
        return bufLabels;
    }

    @Override
    public int size() {
        return size;
    }
}
