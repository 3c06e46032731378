package org.tinyprune.prune;

import java.util.List;
import java.util.function.Function;
import org.tinyprune.nn.Graph;
import org.tinyprune.resource.Overheads;
import org.tinyprune.train.BatchResult;
import org.tinyprune.train.Checkpoint;
import org.tinyprune.train.CheckpointListener;
import org.tinyprune.train.EpochResult;
import org.tinyprune.train.Optimizer;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingListener;

/**
 * The {@code dnp} pruning schedule as a training listener: during the first {@code pruneEpochs}
 * epochs it updates the soft widths after every batch, re-ranks channels 80 times and removes
 * settled channels 20 times over the pruning phase (swapping the smaller network into the trainer);
 * at the end of the last pruning epoch it hardens the widths to integer counts that meet the
 * budgets, and the remaining epochs fine-tune.
 *
 * <p>As a {@link CheckpointListener.Contributor} it saves whether hardening happened and the
 * pruner's state, so {@link #restore} continues a run mid-training.
 */
public final class PruneSchedule implements TrainingListener, CheckpointListener.Contributor {
    private static final int RERANKS = 80;
    private static final int REMOVALS = 20;
    private static final int TRACES = 60;

    private final SoftPruner pruner;
    private final int pruneEpochs;
    private final Function<Graph, Optimizer> optimizers;
    private final ResourceTrace trace;
    private final Overheads overheads;
    private Graph hardened;

    /**
     * @param pruner the pruner, whose {@link SoftPruner#graph()} the trainer starts on
     * @param pruneEpochs epochs of pruning before fine-tuning
     * @param optimizers builds a fresh optimizer for a (new) network
     * @param trace where resources over training are recorded
     * @param overheads the board's resource-model overheads, for the trace after hardening
     */
    public PruneSchedule(
            SoftPruner pruner,
            int pruneEpochs,
            Function<Graph, Optimizer> optimizers,
            ResourceTrace trace,
            Overheads overheads) {
        this.pruner = pruner;
        this.overheads = overheads;
        this.pruneEpochs = pruneEpochs;
        this.optimizers = optimizers;
        this.trace = trace;
    }

    /** The hardened network once pruning ended, else null. */
    public Graph hardened() {
        return hardened;
    }

    @Override
    public void contribute(Trainer trainer, Checkpoint c) {
        c.withCounter("schedule:hardened", hardened == null ? 0 : 1);
        if (hardened == null) {
            pruner.save(c);
        }
    }

    /**
     * Continues from a checkpoint this schedule contributed to: rebuilds the network of the
     * recorded architecture ({@link ChannelCounts}) and, before hardening, the pruner's state.
     *
     * @param base the unpruned network of the run
     * @return the network to resume training (its weights are then loaded from {@code c})
     */
    public Graph restore(Checkpoint c, Graph base) {
        Graph shape = ChannelCounts.restore(base, c);
        if (c.counter("schedule:hardened") != 0) {
            hardened = shape;
            return shape;
        }
        pruner.restore(c, shape);
        return pruner.graph();
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchResult r) {
        if (hardened != null) {
            return;
        }
        pruner.update();
        long step = r.step() + 1;
        long phase = (long) r.batches() * pruneEpochs;
        if (step % Math.max(1, phase / TRACES) == 0) {
            trace.record(r.epoch() + (double) (r.batch() + 1) / r.batches(), pruner.lastEstimate());
        }
        if (step % Math.max(1, phase / RERANKS) == 0) {
            pruner.rerank();
        }
        if (step % Math.max(1, phase / REMOVALS) == 0 && pruner.removeSettled()) {
            trainer.replaceNetwork(pruner.graph(), optimizers.apply(pruner.graph()));
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult r) {
        trace.accuracy(r.epoch() + 1, r.validationAccuracy());
        if (hardened == null && r.epoch() + 1 >= pruneEpochs) {
            harden(trainer);
        }
        if (hardened != null) {
            trace.record(
                    r.epoch() + 1,
                    CostView.of(
                                    hardened,
                                    CouplingGroups.analyse(hardened),
                                    overheads,
                                    pruner.budgets(),
                                    List.of())
                            .evaluate());
        }
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        if (hardened == null) {
            harden(trainer);
        }
    }

    private void harden(Trainer trainer) {
        try {
            hardened = pruner.harden();
        } catch (BudgetInfeasibleException e) {
            // checkFeasible passed before training and every resource grows with channels, so the
            // greedy reduction always reaches a point within budget
            throw new IllegalStateException(
                    "hardening failed after a feasible start: " + e.getMessage(), e);
        }
        trainer.replaceNetwork(hardened, optimizers.apply(hardened));
    }
}
