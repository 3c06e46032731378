package org.tinyprune.train;

/**
 * What one training step did, as seen by {@link TrainingListener#onBatchEnd}.
 *
 * @param epoch epoch (from 0)
 * @param batch batch index within the epoch (from 0)
 * @param batches batches per epoch
 * @param step global optimizer step (from 0) of this batch
 * @param loss mean loss of the batch
 * @param correct correct top-1 predictions in the batch
 * @param size samples in the batch
 * @param lr learning rate used
 */
public record BatchResult(
        int epoch,
        int batch,
        int batches,
        long step,
        double loss,
        int correct,
        int size,
        float lr) {}
