package org.tinyprune.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.data.Augmentation;
import org.tinyprune.data.DatasetException;
import org.tinyprune.export.OnnxExporter;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.MemoryPlan;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.CostView;
import org.tinyprune.prune.ResourceTrace;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.resource.Overheads;
import org.tinyprune.train.Evaluation;
import org.tinyprune.train.TrainingDivergedException;

/**
 * The {@code prune} job: trains and prunes a zoo model (or an imported one, from its weights) to a
 * board's budgets with the chosen method, fine-tunes, quantises to int8, and writes {@code
 * model.onnx}, {@code model_int8.onnx}, {@code report.json} and plots into the run directory. The
 * report lists every coupling group with its width before and after ({@code groups}) and each group
 * kept whole with the reason ({@code kept_whole}, also printed before training). The methods plan
 * latency against the budget less the board's calibrated latency margin ({@link BudgetPlan});
 * {@code report.json} keeps the user's {@code budgets} beside the {@code planning_budgets} and the
 * {@code latency_margin}. {@code search} also writes {@code search.json} (every candidate of its
 * width search) and reports {@code search_seconds}; every method reports {@code seconds_to_model},
 * the wall time from the start network to the trained final one (search plus training).
 */
public final class PruneJob {
    /** The report, written last (atomically): a run directory holding it is a finished stage. */
    public static final String REPORT = "report.json";

    /** Every artefact of a finished stage; {@link #REPORT} comes after all of them. */
    static final List<String> ARTEFACTS =
            List.of(
                    "model.onnx",
                    "model_int8.onnx",
                    "flash.png",
                    "sram.png",
                    "latency.png",
                    "macs.png",
                    "accuracy.png",
                    "channels.png");

    private static final int CALIBRATION_BATCHES = 16;

    private PruneJob() {}

    /** Runs the job afresh (see {@link #run(PruneConfig, Path, boolean, PrintStream)}). */
    public static Map<String, Object> run(PruneConfig config, Path out, PrintStream progress)
            throws DatasetException,
                    TrainingDivergedException,
                    IOException,
                    BoardProfileException,
                    BudgetInfeasibleException,
                    OnnxImportException {
        return run(config, out, false, progress);
    }

    /**
     * Runs the job.
     *
     * @param resume continue mid-training from {@code out/checkpoint.bin} when it exists
     * @return the report written to {@code report.json}
     * @throws BudgetInfeasibleException before training, when the architecture cannot meet the
     *     budgets
     * @throws IllegalArgumentException when the checkpoint to resume was written by another
     *     configuration
     */
    public static Map<String, Object> run(
            PruneConfig config, Path out, boolean resume, PrintStream progress)
            throws DatasetException,
                    TrainingDivergedException,
                    IOException,
                    BoardProfileException,
                    BudgetInfeasibleException,
                    OnnxImportException {
        return run(
                config, out, resume, progress, BoardRegistry.ofRepository().load(config.board()));
    }

    /**
     * Runs the job planning with {@code profile} (the board's profile in use, or the one a round of
     * prune-and-flash's calibration loop re-plans with) instead of the one the registry resolves.
     *
     * @param profile the board profile of {@code config.board()} whose cost model the pruner plans
     *     with
     * @return the report written to {@code report.json}
     */
    public static Map<String, Object> run(
            PruneConfig config,
            Path out,
            boolean resume,
            PrintStream progress,
            BoardProfile profile)
            throws DatasetException,
                    TrainingDivergedException,
                    IOException,
                    BoardProfileException,
                    BudgetInfeasibleException,
                    OnnxImportException {
        Overheads model = Overheads.of(profile);
        BudgetPlan plan = BudgetPlan.of(budgets(config, profile), profile);
        boolean fresh = !Files.exists(out);
        Session s = Session.open(config.train(), progress);
        Files.createDirectories(out);
        try {
            return run(config, out, resume, progress, profile, model, plan, s);
        } catch (RuntimeException
                | IOException
                | BudgetInfeasibleException
                | TrainingDivergedException e) {
            if (fresh) {
                StagedOutput.removeIfEmpty(out);
            }
            throw e;
        }
    }

    private static Map<String, Object> run(
            PruneConfig config,
            Path out,
            boolean resume,
            PrintStream progress,
            BoardProfile profile,
            Overheads model,
            BudgetPlan plan,
            Session s)
            throws TrainingDivergedException, IOException, BudgetInfeasibleException {
        Budgets budgets = plan.planned();
        int multiple = Math.max(1, profile.getChannelMultiple());
        Graph base = s.graph();
        CostView baseView = Figures.view(model, base, budgets, List.of());
        Map<String, Object> baseFigures = Figures.of(baseView);
        progress.printf(
                "base %s: %s%nbudgets: %s%n",
                config.train().asMap().get("model"), baseFigures, Figures.budgets(plan.user()));
        String planning = plan.describe();
        if (!planning.isEmpty()) {
            progress.println(planning);
        }
        List<String> keptWhole = GroupsReport.keptWhole(base);
        progress.printf("channel groups kept whole (%d):%n", keptWhole.size());
        keptWhole.forEach(line -> progress.println("  " + line));
        PruneTraining training =
                new PruneTraining(config, s, model, budgets, multiple, out, resume, progress);
        Graph result;
        try {
            result = training.run();
        } catch (BudgetInfeasibleException e) {
            throw plan.explain(e);
        }
        double trainSeconds = training.seconds();
        ResourceTrace trace = training.trace();
        int epochs = config.train().epochs();
        int pruneEpochs = training.pruneEpochs();
        // the one choice of plan: the pruned widths under the budgets, among the plans of the
        // pruned
        // network and those the pruner priced on the base; model_int8.onnx records it for codegen
        CostView resultView = Figures.view(model, result, budgets, baseView.choices());
        Map<String, Object> predicted = Figures.of(resultView);
        if (config.prunes() && !Figures.within(predicted, budgets)) {
            throw new IllegalStateException(
                    "the pruned network misses a planned budget: "
                            + predicted
                            + " vs "
                            + Figures.budgets(budgets));
        }
        double floatAccuracy = Evaluation.accuracy(result, s.data().testBatches(256));
        QuantizedModel q =
                Quantizer.quantize(
                        result,
                        Samples.tensors(
                                s.data()
                                        .withAugmentation(Augmentation.NONE)
                                        .trainingBatches(64, config.train().seed()),
                                base.inputShape(),
                                CALIBRATION_BATCHES),
                        QuantOptions.DEFAULTS);
        double int8Accuracy = q.evaluate(s.data().testBatches(256));
        Provenance provenance = s.provenance(config.asMap());
        OnnxExporter.exportFloat(result, out.resolve("model.onnx"), provenance, s.exportOptions());
        q.exportQdq(out.resolve("model_int8.onnx"), provenance, resultView.choice());
        checkPlanned(out.resolve("model_int8.onnx"), resultView.choice(), predicted);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("method", config.method());
        plan.addTo(report);
        report.put("predicted", predicted);
        report.put("plan", Figures.plan(resultView));
        report.put("base", baseFigures);
        report.put("accuracy", Map.of("float", floatAccuracy, "int8", int8Accuracy));
        report.put("channels", Figures.channels(base, result));
        report.put("groups", GroupsReport.groups(base, result));
        report.put("kept_whole", keptWhole);
        report.put("train_seconds", trainSeconds);
        Map<String, Object> search = training.searchSummary();
        double searchSeconds = search == null ? 0 : ((Number) search.get("seconds")).doubleValue();
        if (search != null) {
            report.put("search_seconds", searchSeconds);
            report.put("search", search);
        }
        report.put("seconds_to_model", searchSeconds + trainSeconds);
        report.put("epochs", epochs);
        report.put("prune_epochs", pruneEpochs);
        report.put("start", training.pretrained() ? "imported weights" : "random initialisation");
        report.put("resumed_after_epoch", training.resumedEpochs());
        report.put("trace", trace.points());
        report.put("predicted_layer_cycles", Figures.layerCycles(resultView));
        report.put(
                "normalization",
                Map.of(
                        "mean",
                        s.data().normalization().mean(),
                        "std",
                        s.data().normalization().std()));
        report.put("provenance", provenance.toMap());
        trace.plot(out, plan.user().asArray(), config.method());
        Figures.plotChannels(out.resolve("channels.png"), base, result);
        Json.write(out.resolve(REPORT), report); // last: its presence means the stage finished
        progress.printf(
                "%s: float %.2f%%, int8 %.2f%%; predicted %s%n",
                config.method(), 100 * floatAccuracy, 100 * int8Accuracy, predicted);
        if (search != null) {
            progress.printf(
                    java.util.Locale.ROOT,
                    "search: %.1f s searching + %.1f s training = %.1f s to the model%n",
                    searchSeconds,
                    trainSeconds,
                    searchSeconds + trainSeconds);
        }
        return report;
    }

    /**
     * Checks that code generation reads the written model back under the plan the pruner chose and
     * plans the arena it predicted: what is predicted is what is built.
     *
     * @throws IllegalStateException when it does not (a bug)
     */
    private static void checkPlanned(
            Path int8Model, PlanChoice choice, Map<String, Object> predicted) throws IOException {
        MemoryPlan built;
        try {
            built = DeviceModel.fromOnnx(int8Model).generated().plan();
        } catch (UnsupportedModelException e) {
            throw new IllegalStateException(
                    "the written int8 model cannot be read back for deployment: " + e.getMessage(),
                    e);
        }
        long arena = ((Number) predicted.get("arena_bytes")).longValue();
        if (!PlanChoice.of(built).equals(choice) || built.arenaBytes() != arena) {
            throw new IllegalStateException(
                    "code generation plans "
                            + int8Model.getFileName()
                            + " "
                            + PlanChoice.of(built).describe()
                            + " with a "
                            + built.arenaBytes()
                            + " B arena, where the pruner "
                            + "predicted "
                            + choice.describe()
                            + " with "
                            + arena
                            + " B (a bug; please report it)");
        }
    }

    /**
     * Whether {@code out} holds a finished prune stage: its report, readable as a JSON object, and
     * every artefact written before it. A run that failed after training (a full disk while drawing
     * the plots) has no report and is not finished.
     *
     * @param out a prune run directory
     * @return true when {@code --resume} may reuse it as it is
     */
    public static boolean finished(Path out) {
        for (String f : ARTEFACTS) {
            if (!Files.isRegularFile(out.resolve(f))) {
                return false;
            }
        }
        try {
            return Files.isRegularFile(out.resolve(REPORT))
                    && Json.read(out.resolve(REPORT)).isJsonObject();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Budgets budgets(PruneConfig c, BoardProfile p) {
        double inf = Double.POSITIVE_INFINITY;
        return new Budgets(
                c.flash() == null
                        ? p.getFlash().getLength()
                        : Budgets.parseBytes("--flash", c.flash()),
                c.sram() == null ? p.getSram().getLength() : Budgets.parseBytes("--sram", c.sram()),
                c.latency() == null
                        ? inf
                        : Budgets.parseLatency("--latency", c.latency(), p.getClockHz()),
                c.macs() == null ? inf : Budgets.parseCount("--macs", c.macs()));
    }
}
