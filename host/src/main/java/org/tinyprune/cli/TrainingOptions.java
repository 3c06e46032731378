package org.tinyprune.cli;

import java.nio.file.Path;
import org.tinyprune.data.Datasets;
import org.tinyprune.run.DistillConfig;
import org.tinyprune.run.ModelImport;
import org.tinyprune.run.TrainConfig;
import org.tinyprune.zoo.Zoo;
import picocli.CommandLine.Option;

/** Options shared by every command that trains (a picocli mixin). */
public final class TrainingOptions {
    @Option(
            names = "--dataset",
            defaultValue = Datasets.DEFAULT,
            description =
                    "Dataset name: fashion-mnist, mnist, idx, cifar10, image-folder, wav-folder (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--data",
            description = "Directory to read the dataset from (default: its standard location).")
    Path data;

    @Option(
            names = "--model",
            description =
                    "Zoo architecture: vgg-small, mobilenetv2-small, ds-cnn, resnet8 (default: "
                            + Zoo.DEFAULT
                            + "; not with --onnx).")
    String model;

    @Option(
            names = "--onnx",
            paramLabel = "MODEL",
            description =
                    "Start from your own float ONNX CNN (e.g. exported from PyTorch) with its trained weights "
                            + "instead of a zoo architecture (--model and --width do not apply).")
    Path onnx;

    @Option(
            names = "--mean",
            split = ",",
            paramLabel = "M",
            description =
                    "With --onnx: per-channel input mean (pixel/255) the model was trained with; default: what "
                            + "the model records, else 0.")
    float[] mean;

    @Option(
            names = "--std",
            split = ",",
            paramLabel = "S",
            description =
                    "With --onnx: per-channel input std (pixel/255); default: what the model records, else 1.")
    float[] std;

    @Option(
            names = "--input-size",
            paramLabel = "HxW",
            description =
                    "With --onnx: convert the dataset's images to this size (bilinear) to fit the model's input.")
    String inputSize;

    @Option(
            names = "--input-channels",
            paramLabel = "C",
            description =
                    "With --onnx: convert the dataset's images to C channels (grey replicated, or averaged).")
    int inputChannels;

    @Option(
            names = "--distill",
            description =
                    "Knowledge distillation: train against a teacher's soft outputs as well as the labels; the "
                            + "teacher is --teacher, else the --onnx model the run starts from.")
    boolean distill;

    @Option(
            names = "--teacher",
            paramLabel = "MODEL",
            description =
                    "With --distill: the teacher, a trained float ONNX model of the same data and input scaling "
                            + "(e.g. a train run's model.onnx).")
    Path teacher;

    @Option(
            names = "--distill-alpha",
            defaultValue = "" + DistillConfig.ALPHA,
            description =
                    "With --distill: weight of the teacher's term, 0..1 (default: ${DEFAULT-VALUE}).")
    float distillAlpha;

    @Option(
            names = "--distill-temperature",
            defaultValue = "" + DistillConfig.TEMPERATURE,
            description = "With --distill: softening temperature (default: ${DEFAULT-VALUE}).")
    float distillTemperature;

    @Option(
            names = "--width",
            defaultValue = "1.0",
            description = "Width multiplier of the architecture.")
    double width;

    @Option(
            names = "--epochs",
            defaultValue = "15",
            description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch-size",
            defaultValue = "64",
            description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--lr",
            description =
                    "Peak learning rate, SGD Nesterov (default: "
                            + TrainConfig.SCRATCH_RATE
                            + " for a zoo model trained from scratch, "
                            + TrainConfig.FINE_TUNE_RATE
                            + " with --onnx, which fine-tunes "
                            + "trained weights).")
    Float lr;

    @Option(
            names = "--weight-decay",
            defaultValue = "5e-4",
            description = "Weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(
            names = "--label-smoothing",
            defaultValue = "0.1",
            description = "Label smoothing (default: ${DEFAULT-VALUE}).")
    float labelSmoothing;

    @Option(
            names = "--validation",
            defaultValue = "0.1",
            description =
                    "Fraction of training data held out for validation (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--train-limit",
            defaultValue = "0",
            description = "Train on only this many images (seeded choice; 0: all), for quick runs.")
    int trainLimit;

    @Option(
            names = "--test-limit",
            defaultValue = "0",
            description = "Evaluate on only this many test images (0: all), for quick runs.")
    int testLimit;

    @Option(names = "--out", description = "Run directory for artefacts and reports (required).")
    Path out;

    @Option(names = "--resume", description = "Continue from the run directory's checkpoint.")
    boolean resume;

    /** The run directory; a usage failure when none was given. */
    Path out() {
        if (out == null) {
            throw new CommandFailure(
                    ExitCodes.USAGE,
                    "--out DIR is required: the run directory for artefacts",
                    null);
        }
        return out;
    }

    /**
     * The validated configuration; bad values become a usage failure naming the option. Every
     * option is checked here, before any file (dataset or model) is read, so a typo fails at once.
     */
    TrainConfig config() {
        return config(true);
    }

    /**
     * The validated configuration without its distillation, for a command that applies {@link
     * #distillConfig()} itself ({@code bench pareto} distils each method from its seed's base).
     */
    TrainConfig configWithoutDistill() {
        return config(false);
    }

    /**
     * The {@code --distill} options, or null without {@code --distill}; a usage failure naming a
     * bad option.
     */
    DistillConfig distillConfig() {
        try {
            if (!distill && teacher != null) {
                throw new IllegalArgumentException(
                        "--teacher names the teacher of --distill; add --distill");
            }
            return distill ? new DistillConfig(teacher, distillAlpha, distillTemperature) : null;
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    private TrainConfig config(boolean withDistill) {
        DistillConfig d = distillConfig();
        try {
            if (onnx == null
                    && (mean != null || std != null || inputSize != null || inputChannels != 0)) {
                throw new IllegalArgumentException(
                        "--mean, --std, --input-size and --input-channels describe an --onnx "
                                + "model's input; zoo models take the dataset's images, normalised with the training set's "
                                + "statistics");
            }
            if (onnx != null && model != null) {
                throw new IllegalArgumentException(
                        "--model "
                                + model
                                + " names a zoo architecture, but --onnx "
                                + onnx
                                + " starts from your own model; give one of them");
            }
            checkRanges();
            float rate =
                    lr != null
                            ? lr
                            : onnx != null ? TrainConfig.FINE_TUNE_RATE : TrainConfig.SCRATCH_RATE;
            return new TrainConfig(
                    dataset,
                    data,
                    model == null ? Zoo.DEFAULT : model,
                    width,
                    epochs,
                    batchSize,
                    rate,
                    weightDecay,
                    labelSmoothing,
                    validation,
                    seed,
                    trainLimit,
                    testLimit,
                    onnx == null
                            ? null
                            : new ModelImport(
                                    onnx,
                                    mean,
                                    std,
                                    ModelImport.parseSize(inputSize),
                                    inputChannels),
                    withDistill ? d : null);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    /**
     * What {@link TrainConfig} does not check itself: the dataset's name and the input scaling
     * options.
     */
    private void checkRanges() {
        if (!Datasets.names().contains(dataset)) {
            throw new IllegalArgumentException(
                    "--dataset '"
                            + dataset
                            + "' is unknown; choose one of "
                            + String.join(", ", Datasets.names()));
        }
        checkScaling("--mean", mean, false);
        checkScaling("--std", std, true);
    }

    /**
     * Checks per-channel input scaling values ({@code --mean}, {@code --std}) before anything is
     * loaded.
     *
     * @throws IllegalArgumentException naming the option
     */
    static void checkScaling(String option, float[] values, boolean positive) {
        if (values == null) {
            return;
        }
        for (float v : values) {
            if (!Float.isFinite(v) || (positive && !(v > 0))) {
                throw new IllegalArgumentException(
                        option
                                + " values must be finite"
                                + (positive ? " and > 0" : "")
                                + " (per channel, pixel/255 units), got "
                                + v);
            }
        }
    }
}
