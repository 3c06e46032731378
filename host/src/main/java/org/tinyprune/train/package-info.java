/**
 * Training: the loss ({@link org.tinyprune.train.SoftmaxCrossEntropy}), optimizers ({@link
 * org.tinyprune.train.Sgd}, {@link org.tinyprune.train.AdamW}), learning-rate schedules with
 * warm-up, the mini-batch {@link org.tinyprune.train.Trainer} fed by a {@link
 * org.tinyprune.train.BatchSource}, {@link org.tinyprune.train.TrainingListener}s for the
 * cross-cutting parts (progress, checkpoints, divergence), resumable {@link
 * org.tinyprune.train.Checkpoint}s and {@link org.tinyprune.train.Evaluation}.
 *
 * <p>The one checked exception of this package is {@link
 * org.tinyprune.train.TrainingDivergedException}.
 */
package org.tinyprune.train;
