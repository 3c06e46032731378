package org.tinyprune.cli;

import org.tinyprune.prune.Salience;
import org.tinyprune.run.PruneConfig;
import picocli.CommandLine.Option;

/** Options of every command that prunes: board, budgets, method (a picocli mixin). */
public final class PruneOptions {
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

    @Option(names = "--method", defaultValue = "dnp", description = "dnp, uniform, l1, or none (the unpruned base, trained the same way)"
            + " (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--salience", defaultValue = "bn-scale",
            description = "Channel ranking for dnp: filter-norm, bn-scale, taylor (default: ${DEFAULT-VALUE}).")
    String salience;

    @Option(names = "--prune-share", defaultValue = "0.7",
            description = "Share of the epochs spent pruning before fine-tuning (default: ${DEFAULT-VALUE}).")
    double pruneShare;

    /** The validated pruning configuration; bad values become a usage failure naming the option. */
    PruneConfig config(TrainingOptions training) {
        try {
            return new PruneConfig(training.config(), board, flash, sram, latency, macs, method,
                    Salience.parse(salience), pruneShare);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
    }
}
