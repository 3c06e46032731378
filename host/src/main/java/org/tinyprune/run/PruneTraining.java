package org.tinyprune.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.tinyprune.nn.Graph;
import org.tinyprune.prune.Baselines;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.ChannelCounts;
import org.tinyprune.prune.PruneSchedule;
import org.tinyprune.prune.ResourceTrace;
import org.tinyprune.prune.SoftPruner;
import org.tinyprune.resource.Overheads;
import org.tinyprune.train.Checkpoint;
import org.tinyprune.train.CheckpointListener;
import org.tinyprune.train.ProgressListener;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingDivergedException;
import org.tinyprune.train.TrainingListener;

/**
 * The training phase of a {@code prune} run for each method, checkpointed after every epoch into
 * {@code checkpoint.bin} and resumable from it mid-training: the checkpoint holds the weights and
 * optimizer state of the network being trained, its (possibly pruned) architecture as {@link
 * ChannelCounts}, the pruning schedule's and pruner's state, the resource trace and the training
 * seconds so far, and a hash of the configuration so a run is never continued under another one.
 */
final class PruneTraining {
    /** The checkpoint file in the run directory. */
    static final String CHECKPOINT = "checkpoint.bin";

    private static final double WIDTH_TRAVERSALS = 4;
    private static final double MIN_WIDTH_RATE = 5e-4;
    private static final double MAX_WIDTH_RATE = 0.05;
    private static final String NANOS = "time:train_nanos";

    private final PruneConfig config;
    private final Session session;
    private final Overheads model;
    private final Budgets budgets;
    private final int multiple;
    private final ResourceTrace trace = new ResourceTrace();
    private final Checkpoint from;
    private final long priorNanos;
    private final long configHash;
    private final PrintStream progress;
    private final Path checkpointFile;
    private final boolean resume;
    private SearchTraining search;
    private long startNanos;

    /**
     * @param resume continue from {@code out/checkpoint.bin} when it exists
     * @throws IOException when the checkpoint cannot be read
     * @throws IllegalArgumentException when the checkpoint belongs to another configuration
     */
    PruneTraining(
            PruneConfig config,
            Session session,
            Overheads model,
            Budgets budgets,
            int multiple,
            Path out,
            boolean resume,
            PrintStream progress)
            throws IOException {
        this.config = config;
        this.session = session;
        this.model = model;
        this.budgets = budgets;
        this.multiple = multiple;
        this.progress = progress;
        this.checkpointFile = out.resolve(CHECKPOINT);
        this.resume = resume;
        // the planned budgets join the hash: a recalibrated latency margin changes them under the
        // same flags
        this.configHash =
                (config.asMap().toString() + Arrays.toString(budgets.asArray())).hashCode();
        this.from = resume && Files.exists(checkpointFile) ? Checkpoint.read(checkpointFile) : null;
        if (from != null && !from.writtenBy(configHash)) {
            throw new IllegalArgumentException(
                    checkpointFile
                            + " was written by a run with another configuration "
                            + "(method, budgets, epochs, data or seed differ, or the board's calibrated latency margin changed the "
                            + "planned budgets); run without --resume, or use another --out");
        }
        this.priorNanos = from == null ? 0 : from.counter(NANOS);
    }

    /** The resources over training, for the report's plots. */
    ResourceTrace trace() {
        return trace;
    }

    /**
     * True when the run starts from an imported model's trained weights rather than a zoo model's
     * random initialisation. Then {@code l1} prunes before the first epoch (L1-norm pruning is
     * defined on a trained network, which a zoo model only becomes after its pruning-phase epochs)
     * and every epoch fine-tunes; {@code dnp} keeps its schedule (its soft masks start at one, so
     * the network starts out computing what was imported, and its channel ranking reads the trained
     * weights from the start); {@code uniform} and every candidate of {@code search} keep the
     * largest-L1 channels of each group (the first ones of a zoo model's initialisation).
     */
    boolean pretrained() {
        return config.train().imported() != null;
    }

    /**
     * Epochs spent pruning before fine-tuning: none when {@code l1} prunes an imported model at
     * once.
     */
    int pruneEpochs() {
        int epochs = config.train().epochs();
        return config.method().equals("l1") && pretrained()
                ? 0
                : Math.min(epochs, config.pruneEpochs());
    }

    /** Epochs already done by the run resumed from (0 when starting afresh). */
    int resumedEpochs() {
        return from == null ? 0 : from.epoch();
    }

    /** The width search of {@code search} for the report, or null for the other methods. */
    java.util.Map<String, Object> searchSummary() {
        return search == null ? null : search.summary();
    }

    /**
     * Seconds spent training (after the width search of {@code search}), over every session of a
     * resumed run.
     */
    double seconds() {
        return (priorNanos + System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Trains (and prunes) with the configured method.
     *
     * @return the trained network, gate-free, meeting the budgets (unless the method is {@code
     *     none})
     * @throws BudgetInfeasibleException before training, when the architecture cannot meet the
     *     budgets
     * @throws IOException when {@code search} cannot read or write {@code search.json}
     */
    Graph run() throws BudgetInfeasibleException, TrainingDivergedException, IOException {
        startNanos = System.nanoTime();
        Graph base = session.graph();
        int epochs = config.train().epochs();
        int pruneEpochs = Math.min(epochs, config.pruneEpochs());
        if (from != null) {
            progress.printf(
                    "resuming %s from %s after epoch %d%n",
                    config.method(), checkpointFile, from.epoch());
            trace.restore(from);
        }
        Trainer trainer =
                switch (config.method()) {
                    case "dnp" -> {
                        long pruneSteps =
                                (long) session.trainingBatches().batchesPerEpoch() * pruneEpochs;
                        double rate =
                                Math.max(
                                        MIN_WIDTH_RATE,
                                        Math.min(MAX_WIDTH_RATE, WIDTH_TRAVERSALS / pruneSteps));
                        SoftPruner pruner =
                                new SoftPruner(
                                        base, model, budgets, config.salience(), multiple, rate);
                        pruner.checkFeasible();
                        PruneSchedule schedule =
                                new PruneSchedule(
                                        pruner, pruneEpochs, session::optimizer, trace, model);
                        Graph start = from == null ? pruner.graph() : schedule.restore(from, base);
                        yield trainer(start, schedule, schedule);
                    }
                    case "uniform" ->
                            trainer(
                                    Baselines.uniform(base, model, budgets, multiple, pretrained()),
                                    new EpochTrace(model, trace, budgets),
                                    null);
                    case "l1" -> {
                        Graph start = from == null ? base : ChannelCounts.restore(base, from);
                        if (pretrained() && from == null) {
                            start =
                                    Baselines.l1(
                                            base, model, budgets,
                                            multiple); // the weights are trained: prune now
                        }
                        Trainer t = trainer(start, new EpochTrace(model, trace, budgets), null);
                        if (!pretrained() && (from == null || from.epoch() <= pruneEpochs)) {
                            Baselines.checkFeasible(base, model, budgets, multiple);
                            t.fit(session.trainingBatches(), pruneEpochs);
                            Graph pruned = Baselines.l1(t.graph(), model, budgets, multiple);
                            t.replaceNetwork(pruned, session.optimizer(pruned));
                        }
                        yield t;
                    }
                    case "search" -> {
                        search =
                                new SearchTraining(
                                        config,
                                        session,
                                        model,
                                        budgets,
                                        multiple,
                                        checkpointFile.resolveSibling(SearchRecord.FILE),
                                        configHash,
                                        pretrained(),
                                        progress);
                        Graph start = search.run(resume, from != null);
                        // training seconds count from here; the search has its own
                        startNanos = System.nanoTime();
                        yield trainer(start, new EpochTrace(model, trace, budgets), null);
                    }
                    default -> trainer(base, new EpochTrace(model, trace, budgets), null);
                };
        trainer.fit(session.trainingBatches(), epochs);
        return trainer.graph();
    }

    /**
     * A trainer on {@code start} with progress, the method's listener and checkpoints, resumed when
     * asked.
     */
    private Trainer trainer(
            Graph start, TrainingListener method, CheckpointListener.Contributor methodState) {
        CheckpointListener checkpoints =
                new CheckpointListener(checkpointFile)
                        .contributor(
                                (t, c) -> {
                                    c.withCounter(Checkpoint.CONFIG_HASH, configHash)
                                            .withCounter(
                                                    NANOS,
                                                    priorNanos + System.nanoTime() - startNanos);
                                    ChannelCounts.save(t.graph(), c);
                                    trace.save(c);
                                });
        if (methodState != null) {
            checkpoints.contributor(methodState);
        }
        Trainer trainer =
                session.trainer(start)
                        .addListener(new ProgressListener(progress))
                        .addListener(method)
                        .addListener(checkpoints);
        if (from != null) {
            trainer.resume(from);
        }
        return trainer;
    }
}
