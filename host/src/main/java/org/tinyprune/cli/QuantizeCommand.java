package org.tinyprune.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyprune.data.DatasetException;
import org.tinyprune.data.Datasets;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.run.ModelImport;
import org.tinyprune.run.QuantizeConfig;
import org.tinyprune.run.QuantizeJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tinyprune quantize --onnx float.onnx --dataset D [--data DIR] --out DIR}: post-training
 * int8 quantisation of a float ONNX CNN (a user's export or tinyprune's own {@code model.onnx}).
 */
@Command(
        name = "quantize",
        mixinStandardHelpOptions = true,
        description =
                "Post-training int8 quantisation of a float ONNX CNN (TFLite/CMSIS-NN scheme), calibrated on "
                        + "training images; writes model_int8.onnx (QDQ, for build/flash/measure), model.onnx, report.json "
                        + "and report.md with float vs int8 test accuracy.")
public final class QuantizeCommand implements Callable<Integer> {
    @Option(
            names = "--onnx",
            required = true,
            paramLabel = "MODEL",
            description = "Float ONNX model to quantise.")
    Path onnx;

    @Option(
            names = "--dataset",
            defaultValue = Datasets.DEFAULT,
            paramLabel = "NAME",
            description = "Dataset to calibrate on and evaluate with (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Dataset folder (default: its standard location).")
    Path data;

    @Option(
            names = "--mean",
            split = ",",
            paramLabel = "M",
            description =
                    "Per-channel input mean (pixel/255) the model was trained with; default: what the model "
                            + "records (tinyprune's own exports), else 0.")
    float[] mean;

    @Option(
            names = "--std",
            split = ",",
            paramLabel = "S",
            description =
                    "Per-channel input std (pixel/255); default: what the model records, else 1.")
    float[] std;

    @Option(
            names = "--input-size",
            paramLabel = "HxW",
            description =
                    "Convert the dataset's images to this size (bilinear) to fit the model's input.")
    String inputSize;

    @Option(
            names = "--input-channels",
            paramLabel = "C",
            description =
                    "Convert the dataset's images to C channels (grey replicated, or averaged).")
    int inputChannels;

    @Option(
            names = "--calibration-batches",
            defaultValue = "16",
            paramLabel = "N",
            description =
                    "Training batches of 64 images that calibrate activation ranges (default: ${DEFAULT-VALUE}).")
    int calibrationBatches;

    @Option(
            names = "--percentile",
            paramLabel = "P",
            description =
                    "Clip activation ranges to this upper percentile instead of min/max, e.g. 99.99.")
    Double percentile;

    @Option(
            names = "--test-limit",
            defaultValue = "0",
            paramLabel = "N",
            description = "Evaluate on only this many test images (0: all).")
    int testLimit;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the calibration images' order.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory.")
    Path out;

    @Override
    public Integer call() {
        QuantizeConfig config;
        try {
            TrainingOptions.checkScaling("--mean", mean, false);
            TrainingOptions.checkScaling("--std", std, true);
            ModelImport model =
                    new ModelImport(
                            onnx, mean, std, ModelImport.parseSize(inputSize), inputChannels);
            config =
                    new QuantizeConfig(
                            model, dataset, data, calibrationBatches, percentile, testLimit, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
        if (!Datasets.names().contains(dataset)) {
            throw new CommandFailure(
                    ExitCodes.USAGE,
                    "--dataset '" + dataset + "' is unknown; choose one of " + Datasets.names(),
                    null);
        }
        try (RunDirectory run = RunDirectory.open(out)) {
            QuantizeJob.run(config, out, System.out);
            run.succeeded();
            return ExitCodes.OK;
        } catch (OnnxImportException | DatasetException | IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw RunDirectory.ioFailure(out, e);
        }
    }
}
