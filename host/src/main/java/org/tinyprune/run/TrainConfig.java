package org.tinyprune.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinyprune.zoo.Zoo;

/**
 * Everything that determines a training run; recorded in every artefact's provenance.
 *
 * @param dataset dataset name (see {@code Datasets})
 * @param dataDir directory to read it from, or null for the dataset's default location
 * @param model zoo architecture name
 * @param width width multiplier of the architecture
 * @param epochs total epochs
 * @param batchSize mini-batch size
 * @param learningRate peak learning rate (SGD with Nesterov momentum 0.9)
 * @param weightDecay weight decay
 * @param labelSmoothing label smoothing of the cross-entropy
 * @param validation fraction of the training set held out for validation
 * @param seed seed of initialisation, split, order and augmentation
 * @param trainLimit use only this many training images (a seeded choice; 0: all), for quick runs
 * @param testLimit evaluate on only the first this many test images (0: all)
 * @param imported a user's ONNX model to start from instead of the zoo architecture, or null
 * @param distill knowledge distillation from a teacher, or null for labels only
 */
public record TrainConfig(
        String dataset,
        Path dataDir,
        String model,
        double width,
        int epochs,
        int batchSize,
        float learningRate,
        float weightDecay,
        float labelSmoothing,
        double validation,
        long seed,
        int trainLimit,
        int testLimit,
        ModelImport imported,
        DistillConfig distill) {
    /** The default peak learning rate of a zoo model trained from its random initialisation. */
    public static final float SCRATCH_RATE = 0.05f;

    /**
     * The default peak learning rate of an imported model, whose weights are already trained: a
     * tenth of {@link #SCRATCH_RATE}, the usual step down for fine-tuning, so the first updates
     * (and the pruning that starts with them) do not throw away what the weights have learnt.
     */
    public static final float FINE_TUNE_RATE = 0.005f;

    /** A configuration that trains the zoo architecture {@code model} (no imported model). */
    public TrainConfig(
            String dataset,
            Path dataDir,
            String model,
            double width,
            int epochs,
            int batchSize,
            float learningRate,
            float weightDecay,
            float labelSmoothing,
            double validation,
            long seed,
            int trainLimit,
            int testLimit) {
        this(
                dataset,
                dataDir,
                model,
                width,
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                labelSmoothing,
                validation,
                seed,
                trainLimit,
                testLimit,
                null,
                null);
    }

    /** A configuration without distillation. */
    public TrainConfig(
            String dataset,
            Path dataDir,
            String model,
            double width,
            int epochs,
            int batchSize,
            float learningRate,
            float weightDecay,
            float labelSmoothing,
            double validation,
            long seed,
            int trainLimit,
            int testLimit,
            ModelImport imported) {
        this(
                dataset,
                dataDir,
                model,
                width,
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                labelSmoothing,
                validation,
                seed,
                trainLimit,
                testLimit,
                imported,
                null);
    }

    /**
     * This configuration starting from the trained float ONNX model {@code start} (width 1: its own
     * widths).
     */
    public TrainConfig withStart(ModelImport start) {
        return new TrainConfig(
                dataset,
                dataDir,
                model,
                1.0,
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                labelSmoothing,
                validation,
                seed,
                trainLimit,
                testLimit,
                start,
                distill);
    }

    /** This configuration with {@code d} as its distillation (null: none). */
    public TrainConfig withDistill(DistillConfig d) {
        return new TrainConfig(
                dataset,
                dataDir,
                model,
                width,
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                labelSmoothing,
                validation,
                seed,
                trainLimit,
                testLimit,
                imported,
                d);
    }

    /** This configuration with {@code n} epochs and peak learning rate {@code rate}. */
    public TrainConfig withSchedule(int n, float rate) {
        return new TrainConfig(
                dataset,
                dataDir,
                model,
                width,
                n,
                batchSize,
                rate,
                weightDecay,
                labelSmoothing,
                validation,
                seed,
                trainLimit,
                testLimit,
                imported,
                distill);
    }

    /** This configuration with seed {@code s}. */
    public TrainConfig withSeed(long s) {
        return new TrainConfig(
                dataset,
                dataDir,
                model,
                width,
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                labelSmoothing,
                validation,
                s,
                trainLimit,
                testLimit,
                imported,
                distill);
    }

    /** Checks ranges; messages name the option to fix. */
    public TrainConfig {
        if (imported == null && !Zoo.names().contains(model)) {
            throw new IllegalArgumentException(
                    "--model '"
                            + model
                            + "' is not a zoo architecture ("
                            + Zoo.names()
                            + ")"
                            + (model.endsWith(".onnx")
                                    ? "; to start from your own ONNX model use --onnx " + model
                                    : ""));
        }
        if (imported != null && width != 1.0) {
            throw new IllegalArgumentException(
                    "--width scales zoo architectures only; an --onnx model keeps its "
                            + "widths until pruning (drop --width)");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    "--lr must be a finite number > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0 && Float.isFinite(weightDecay))) {
            throw new IllegalArgumentException(
                    "--weight-decay must be finite and >= 0, got " + weightDecay);
        }
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("--width must be a finite number > 0, got " + width);
        }
        if (trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException(
                    "--train-limit and --test-limit must be >= 0 (0: all)");
        }
        if (distill != null && distill.teacher() == null && imported == null) {
            throw new IllegalArgumentException(
                    "--distill needs a teacher: give --teacher MODEL.onnx, or start from a "
                            + "trained model with --onnx (it becomes the teacher)");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException(
                    "--label-smoothing must be in [0, 1), got "
                            + labelSmoothing
                            + " (0: none; 0.1 is usual)");
        }
        if (!(validation >= 0 && validation < 1)) {
            throw new IllegalArgumentException("--validation must be in [0, 1), got " + validation);
        }
    }

    /** The configuration as ordered key/values, for provenance and reports. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("data_dir", dataDir == null ? "default" : dataDir.toString());
        m.put("model", imported == null ? model : "onnx");
        if (imported != null) {
            m.putAll(imported.asMap());
        }
        m.put("width", width);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate);
        m.put("weight_decay", weightDecay);
        m.put("label_smoothing", labelSmoothing);
        m.put("validation_fraction", validation);
        m.put("seed", seed);
        m.put("train_limit", trainLimit);
        m.put("test_limit", testLimit);
        if (distill != null) {
            m.putAll(distill.asMap());
        }
        return m;
    }
}
