package org.tinyprune.run;

import org.tinyprune.prune.CostView;
import org.tinyprune.prune.CouplingGroups;
import org.tinyprune.prune.ResourceTrace;
import org.tinyprune.resource.ResourceModel;
import org.tinyprune.train.EpochResult;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingListener;

/** Records the exact resources of the trained network after every epoch (for the baselines' plots). */
final class EpochTrace implements TrainingListener {
    private final ResourceModel model;
    private final ResourceTrace trace;

    EpochTrace(ResourceModel model, ResourceTrace trace) {
        this.model = model;
        this.trace = trace;
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult r) {
        CostView v = CostView.of(trainer.graph(), CouplingGroups.analyse(trainer.graph()));
        trace.record(r.epoch() + 1, model.evaluate(v.costGraph(), v.fullCounts()));
        trace.accuracy(r.epoch() + 1, r.validationAccuracy());
    }
}
