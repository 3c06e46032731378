package org.tinyprune.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyprune.bench.MachineInfo;
import org.tinyprune.bench.TrainSpeedBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tinyprune bench train-speed}: trains each zoo model for a fixed number of steps with
 * tinyprune and with PyTorch (same architecture, batch and threads, same run) and prints samples/s
 * side by side as a Markdown table.
 */
@Command(
        name = "train-speed",
        mixinStandardHelpOptions = true,
        description =
                "Training samples/s of every zoo model: tinyprune beside PyTorch 1.13 on the"
                        + " same architecture, batch size and thread count.")
public final class BenchTrainSpeedCommand implements Callable<Integer> {

    @Mixin BenchModelOptions selection;

    @Option(
            names = "--batch",
            defaultValue = "64",
            description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--steps",
            defaultValue = "20",
            description = "Timed steps per model (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--warmup",
            defaultValue = "3",
            description = "Untimed warm-up steps per model (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--threads",
            defaultValue = "2",
            description = "Threads for both tinyprune and PyTorch (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            description =
                    "Measure each side this many times, alternating, and keep the best"
                            + " (default ${DEFAULT-VALUE}; use 3 on a busy machine).")
    int rounds;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Weight and data seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--python",
            defaultValue = "/usr/bin/python3",
            description =
                    "Python interpreter with torch (default ${DEFAULT-VALUE},"
                            + " Debian's python3-torch).")
    String python;

    @Override
    public Integer call() {
        TrainSpeedBench.Settings settings;
        try {
            settings =
                    new TrainSpeedBench.Settings(
                            selection.chosen(),
                            batch,
                            warmup,
                            steps,
                            threads,
                            rounds,
                            seed,
                            python);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
        String machine = MachineInfo.describe();
        List<TrainSpeedBench.Result> results;
        try {
            results = TrainSpeedBench.run(settings, System.err);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.TOOLCHAIN, e.getMessage(), e);
        }
        String table = TrainSpeedBench.markdown(results, settings, machine, commandLine());
        selection.publish(table);
        return ExitCodes.OK;
    }

    /** The command that reproduces this run. */
    private String commandLine() {
        List<String> parts = new ArrayList<>(List.of("./tinyprune", "bench", "train-speed"));
        selection.appendTo(parts);
        parts.addAll(
                List.of(
                        "--batch",
                        Integer.toString(batch),
                        "--steps",
                        Integer.toString(steps),
                        "--warmup",
                        Integer.toString(warmup),
                        "--threads",
                        Integer.toString(threads),
                        "--rounds",
                        Integer.toString(rounds),
                        "--seed",
                        Long.toString(seed)));
        return String.join(" ", parts);
    }
}
