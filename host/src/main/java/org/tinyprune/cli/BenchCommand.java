package org.tinyprune.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tinyprune bench}: the benchmark commands whose figures BENCHMARKS.md records. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print tinyprune's figures beside a baseline run.",
        subcommands = {BenchTrainSpeedCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
