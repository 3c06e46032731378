package org.tinyprune.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyprune.bench.ParetoBench;
import org.tinyprune.bench.ParetoBoards;
import org.tinyprune.bench.ParetoPoint;
import org.tinyprune.bench.ParetoSettings;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.FirmwareBuildException;
import org.tinyprune.data.DatasetException;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.pool.SessionPool;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.run.TrainConfig;
import org.tinyprune.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune bench pareto}: every pruning method at every budget point plus the unpruned
 * base, same data, once per seed (from scratch, or every method from its seed's trained base with
 * {@code --from-base}); writes {@code results.json}, {@code results.md} (means, standard errors,
 * dnp's margin over the best baseline, time per method) and three Pareto plots with error bars.
 * Rerunning the same command with {@code --resume} finishes an interrupted benchmark.
 */
@Command(
        name = "pareto",
        mixinStandardHelpOptions = true,
        description =
                "Pareto fronts of the pruning methods: int8 test accuracy (mean ± standard error over the seeds) "
                        + "against peak SRAM, flash and latency at the same budgets and data, beside the unpruned base; dnp's "
                        + "paired margin over the best baseline per point. With --distill every method (never the base) distils "
                        + "from its seed's trained base, or from --teacher. Rerun the same command with --resume to finish an "
                        + "interrupted benchmark. With --port (repeatable) or --boards N, every run's int8 model is also "
                        + "flashed and measured on a board (device accuracy, latency, SRAM), spread over the boards.")
public final class BenchParetoCommand implements Callable<Integer> {
    @Mixin TrainingOptions training;

    @Mixin MethodOptions common;

    @Option(
            names = "--points",
            required = true,
            paramLabel = "FLASH:SRAM[:LATENCY[:MACS]],...",
            description =
                    "Budget points, e.g. 64KiB:24KiB,32KiB:8KiB or 48KiB:16KiB:4M (- for no budget).")
    String points;

    @Option(
            names = "--methods",
            paramLabel = "M,...",
            description =
                    "Methods to compare (default: every pruning method); the unpruned base always runs.")
    String methods;

    @Option(
            names = "--seeds",
            paramLabel = "S,...",
            description = "Repeat every run with each seed, e.g. 1,2,3 (default: the one --seed).")
    String seeds;

    @Option(
            names = "--from-base",
            description =
                    "Train each seed's unpruned base first (--base-epochs at --lr), then start every method from "
                            + "its trained weights (--epochs at --fine-tune-lr).")
    boolean fromBase;

    @Option(
            names = "--base-epochs",
            paramLabel = "N",
            description = "With --from-base: epochs of the base (default: --epochs).")
    Integer baseEpochs;

    @Option(
            names = "--fine-tune-lr",
            paramLabel = "RATE",
            description =
                    "With --from-base: peak learning rate of the method runs (default: "
                            + TrainConfig.FINE_TUNE_RATE
                            + ").")
    Float fineTuneLr;

    @Mixin BoardPortsOption ports;

    @Option(
            names = "--samples",
            defaultValue = "200",
            paramLabel = "N",
            description =
                    "With --port or --boards: test images each run's int8 model classifies on the board "
                            + "(default ${DEFAULT-VALUE}).")
    int samples;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        ParetoSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
        if (samples < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--samples must be at least 1", null);
        }
        ports.ports(); // usage errors before anything runs
        try {
            if (!ports.given()) {
                ParetoBench.run(
                        settings, training.out(), training.resume, commandLine(), System.out);
                return ExitCodes.OK;
            }
            Path root = RepositoryRoot.locate();
            BoardProfile profile = BoardOption.registry(root).load(settings.board());
            try (SessionPool boards = ports.open(profile, root, msg -> System.out.println(msg))) {
                ParetoBench.run(
                        settings,
                        training.out(),
                        training.resume,
                        commandLine(),
                        System.out,
                        new ParetoBoards(boards.pool(), root, samples));
            }
            return ExitCodes.OK;
        } catch (DatasetException
                | BoardProfileException
                | OnnxImportException
                | UnsupportedModelException
                | IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new CommandFailure(ExitCodes.DIVERGED, e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new CommandFailure(
                    ExitCodes.BAD_INPUT, "cannot write the benchmark: " + e.getMessage(), e);
        } catch (LinkException e) {
            throw LinkFailures.of(e);
        } catch (FirmwareBuildException e) {
            throw new CommandFailure(
                    e.kind() == FirmwareBuildException.Kind.DOES_NOT_FIT
                            ? ExitCodes.BUDGET
                            : ExitCodes.TOOLCHAIN,
                    e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CommandFailure(ExitCodes.INTERNAL, e.toString(), e);
        }
    }

    /** The settings from the options; flags that do not go together are named. */
    ParetoSettings settings() {
        if (!fromBase && (baseEpochs != null || fineTuneLr != null)) {
            throw new IllegalArgumentException(
                    (baseEpochs != null ? "--base-epochs" : "--fine-tune-lr")
                            + " applies with --from-base only; add --from-base or drop it");
        }
        if (seeds != null && spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            throw new IllegalArgumentException(
                    "give --seed or --seeds, not both (--seeds "
                            + seeds
                            + " already names "
                            + "every seed)");
        }
        TrainConfig train = training.configWithoutDistill();
        ParetoSettings s =
                new ParetoSettings(
                        train,
                        common.board,
                        ParetoPoint.parseAll("--points", points),
                        methods == null
                                ? ParetoSettings.allMethods()
                                : List.of(methods.split(",", -1)),
                        common.salience(),
                        common.pruneShare);
        if (seeds != null) {
            s = s.withSeeds(parseSeeds(seeds));
        }
        if (fromBase) {
            s =
                    s.fromBase(
                            baseEpochs == null ? train.epochs() : baseEpochs,
                            fineTuneLr == null ? TrainConfig.FINE_TUNE_RATE : fineTuneLr);
        }
        return s.withDistill(training.distillConfig());
    }

    /** Parses {@code --seeds}: whole numbers, comma-separated. */
    static List<Long> parseSeeds(String text) {
        List<Long> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            try {
                out.add(Long.parseLong(item.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--seeds '"
                                + text
                                + "': '"
                                + item.trim()
                                + "' is not a whole "
                                + "number; give seeds comma-separated, e.g. 1,2,3");
            }
        }
        return out;
    }

    /** The command that reproduces this run: every option as parsed, defaults included. */
    String commandLine() {
        List<String> parts = new ArrayList<>(List.of("./tinyprune", "bench", "pareto"));
        spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && o.getValue() != null)
                .filter(o -> seeds == null || !o.longestName().equals("--seed"))
                .filter(o -> !(o.getValue() instanceof Boolean b) || b)
                .filter(o -> !o.longestName().equals("--samples") || ports.given())
                .forEach(
                        o -> {
                            if (o.getValue() instanceof List<?> repeated) {
                                repeated.forEach(
                                        v -> {
                                            parts.add(o.longestName());
                                            parts.add(String.valueOf(v));
                                        });
                            } else {
                                parts.add(o.longestName());
                                if (!(o.getValue() instanceof Boolean)) {
                                    parts.add(render(o.getValue()));
                                }
                            }
                        });
        if (methods == null) {
            parts.add("--methods");
            parts.add(String.join(",", ParetoSettings.allMethods()));
        }
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
