package org.tinyprune.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyprune.bench.ParetoBench;
import org.tinyprune.bench.ParetoPoint;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.data.DatasetException;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tinyprune bench pareto}: every pruning method at every budget point plus the unpruned base,
 * same epochs, data and seed; writes {@code results.json}, {@code results.md} and three Pareto plots.
 * Rerunning the same command with {@code --resume} finishes an interrupted benchmark.
 */
@Command(name = "pareto", mixinStandardHelpOptions = true,
        description = "Pareto fronts of dnp, uniform and l1: int8 test accuracy against peak SRAM, flash and "
                + "latency at the same budgets, epochs, data and seed, beside the unpruned base trained the same "
                + "way. Rerun the same command with --resume to finish an interrupted benchmark.")
public final class BenchParetoCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions training;

    @Mixin
    MethodOptions common;

    @Option(names = "--points", required = true, paramLabel = "FLASH:SRAM[:LATENCY[:MACS]],...",
            description = "Budget points, e.g. 64KiB:24KiB,32KiB:8KiB or 48KiB:16KiB:4M (- for no budget).")
    String points;

    @Option(names = "--methods", defaultValue = "dnp,uniform,l1",
            description = "Methods to compare (default: ${DEFAULT-VALUE}); the unpruned base always runs.")
    String methods;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ParetoBench.Settings settings;
        try {
            settings = new ParetoBench.Settings(training.config(), common.board, ParetoPoint.parseAll("--points", points),
                    List.of(methods.split(",")), common.salience(), common.pruneShare);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
        try {
            ParetoBench.run(settings, training.out(), training.resume, commandLine(), System.out);
            return ExitCodes.OK;
        } catch (DatasetException | BoardProfileException | OnnxImportException | IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new CommandFailure(ExitCodes.DIVERGED, e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, "cannot write the benchmark: " + e.getMessage(), e);
        }
    }

    /** The command that reproduces this run: every option as parsed, defaults included. */
    String commandLine() {
        List<String> parts = new ArrayList<>(List.of("./tinyprune", "bench", "pareto"));
        spec.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp() && o.getValue() != null)
                .filter(o -> !(o.getValue() instanceof Boolean b) || b)
                .forEach(o -> {
                    parts.add(o.longestName());
                    if (!(o.getValue() instanceof Boolean)) {
                        parts.add(render(o.getValue()));
                    }
                });
        return String.join(" ", parts);
    }

    /** An option's value as typed: arrays (--mean, --std) comma-separated. */
    private static String render(Object value) {
        if (value instanceof float[] f) {
            List<String> v = new ArrayList<>();
            for (float x : f) {
                v.add(Float.toString(x));
            }
            return String.join(",", v);
        }
        return String.valueOf(value);
    }
}
