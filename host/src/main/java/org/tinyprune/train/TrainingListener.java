package org.tinyprune.train;

/**
 * A cross-cutting part of training that plugs into the {@link Trainer}'s loop: progress display,
 * checkpoints, divergence detection, a pruning schedule. All methods have empty defaults. A
 * listener stops the run by throwing {@link TrainingDivergedException}.
 */
public interface TrainingListener {
    /** Before the first epoch of {@link Trainer#fit} (also when resuming). */
    default void onTrainingStart(Trainer trainer, int startEpoch, int epochs) {}

    /** Before the first batch of an epoch. */
    default void onEpochStart(Trainer trainer, int epoch) {}

    /** After a batch's optimizer step. */
    default void onBatchEnd(Trainer trainer, BatchResult result) throws TrainingDivergedException {}

    /** After an epoch (and its validation). */
    default void onEpochEnd(Trainer trainer, EpochResult result) throws TrainingDivergedException {}

    /** After the last epoch of a successful run. */
    default void onTrainingEnd(Trainer trainer) {}
}
