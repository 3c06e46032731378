package org.tinyprune.run;

import java.util.List;
import org.tinyprune.nn.Graph;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.CostView;
import org.tinyprune.prune.CouplingGroups;
import org.tinyprune.prune.ResourceTrace;
import org.tinyprune.resource.Overheads;
import org.tinyprune.train.EpochResult;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingListener;

/**
 * Records the exact resources of the trained network after every epoch (for the baselines' plots).
 */
final class EpochTrace implements TrainingListener {
    private final Overheads overheads;
    private final ResourceTrace trace;
    private final Budgets budgets;

    /**
     * @param budgets the planning budgets, which choose the execution plan priced ({@link
     *     CostView})
     */
    EpochTrace(Overheads overheads, ResourceTrace trace, Budgets budgets) {
        this.overheads = overheads;
        this.trace = trace;
        this.budgets = budgets;
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult r) {
        Graph g = trainer.graph();
        trace.record(
                r.epoch() + 1,
                CostView.of(g, CouplingGroups.analyse(g), overheads, budgets, List.of())
                        .evaluate());
        trace.accuracy(r.epoch() + 1, r.validationAccuracy());
    }
}
