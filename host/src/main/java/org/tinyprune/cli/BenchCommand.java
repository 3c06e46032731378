package org.tinyprune.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune bench}: the benchmarks against external anchors, one subcommand each ({@code
 * train-speed}, {@code pareto}, {@code int8-speed}). Without a subcommand it prints its usage.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks against external anchors (PyTorch training speed) and of the pruning methods"
                        + " (Pareto fronts), and of the int8 evaluation kernels against their naive reference.",
        subcommands = {
            BenchTrainSpeedCommand.class,
            BenchParetoCommand.class,
            BenchInt8SpeedCommand.class,
            BenchFaultsCommand.class
        })
public final class BenchCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
