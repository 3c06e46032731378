/**
 * Datasets: loading labelled images from disk, holding them compactly in memory, and feeding them
 * to training as seeded mini-batches.
 *
 * <p>Life cycle: {@link org.tinyprune.data.Datasets#load(String, java.nio.file.Path)} finds a
 * loader by dataset name ({@code fashion-mnist}, {@code mnist}, {@code idx}, {@code cifar10},
 * {@code image-folder}, {@code wav-folder}) and returns a {@link org.tinyprune.data.Dataset} with a
 * training and a test {@link org.tinyprune.data.ImageSet} (unsigned 8-bit pixels, CHW per image). A
 * {@link org.tinyprune.data.ValidationSplit} holds a seeded, stratified part of the training set
 * out; a {@link org.tinyprune.data.Normalization} (per-channel mean and standard deviation,
 * computed from the training set) and an {@link org.tinyprune.data.Augmentation} (random crop with
 * padding, horizontal flip) are applied while {@link org.tinyprune.data.MiniBatches} converts
 * pixels to float NCHW batches in reused buffers. {@link org.tinyprune.data.TrainingData#prepare}
 * does all of that in one call and hands out the training, validation and test batch streams.
 *
 * <p>Every problem with files on disk (missing, wrong magic number, truncated, count mismatch,
 * wrong dimensions) is reported as a {@link org.tinyprune.data.DatasetException} whose message
 * names the file, what is wrong and how to fix it.
 */
package org.tinyprune.data;
