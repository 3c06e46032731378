package org.tinyprune.cli;

import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.SearchConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of the commands that prune one network: budgets, method, and the {@link MethodOptions} (a
 * mixin).
 */
public final class PruneOptions {
    @Mixin MethodOptions common;

    @Option(
            names = "--flash",
            description = "Flash budget, e.g. 64KiB (default: the board's application flash).")
    String flash;

    @Option(
            names = "--sram",
            description = "Peak SRAM budget, e.g. 16KiB (default: the board's SRAM).")
    String sram;

    @Option(
            names = "--latency",
            description =
                    "Latency budget in cycles (2000000) or time (80ms, board clock); "
                            + "planned at budget / (1 + the board's calibrated latency margin).")
    String latency;

    @Option(names = "--macs", description = "Multiply-accumulate budget, e.g. 3M.")
    String macs;

    @Option(
            names = "--method",
            defaultValue = "dnp",
            description =
                    "dnp, uniform, l1, search (evolutionary search over per-group widths, each candidate "
                            + "trained briefly as a proxy, the best trained fully), or none (the unpruned base, trained the same way)"
                            + " (default: ${DEFAULT-VALUE}).")
    String methodName;

    @Option(
            names = "--search-candidates",
            defaultValue = "" + SearchConfig.DEFAULT_CANDIDATES,
            paramLabel = "N",
            description =
                    "search: width vectors to train as a proxy, the uniform width and random ones included "
                            + "(default: ${DEFAULT-VALUE}).")
    int searchCandidates;

    @Option(
            names = "--search-proxy-images",
            defaultValue = "" + SearchConfig.DEFAULT_PROXY_IMAGES,
            paramLabel = "M",
            description =
                    "search: training images each candidate trains on for one epoch before it is scored on "
                            + "held-out training images (the validation split, else a slice kept out of proxy training) "
                            + "(default: ${DEFAULT-VALUE}).")
    int searchProxyImages;

    /** The validated pruning configuration; bad values become a usage failure naming the option. */
    PruneConfig config(TrainingOptions training) {
        try {
            return new PruneConfig(
                    training.config(),
                    common.board,
                    flash,
                    sram,
                    latency,
                    macs,
                    methodName,
                    common.salience(),
                    common.pruneShare,
                    new SearchConfig(searchCandidates, searchProxyImages));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
    }
}
