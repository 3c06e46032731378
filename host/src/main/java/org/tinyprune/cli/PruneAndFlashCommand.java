package org.tinyprune.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.ResolvedProfile;
import org.tinyprune.board.UserData;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.calibrate.MeasurementStore;
import org.tinyprune.data.DatasetException;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.run.CalibrationLoop;
import org.tinyprune.run.Json;
import org.tinyprune.run.PruneAndFlash;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.PruneJob;
import org.tinyprune.run.StageRecord;
import org.tinyprune.train.CheckpointException;
import org.tinyprune.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tinyprune prune-and-flash}: prune → quantise → ONNX → codegen → build → flash → measure →
 * compare predicted with measured → add the measurement to the board's store and refit the cost
 * model ({@link CalibrationLoop}) → prune again while the board misses the latency budget → report.
 * Each stage keeps its output under the run directory ({@code prune/}, {@code measure/}; later
 * rounds in {@code round-N/}); {@code --resume} skips the stages already completed.
 */
@Command(
        name = "prune-and-flash",
        mixinStandardHelpOptions = true,
        defaultValueProvider = PruneAndFlashCommand.Defaults.class,
        description =
                "Prune a model to a board's budgets, flash it, measure it there, and report predicted "
                        + "against measured. With no --model, --width or --onnx: the shipped pretrained vgg-small x0.5 "
                        + "(models/"
                        + PruneAndFlashCommand.PRETRAINED
                        + ", made by scripts/make-pretrained.sh) is pruned with "
                        + "dnp and distilled from itself, 2 epochs on all of Fashion-MNIST, for qemu-m4.",
        footer = {
            "",
            "--resume continues the run in --out stage by stage (prune: train, prune, quantise, export; "
                    + "measure: codegen, build, flash, run). A finished stage is reused only when it was made with the "
                    + "same options, board and board profile as this command; an interrupted prune continues from its "
                    + "last epoch's checkpoint; the measure stage is made again when the pruned model changed. A stage "
                    + "made with other options (budgets, method, epochs, data, seed, board, cost model, samples, port) "
                    + "is refused with the differences listed: run without --resume to make every stage again, or "
                    + "give another --out.",
            "",
            "The calibration loop: each measured model joins the board's measurement store in the user data "
                    + "directory ($TINYPRUNE_DATA, else $XDG_DATA_HOME/tinyprune, else ~/.local/share/tinyprune; "
                    + "boards/NAME/measurements.json, first filled from boards/NAME/calibration/measurements.json), the "
                    + "cost model is refit with calibrate's held-out check, and the refit profile (boards/NAME/profile.json "
                    + "there) is written only when held-out latency error does not get worse; every command then uses it "
                    + "(tinyprune boards shows which). When the board misses --latency, the run prunes again with the "
                    + "profile in use, its latency margin at least what this run measured, up to --rounds rounds; the "
                    + "report lists each round (predicted, measured, error, margin). --no-recalibrate opts out."
        })
public final class PruneAndFlashCommand implements Callable<Integer> {
    /** The pretrained base the bare command starts from, under the repository's {@code models/}. */
    public static final String PRETRAINED = "vgg-small-x0.5-fashion-mnist.onnx";

    @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin TrainingOptions training;

    @Mixin PruneOptions pruning;

    @Mixin PortOption port;

    @Option(
            names = "--samples",
            defaultValue = "200",
            description = "Test images classified on the board.")
    int samples;

    @Option(
            names = "--no-recalibrate",
            description =
                    "Do not add this run's measurements to the board's measurement "
                            + "store, refit the cost model or prune again: one round, nothing written outside --out.")
    boolean noRecalibrate;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            paramLabel = "N",
            description =
                    "Rounds at most (1 to "
                            + CalibrationLoop.MAX_ROUNDS
                            + ", default ${DEFAULT-VALUE}): when the board misses the latency budget, "
                            + "prune again with the refit cost model until it meets it.")
    int rounds;

    @Override
    public Integer call() throws Exception {
        startFromPretrainedUnlessAModelIsNamed();
        PruneConfig config = pruning.config(training);
        if (samples < 1) {
            throw new CommandFailure(
                    ExitCodes.USAGE, "--samples must be at least 1, got " + samples, null);
        }
        Path out = training.out();
        try (RunDirectory run =
                RunDirectory.open(out, "prune/report.json", "prune/checkpoint.bin")) {
            int code = run(config, out);
            run.succeeded();
            return code;
        } catch (IOException e) {
            throw RunDirectory.ioFailure(out, e);
        }
    }

    private int run(PruneConfig config, Path out) throws IOException {
        ResolvedProfile resolved = resolve(config.board());
        if (!resolved.note().isEmpty()) {
            System.out.println("tinyprune: " + resolved.note());
        }
        System.out.println("board profile in use: " + resolved.describe());
        CalibrationLoop.Settings settings;
        try {
            settings =
                    new CalibrationLoop.Settings(
                            !noRecalibrate, noRecalibrate ? 1 : rounds, training.resume);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
        Path data = UserData.dir();
        MeasurementStore store = MeasurementStore.of(data, repositoryRoot(), config.board());
        CalibrationLoop loop =
                new CalibrationLoop(
                        settings,
                        store,
                        BoardOption.registry(repositoryRoot()).refitFile(config.board()),
                        storeName(config),
                        System.out);
        CalibrationLoop.Result result;
        try {
            result =
                    loop.run(
                            out,
                            resolved.profile(),
                            (r, profile, dir) -> round(config, profile, dir));
        } catch (CommandFailure | IOException e) {
            throw e;
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (Exception e) {
            throw new CommandFailure(ExitCodes.INTERNAL, "prune-and-flash failed: " + e, e);
        }
        System.out.printf(
                Locale.ROOT,
                "prune-and-flash: report in %s and %s%n",
                out.resolve("report.json"),
                out.resolve("report.md"));
        if (!result.report().get("device_matches_host").getAsBoolean()) {
            return ExitCodes.BOARD;
        }
        CalibrationLoop.Result r = result;
        if (!r.last().met() && settings.recalibrate()) {
            throw new CommandFailure(
                    ExitCodes.BUDGET,
                    String.format(
                            Locale.ROOT,
                            "the board measured %,.0f against "
                                    + "the latency budget of %,.0f after %d round(s) of pruning and refitting (see the rounds in %s); "
                                    + "allow more with --rounds (at most %d), or give a larger --latency",
                            r.last().measured(),
                            r.last().budget(),
                            r.rounds().size(),
                            out.resolve("report.md"),
                            CalibrationLoop.MAX_ROUNDS),
                    null);
        }
        return ExitCodes.OK;
    }

    /**
     * One round of the loop: the prune stage planning with {@code profile}, then the measure stage,
     * in {@code dir}.
     */
    private void round(PruneConfig config, BoardProfile profile, Path dir) throws IOException {
        Path pruneDir = dir.resolve(PruneAndFlash.PRUNE);
        Path measureDir = dir.resolve(PruneAndFlash.MEASURE);
        StageRecord prune = PruneAndFlash.pruneStage(config, profile);
        if (decide(prune, pruneDir, "report.json", "model_int8.onnx") == StageRecord.Decision.RUN) {
            stage(
                    "prune",
                    dir,
                    () -> {
                        StageRecord.clear(pruneDir);
                        PruneJob.run(config, pruneDir, training.resume, System.out, profile);
                        prune.write(pruneDir);
                        return null;
                    });
        } else {
            System.out.println(
                    "prune: done earlier with the same configuration, reusing " + pruneDir);
        }
        Path model = pruneDir.resolve("model_int8.onnx");
        StageRecord measure =
                PruneAndFlash.measureStage(config, profile, port.port(), samples, model);
        if (decide(measure, measureDir, "measure.json") == StageRecord.Decision.RUN) {
            StageRecord.clear(measureDir);
            Files.deleteIfExists(
                    measureDir.resolve("measure.json")); // never report an earlier run's figures
            JsonObject pruned = Json.read(pruneDir.resolve("report.json")).getAsJsonObject();
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--board",
                                    config.board(),
                                    "--onnx",
                                    model.toString(),
                                    "--samples",
                                    Integer.toString(samples),
                                    "--out",
                                    measureDir.toString(),
                                    "--dataset",
                                    config.train().dataset(),
                                    "--mean",
                                    csv(pruned, "mean"),
                                    "--std",
                                    csv(pruned, "std")));
            if (config.train().dataDir() != null) {
                args.addAll(List.of("--data-dir", config.train().dataDir().toString()));
            }
            if (port.port() != null) {
                args.addAll(List.of("--port", port.port()));
            }
            int code = Main.commandLine().execute(prepend("measure", args));
            if (code != ExitCodes.OK && !Files.exists(measureDir.resolve("measure.json"))) {
                throw new CommandFailure(
                        code,
                        "stage measure failed (exit " + code + "); see the message above",
                        null);
            }
            measure.write(measureDir);
        } else {
            System.out.println(
                    "measure: done earlier with the same board, samples and model, reusing "
                            + measureDir);
        }
    }

    /**
     * The name the measured networks get in the board's measurement store (before {@code @}): the
     * zoo architecture, or the ONNX file's name, which they are held out with.
     */
    private static String storeName(PruneConfig config) {
        String name =
                config.train().imported() != null
                        ? config.train()
                                .imported()
                                .onnx()
                                .getFileName()
                                .toString()
                                .replaceFirst("\\.onnx$", "")
                        : config.train().model();
        return name.replace('@', '_');
    }

    private static Path repositoryRoot() {
        try {
            return RepositoryRoot.locate();
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    private static ResolvedProfile resolve(String board) {
        try {
            return BoardOption.registry(repositoryRoot()).resolve(board);
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    /**
     * Whether {@code --resume} reuses the stage; a stage recorded under other options is a
     * bad-input failure.
     */
    private StageRecord.Decision decide(StageRecord record, Path dir, String... outputs) {
        try {
            return record.decide(dir, training.resume, outputs);
        } catch (IllegalArgumentException | IOException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    /**
     * Without --model, --width or --onnx the run starts from the shipped pretrained base and
     * distils from it (the report's {@code start} and the model's provenance name the file).
     */
    private void startFromPretrainedUnlessAModelIsNamed() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--model")
                || parsed.hasMatchedOption("--width")
                || parsed.hasMatchedOption("--onnx")) {
            return;
        }
        Path model;
        try {
            model = RepositoryRoot.locate().resolve("models").resolve(PRETRAINED);
        } catch (org.tinyprune.board.BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
        if (!Files.isRegularFile(model)) {
            throw new CommandFailure(
                    ExitCodes.BAD_INPUT,
                    "the pretrained base "
                            + model
                            + " is missing; run "
                            + "scripts/make-pretrained.sh to make it, or name a model with --model or --onnx",
                    null);
        }
        training.onnx = model;
        if (!parsed.hasMatchedOption("--teacher")) {
            training.distill = true;
        }
        System.out.println(
                "starting from the pretrained base "
                        + model
                        + " (name --model or --onnx to start elsewhere)");
    }

    private interface Stage {
        Object run() throws Exception;
    }

    private static void stage(String name, Path out, Stage s) {
        try {
            s.run();
        } catch (BudgetInfeasibleException e) {
            throw new CommandFailure(
                    ExitCodes.BUDGET, "stage " + name + " failed: " + e.getMessage(), e);
        } catch (CheckpointException e) {
            throw new CommandFailure(
                    ExitCodes.BAD_INPUT, "stage " + name + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            CommandFailure f = RunDirectory.ioFailure(out, e);
            throw new CommandFailure(
                    f.exitCode(), "stage " + name + " failed: " + f.getMessage(), e);
        } catch (DatasetException
                | BoardProfileException
                | OnnxImportException
                | IllegalArgumentException e) {
            // IllegalArgumentException: the checkpoint to resume was written by another
            // configuration
            throw new CommandFailure(
                    ExitCodes.BAD_INPUT, "stage " + name + " failed: " + e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new CommandFailure(
                    ExitCodes.DIVERGED, "stage " + name + " failed: " + e.getMessage(), e);
        } catch (CommandFailure e) {
            throw e;
        } catch (Exception e) {
            throw new CommandFailure(ExitCodes.INTERNAL, "stage " + name + " failed: " + e, e);
        }
    }

    private static String csv(JsonObject report, String key) {
        List<String> v = new ArrayList<>();
        report.getAsJsonObject("normalization")
                .getAsJsonArray(key)
                .forEach(e -> v.add(e.getAsString()));
        return String.join(",", v);
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    /**
     * Defaults that make the bare command a complete run that yields a deployable model within
     * about ten minutes: two epochs on all the data (one pruning, one fine-tuning) with budgets
     * below the pretrained base (52.7 KB flash, 27.2 KB SRAM on qemu-m4).
     */
    public static final class Defaults implements CommandLine.IDefaultValueProvider {
        private static final Map<String, String> VALUES =
                Map.of(
                        "--out", "runs/prune-and-flash",
                        "--epochs", "2",
                        "--prune-share", "0.5",
                        "--train-limit", "0",
                        "--validation", "0",
                        "--test-limit", "0",
                        "--flash", "40KiB",
                        "--sram", "24KiB");

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec spec) {
            return spec.isOption()
                    ? VALUES.get(((CommandLine.Model.OptionSpec) spec).longestName())
                    : null;
        }
    }
}
