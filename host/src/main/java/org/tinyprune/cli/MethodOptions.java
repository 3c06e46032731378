package org.tinyprune.cli;

import org.tinyprune.prune.Salience;
import picocli.CommandLine.Option;

/**
 * Options of every command that prunes, whatever its budgets: board, dnp's salience, prune share (a
 * mixin).
 */
public final class MethodOptions {
    @Option(
            names = "--board",
            defaultValue = "qemu-m4",
            description = "Board profile (default: ${DEFAULT-VALUE}).")
    String board;

    @Option(
            names = "--salience",
            defaultValue = "bn-scale",
            description =
                    "Channel ranking for dnp: filter-norm, bn-scale, taylor (default: ${DEFAULT-VALUE}).")
    String salience;

    @Option(
            names = "--prune-share",
            defaultValue = "0.7",
            description =
                    "Share of the epochs spent pruning before fine-tuning (default: ${DEFAULT-VALUE}).")
    double pruneShare;

    /** The salience; a usage failure naming the option when unknown. */
    Salience salience() {
        try {
            return Salience.parse(salience);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--salience: " + e.getMessage(), e);
        }
    }
}
