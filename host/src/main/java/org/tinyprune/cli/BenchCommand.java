package org.tinyprune.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune bench}: the benchmarks against external anchors, one subcommand each
 * ({@code train-speed}, {@code pareto}). Without a subcommand it prints its usage.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks against external anchors (PyTorch training speed) and of the pruning methods"
                + " (Pareto fronts).",
        subcommands = {BenchTrainSpeedCommand.class, BenchParetoCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
