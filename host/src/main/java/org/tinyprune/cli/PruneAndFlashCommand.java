package org.tinyprune.cli;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.data.DatasetException;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.run.Json;
import org.tinyprune.run.PruneAndFlash;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.PruneJob;
import org.tinyprune.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tinyprune prune-and-flash}: prune → quantise → ONNX → codegen → build → flash → measure →
 * compare predicted with measured → report. Each stage keeps its output under the run directory
 * ({@code prune/}, {@code measure/}); {@code --resume} skips the stages already completed.
 */
@Command(name = "prune-and-flash", mixinStandardHelpOptions = true,
        defaultValueProvider = PruneAndFlashCommand.Defaults.class,
        description = "Prune a model to a board's budgets, flash it, measure it there, and report predicted "
                + "against measured. With no arguments: vgg-small on Fashion-MNIST for qemu-m4.")
public final class PruneAndFlashCommand implements Callable<Integer> {
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
        PruneConfig config = pruning.config(training);
        if (samples < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--samples must be at least 1, got " + samples, null);
        }
        Path out = training.out();
        Path pruneDir = out.resolve("prune");
        Path measureDir = out.resolve("measure");
        if (!(training.resume && Files.exists(pruneDir.resolve("report.json")))) {
            stage("prune", () -> PruneJob.run(config, pruneDir, System.out));
        } else {
            System.out.println("prune: done earlier, reusing " + pruneDir);
        }
        if (!(training.resume && Files.exists(measureDir.resolve("measure.json")))) {
            JsonObject pruned = Json.read(pruneDir.resolve("report.json")).getAsJsonObject();
            List<String> args = new ArrayList<>(List.of("--board", config.board(), "--onnx",
                    pruneDir.resolve("model_int8.onnx").toString(), "--samples", Integer.toString(samples),
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
        } else {
            System.out.println("measure: done earlier, reusing " + measureDir);
        }
        JsonObject report = PruneAndFlash.report(out, pruneDir, measureDir);
        System.out.printf(Locale.ROOT, "prune-and-flash: report in %s and %s%n", out.resolve("report.json"),
                out.resolve("report.md"));
        return report.get("device_matches_host").getAsBoolean() ? ExitCodes.OK : ExitCodes.BOARD;
    }

    private interface Stage {
        Object run() throws Exception;
    }

    private static void stage(String name, Stage s) {
        try {
            s.run();
        } catch (BudgetInfeasibleException e) {
            throw new CommandFailure(ExitCodes.BUDGET, "stage " + name + " failed: " + e.getMessage(), e);
        } catch (DatasetException | BoardProfileException | OnnxImportException e) {
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
     * Defaults that make the bare command a complete, quick demonstration: a short run on a
     * subset with budgets far below the unpruned model (vgg-small needs ~150 KB flash, ~60 KB SRAM).
     */
    public static final class Defaults implements CommandLine.IDefaultValueProvider {
        private static final Map<String, String> VALUES = Map.of(
                "--out", "runs/prune-and-flash",
                "--epochs", "3",
                "--train-limit", "10000",
                "--validation", "0.02",
                "--test-limit", "2000",
                "--flash", "40KiB",
                "--sram", "24KiB");

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec spec) {
            return spec.isOption() ? VALUES.get(((CommandLine.Model.OptionSpec) spec).longestName()) : null;
        }
    }

}
