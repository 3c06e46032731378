package org.tinyprune.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.tinyprune.data.DatasetException;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.run.TrainConfig;
import org.tinyprune.run.TrainJob;
import org.tinyprune.train.CheckpointException;
import org.tinyprune.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tinyprune train}: trains a zoo model and exports it to ONNX. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train a zoo model; writes model.onnx, checkpoint.bin, metrics.json and training.png.")
public final class TrainCommand implements Callable<Integer> {
    @Mixin TrainingOptions options;

    @Override
    public Integer call() throws Exception {
        TrainConfig config = options.config();
        try (RunDirectory run = RunDirectory.open(options.out(), "checkpoint.bin")) {
            TrainJob.run(config, run.path(), options.resume, System.out);
            run.succeeded();
            return ExitCodes.OK;
        } catch (CheckpointException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw RunDirectory.ioFailure(options.out(), e);
        } catch (DatasetException | OnnxImportException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new CommandFailure(ExitCodes.DIVERGED, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
    }
}
