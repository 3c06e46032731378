package org.tinyprune.cli;

import org.tinyprune.run.PruneConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that prune one network: budgets, method, and the {@link MethodOptions} (a mixin). */
public final class PruneOptions {
    @Mixin
    MethodOptions common;

    @Option(names = "--flash", description = "Flash budget, e.g. 64KiB (default: the board's application flash).")
    String flash;

    @Option(names = "--sram", description = "Peak SRAM budget, e.g. 16KiB (default: the board's SRAM).")
    String sram;

    @Option(names = "--latency", description = "Latency budget in cycles (2000000) or time (80ms, board clock); "
            + "planned at budget / (1 + the board's calibrated latency margin).")
    String latency;

    @Option(names = "--macs", description = "Multiply-accumulate budget, e.g. 3M.")
    String macs;

    @Option(names = "--method", defaultValue = "dnp", 
            description = "dnp, uniform, l1, or none (the unpruned base, trained the same way)"
            + " (default: ${DEFAULT-VALUE}).")
    String methodName;

    /** The validated pruning configuration; bad values become a usage failure naming the option. */
    PruneConfig config(TrainingOptions training) {
        try {
            return new PruneConfig(training.config(), common.board, flash, sram, latency, macs, methodName,
                    common.salience(), common.pruneShare);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
    }
}
