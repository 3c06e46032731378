package org.tinyprune.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.data.DatasetException;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.PruneJob;
import org.tinyprune.train.CheckpointException;
import org.tinyprune.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tinyprune prune}: trains and prunes a zoo or imported model to a board's budgets, then
 * quantises it.
 */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        description =
                "Prune a zoo model, or your own with --onnx (from its trained weights), to a board's "
                        + "flash/SRAM/latency/MAC budgets; writes model.onnx, "
                        + "model_int8.onnx, report.json and plots; --resume continues from the last epoch's checkpoint.")
public final class PruneCommand implements Callable<Integer> {
    @Mixin TrainingOptions training;

    @Mixin PruneOptions pruning;

    @Override
    public Integer call() throws Exception {
        PruneConfig config = pruning.config(training);
        try (RunDirectory run = RunDirectory.open(training.out(), "checkpoint.bin")) {
            PruneJob.run(config, run.path(), training.resume, System.out);
            run.succeeded();
            return ExitCodes.OK;
        } catch (CheckpointException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw RunDirectory.ioFailure(training.out(), e);
        } catch (BudgetInfeasibleException e) {
            throw new CommandFailure(ExitCodes.BUDGET, e.getMessage(), e);
        } catch (DatasetException
                | BoardProfileException
                | OnnxImportException
                | IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new CommandFailure(ExitCodes.DIVERGED, e.getMessage(), e);
        }
    }
}
