package org.tinyprune.train;

/**
 * Mini-batches for the {@link Trainer}, as a cursor over one epoch at a time. The data package's
 * mini-batch iterator is adapted to this in a few lines.
 *
 * <p>Determinism contract: the batches of epoch {@code e} must depend only on the source's seed and
 * {@code e} (not on earlier epochs), so a run resumed from a checkpoint sees exactly the data an
 * uninterrupted run would.
 */
public interface BatchSource {
    /** Number of batches {@link #next} yields per epoch. */
    int batchesPerEpoch();

    /** Starts epoch {@code epoch} (from 0). */
    void startEpoch(int epoch);

    /** Advances to the next batch; false when the epoch has no more. */
    boolean next();

    /** Inputs of the current batch, NCHW, {@link #size()} samples (the array may be longer). */
    float[] inputs();

    /** Class labels of the current batch, in [0, classes). */
    int[] labels();

    /** Samples in the current batch. */
    int size();
}
