package org.tinyprune.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyprune.bench.Int8SpeedBench;
import org.tinyprune.bench.MachineInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tinyprune bench int8-speed}: int8 evaluation samples/s of each zoo model with the naive
 * reference convolution and with the optimised kernels, side by side as a Markdown table; fails
 * ({@link ExitCodes#INTERNAL}, a bug) if any output differs between the two.
 */
@Command(
        name = "int8-speed",
        mixinStandardHelpOptions = true,
        description =
                "int8 evaluation samples/s of every zoo model: the naive reference convolution"
                        + " beside the optimised kernels, on the same inputs; checks the outputs are identical.")
public final class BenchInt8SpeedCommand implements Callable<Integer> {

    @Mixin BenchModelOptions selection;

    @Option(
            names = "--samples",
            defaultValue = "100",
            description = "Timed samples per side and round (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--warmup",
            defaultValue = "20",
            description = "Untimed warm-up samples per side (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            description =
                    "Time each side this many times, alternating, and keep the fastest"
                            + " (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Weight, calibration and input seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        Int8SpeedBench.Settings settings;
        try {
            settings =
                    new Int8SpeedBench.Settings(selection.chosen(), samples, warmup, rounds, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
        String machine = MachineInfo.describe();
        List<Int8SpeedBench.Result> results = Int8SpeedBench.run(settings, System.err);
        selection.publish(Int8SpeedBench.markdown(results, settings, machine, commandLine()));
        for (Int8SpeedBench.Result r : results) {
            if (r.mismatches() > 0) {
                throw new CommandFailure(
                        ExitCodes.INTERNAL,
                        r.model()
                                + ": "
                                + r.mismatches()
                                + " of "
                                + r.samples()
                                + " samples differ between the optimised int8 kernels and"
                                + " the reference; the optimised kernels are wrong (report this as a bug)",
                        null);
            }
        }
        return ExitCodes.OK;
    }

    /** The command that reproduces this run. */
    String commandLine() {
        List<String> parts = new ArrayList<>(List.of("./tinyprune", "bench", "int8-speed"));
        selection.appendTo(parts);
        parts.addAll(
                List.of(
                        "--samples",
                        Integer.toString(samples),
                        "--warmup",
                        Integer.toString(warmup),
                        "--rounds",
                        Integer.toString(rounds),
                        "--seed",
                        Long.toString(seed)));
        return String.join(" ", parts);
    }
}
