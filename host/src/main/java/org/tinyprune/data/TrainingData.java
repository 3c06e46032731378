package org.tinyprune.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset made ready for training: the training images minus a held-out validation split, the
 * test images, the normalisation computed from the training part only, and the augmentation to
 * apply. Its methods hand out the three {@link MiniBatches} streams a training run needs.
 *
 * @param dataset the loaded dataset
 * @param train the training images left after the validation split
 * @param validation the held-out images (may be empty)
 * @param normalization per-channel statistics of {@code train}
 * @param augmentation the training augmentation
 * @param splitSeed the seed that chose the validation images
 */
public record TrainingData(
        Dataset dataset,
        ImageSet train,
        ImageSet validation,
        Normalization normalization,
        Augmentation augmentation,
        long splitSeed) {

    /**
     * Checks for nulls.
     *
     * @param dataset the loaded dataset
     * @param train the training images left after the split
     * @param validation the held-out images
     * @param normalization statistics of {@code train}
     * @param augmentation the training augmentation
     * @param splitSeed the seed of the split
     */
    public TrainingData {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(augmentation, "augmentation");
    }

    /**
     * Splits off a stratified validation set, computes the normalisation from what is left, and
     * keeps the dataset's default augmentation.
     *
     * @param dataset the loaded dataset
     * @param validationFraction share of each class to hold out, in [0, 1) (0: no validation)
     * @param seed seed of the split
     * @return the prepared data
     */
    public static TrainingData prepare(Dataset dataset, double validationFraction, long seed) {
        ValidationSplit split =
                ValidationSplit.stratified(dataset.train(), validationFraction, seed);
        return new TrainingData(
                dataset,
                split.train(),
                split.validation(),
                Normalization.fromTrainingSet(split.train()),
                dataset.defaultAugmentation(),
                seed);
    }

    /**
     * @param replacement the augmentation to use instead
     * @return this data with another augmentation (e.g. {@link Augmentation#NONE})
     */
    public TrainingData withAugmentation(Augmentation replacement) {
        return new TrainingData(dataset, train, validation, normalization, replacement, splitSeed);
    }

    /**
     * @param batchSize images per batch
     * @param seed seed of the order and the augmentation
     * @return shuffled, augmented training batches
     */
    public MiniBatches trainingBatches(int batchSize, long seed) {
        return MiniBatches.training(train, normalization, augmentation, batchSize, seed);
    }

    /**
     * @param batchSize images per batch
     * @return the validation images in order, not augmented
     */
    public MiniBatches validationBatches(int batchSize) {
        return MiniBatches.evaluation(validation, normalization, batchSize);
    }

    /**
     * Where the data came from and how it was prepared, for provenance records (report.json, ONNX
     * metadata, checkpoints): enough to rebuild exactly these batches.
     *
     * @return ordered key/value pairs with lower_snake_case keys
     */
    public Map<String, String> provenance() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dataset", dataset.name());
        m.put("dataset_identity", dataset.identity());
        m.put("input_shape", Arrays.toString(dataset.inputShape()));
        m.put("classes", String.join(",", dataset.classNames()));
        m.put("train_images", Integer.toString(train.size()));
        m.put("validation_images", Integer.toString(validation.size()));
        m.put("test_images", Integer.toString(dataset.test().size()));
        m.put("validation_split_seed", Long.toString(splitSeed));
        m.put("normalization_mean", Arrays.toString(normalization.mean()));
        m.put("normalization_std", Arrays.toString(normalization.std()));
        m.put("augmentation_crop_padding", Integer.toString(augmentation.cropPadding()));
        m.put("augmentation_horizontal_flip", Boolean.toString(augmentation.horizontalFlip()));
        return m;
    }

    /**
     * @param batchSize images per batch
     * @return the test images in order, not augmented
     */
    public MiniBatches testBatches(int batchSize) {
        return MiniBatches.evaluation(dataset.test(), normalization, batchSize);
    }
}
