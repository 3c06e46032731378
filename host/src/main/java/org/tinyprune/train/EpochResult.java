package org.tinyprune.train;

/**
 * Summary of one epoch, as seen by {@link TrainingListener#onEpochEnd}.
 *
 * @param epoch epoch (from 0)
 * @param epochs total epochs of the run
 * @param steps global optimizer steps done so far
 * @param loss mean training loss over the epoch's batches
 * @param accuracy training top-1 accuracy (0..1) over the epoch
 * @param validationAccuracy validation accuracy (0..1), or NaN without a validation source
 * @param samples samples seen in the epoch
 * @param seconds wall time of the epoch's training steps
 */
public record EpochResult(
        int epoch,
        int epochs,
        long steps,
        double loss,
        double accuracy,
        double validationAccuracy,
        long samples,
        double seconds) {
    /** Training samples per second in this epoch. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : 0;
    }
}
