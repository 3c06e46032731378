package org.tinyprune.cli;

import java.util.concurrent.Callable;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.data.DatasetException;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.prune.Salience;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.PruneJob;
import org.tinyprune.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tinyprune prune}: trains and prunes a zoo model to a board's budgets, then quantises it. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune a zoo model to a board's flash/SRAM/latency/MAC budgets; writes model.onnx, "
                + "model_int8.onnx, report.json and plots.")
public final class PruneCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions training;

    @Option(names = "--board", defaultValue = "qemu-m4", description = "Board profile (default: ${DEFAULT-VALUE}).")
    String board;

    @Option(names = "--flash", description = "Flash budget, e.g. 64KiB (default: the board's application flash).")
    String flash;

    @Option(names = "--sram", description = "Peak SRAM budget, e.g. 16KiB (default: the board's SRAM).")
    String sram;

    @Option(names = "--latency", description = "Latency budget in cycles (2000000) or time (80ms, board clock).")
    String latency;

    @Option(names = "--macs", description = "Multiply-accumulate budget, e.g. 3M.")
    String macs;

    @Option(names = "--method", defaultValue = "dnp", description = "dnp, uniform or l1 (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--salience", defaultValue = "bn-scale",
            description = "Channel ranking for dnp: filter-norm, bn-scale, taylor (default: ${DEFAULT-VALUE}).")
    String salience;

    @Option(names = "--prune-share", defaultValue = "0.7",
            description = "Share of the epochs spent pruning before fine-tuning (default: ${DEFAULT-VALUE}).")
    double pruneShare;

    @Override
    public Integer call() throws Exception {
        PruneConfig config;
        try {
            config = new PruneConfig(training.config(), board, flash, sram, latency, macs, method,
                    Salience.parse(salience), pruneShare);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
        try {
            PruneJob.run(config, training.out, System.out);
            return ExitCodes.OK;
        } catch (BudgetInfeasibleException e) {
            throw new CommandFailure(ExitCodes.BUDGET, e.getMessage(), e);
        } catch (DatasetException | BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new CommandFailure(ExitCodes.DIVERGED, e.getMessage(), e);
        }
    }
}
