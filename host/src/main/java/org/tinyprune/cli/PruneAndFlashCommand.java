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
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.data.DatasetException;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.run.Json;
import org.tinyprune.run.PruneAndFlash;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.PruneJob;
import org.tinyprune.run.StageRecord;
import org.tinyprune.train.CheckpointException;
import org.tinyprune.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code tinyprune prune-and-flash}: prune → quantise → ONNX → codegen → build → flash → measure →
 * compare predicted with measured → report. Each stage keeps its output under the run directory
 * ({@code prune/}, {@code measure/}); {@code --resume} skips the stages already completed.
 */
@Command(name = "prune-and-flash", mixinStandardHelpOptions = true,
        defaultValueProvider = PruneAndFlashCommand.Defaults.class,
        description = "Prune a model to a board's budgets, flash it, measure it there, and report predicted "
                + "against measured. With no --model, --width or --onnx: the shipped pretrained vgg-small x0.5 "
                + "(models/" + PruneAndFlashCommand.PRETRAINED + ", made by scripts/make-pretrained.sh) is pruned with "
                + "dnp and distilled from itself, 2 epochs on all of Fashion-MNIST, for qemu-m4.",
        footer = {"", "--resume continues the run in --out stage by stage (prune: train, prune, quantise, export; "
                + "measure: codegen, build, flash, run). A finished stage is reused only when it was made with the "
                + "same options, board and board profile as this command; an interrupted prune continues from its "
                + "last epoch's checkpoint; the measure stage is made again when the pruned model changed. A stage "
                + "made with other options (budgets, method, epochs, data, seed, board, cost model, samples, port) "
                + "is refused with the differences listed: run without --resume to make every stage again, or "
                + "give another --out."})
public final class PruneAndFlashCommand implements Callable<Integer> {
    /** The pretrained base the bare command starts from, under the repository's {@code models/}. */
    public static final String PRETRAINED = "vgg-small-x0.5-fashion-mnist.onnx";

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Mixin
    PruneOptions pruning;

    @Mixin
    PortOption port;

    @Option(names = "--samples", defaultValue = "200", description = "Test images classified on the board.")
    int samples;

    @Override
    public Integer call() throws Exception {
        startFromPretrainedUnlessAModelIsNamed();
        PruneConfig config = pruning.config(training);
        if (samples < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--samples must be at least 1, got " + samples, null);
        }
        Path out = training.out();
        try (RunDirectory run = RunDirectory.open(out, "prune/report.json", "prune/checkpoint.bin")) {
            int code = run(config, out);
            run.succeeded();
            return code;
        } catch (IOException e) {
            throw RunDirectory.ioFailure(out, e);
        }
    }

    private int run(PruneConfig config, Path out) throws IOException {
        BoardProfile profile = profile(config.board());
        Path pruneDir = out.resolve(PruneAndFlash.PRUNE);
        Path measureDir = out.resolve(PruneAndFlash.MEASURE);
        StageRecord prune = PruneAndFlash.pruneStage(config, profile);
        if (decide(prune, pruneDir, "report.json", "model_int8.onnx") == StageRecord.Decision.RUN) {
            stage("prune", out, () -> {
                StageRecord.clear(pruneDir);
                PruneJob.run(config, pruneDir, training.resume, System.out);
                prune.write(pruneDir);
                return null;
            });
        } else {
            System.out.println("prune: done earlier with the same configuration, reusing " + pruneDir);
        }
        Path model = pruneDir.resolve("model_int8.onnx");
        StageRecord measure = PruneAndFlash.measureStage(config, profile, port.port(), samples, model);
        if (decide(measure, measureDir, "measure.json") == StageRecord.Decision.RUN) {
            StageRecord.clear(measureDir);
            Files.deleteIfExists(measureDir.resolve("measure.json")); // never report an earlier run's figures
            JsonObject pruned = Json.read(pruneDir.resolve("report.json")).getAsJsonObject();
            List<String> args = new ArrayList<>(List.of("--board", config.board(), "--onnx",
                    model.toString(), "--samples", Integer.toString(samples),
                    "--out", measureDir.toString(), "--dataset", config.train().dataset(),
                    "--mean", csv(pruned, "mean"), "--std", csv(pruned, "std")));
            if (config.train().dataDir() != null) {
                args.addAll(List.of("--data-dir", config.train().dataDir().toString()));
            }
            if (port.port() != null) {
                args.addAll(List.of("--port", port.port()));
            }
            int code = Main.commandLine().execute(prepend("measure", args));
            if (code != ExitCodes.OK && !Files.exists(measureDir.resolve("measure.json"))) {
                throw new CommandFailure(code, "stage measure failed (exit " + code + "); see the message above", null);
            }
            measure.write(measureDir);
        } else {
            System.out.println("measure: done earlier with the same board, samples and model, reusing " + measureDir);
        }
        JsonObject report = PruneAndFlash.report(out, pruneDir, measureDir);
        System.out.printf(Locale.ROOT, "prune-and-flash: report in %s and %s%n", out.resolve("report.json"),
                out.resolve("report.md"));
        return report.get("device_matches_host").getAsBoolean() ? ExitCodes.OK : ExitCodes.BOARD;
    }

    private static BoardProfile profile(String board) {
        try {
            return BoardRegistry.ofRepository().load(board);
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    /** Whether {@code --resume} reuses the stage; a stage recorded under other options is a bad-input failure. */
    private StageRecord.Decision decide(StageRecord record, Path dir, String... outputs) {
        try {
            return record.decide(dir, training.resume, outputs);
        } catch (IllegalArgumentException | IOException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }

    /**
     * Without --model, --width or --onnx the run starts from the shipped pretrained base and distils
     * from it (the report's {@code start} and the model's provenance name the file).
     */
    private void startFromPretrainedUnlessAModelIsNamed() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--model") || parsed.hasMatchedOption("--width")
                || parsed.hasMatchedOption("--onnx")) {
            return;
        }
        Path model;
        try {
            model = org.tinyprune.board.RepositoryRoot.locate().resolve("models").resolve(PRETRAINED);
        } catch (org.tinyprune.board.BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
        if (!Files.isRegularFile(model)) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, "the pretrained base " + model + " is missing; run "
                    + "scripts/make-pretrained.sh to make it, or name a model with --model or --onnx", null);
        }
        training.onnx = model;
        if (!parsed.hasMatchedOption("--teacher")) {
            training.distill = true;
        }
        System.out.println("starting from the pretrained base " + model + " (name --model or --onnx to start elsewhere)");
    }

    private interface Stage {
        Object run() throws Exception;
    }

    private static void stage(String name, Path out, Stage s) {
        try {
            s.run();
        } catch (BudgetInfeasibleException e) {
            throw new CommandFailure(ExitCodes.BUDGET, "stage " + name + " failed: " + e.getMessage(), e);
        } catch (CheckpointException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, "stage " + name + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            CommandFailure f = RunDirectory.ioFailure(out, e);
            throw new CommandFailure(f.exitCode(), "stage " + name + " failed: " + f.getMessage(), e);
        } catch (DatasetException | BoardProfileException | OnnxImportException | IllegalArgumentException e) {
            // IllegalArgumentException: the checkpoint to resume was written by another configuration
            throw new CommandFailure(ExitCodes.BAD_INPUT, "stage " + name + " failed: " + e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new CommandFailure(ExitCodes.DIVERGED, "stage " + name + " failed: " + e.getMessage(), e);
        } catch (CommandFailure e) {
            throw e;
        } catch (Exception e) {
            throw new CommandFailure(ExitCodes.INTERNAL, "stage " + name + " failed: " + e, e);
        }
    }

    private static String csv(JsonObject report, String key) {
        List<String> v = new ArrayList<>();
        report.getAsJsonObject("normalization").getAsJsonArray(key).forEach(e -> v.add(e.getAsString()));
        return String.join(",", v);
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    /**
     * Defaults that make the bare command a complete run that yields a deployable model within about
     * ten minutes: two epochs on all the data (one pruning, one fine-tuning) with budgets below the
     * pretrained base (52.7 KB flash, 27.2 KB SRAM on qemu-m4).
     */
    public static final class Defaults implements CommandLine.IDefaultValueProvider {
        private static final Map<String, String> VALUES = Map.of(
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
            return spec.isOption() ? VALUES.get(((CommandLine.Model.OptionSpec) spec).longestName()) : null;
        }
    }

}
