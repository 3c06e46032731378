package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.resource.Overheads;
import org.tinyprune.train.BatchSource;
import org.tinyprune.train.LrSchedule;
import org.tinyprune.train.Sgd;
import org.tinyprune.train.SoftmaxCrossEntropy;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingListener;
import org.tinyprune.train.BatchResult;

/** Whether the schedule removes settled channels while pruning or keeps them all until hardening. */
class PruneScheduleTest {
    private static final Overheads MODEL = Overheads.NONE;
    private static final int BATCHES = 60;

    /** Random 2×8×8 inputs with three classes, the same every epoch. */
    private static final class Noise implements BatchSource {
        private final float[] x = new float[8 * 2 * 8 * 8];
        private final int[] y = new int[8];
        private int batch;

        @Override
        public int batchesPerEpoch() {
            return BATCHES;
        }

        @Override
        public void startEpoch(int epoch) {
            batch = 0;
        }

        @Override
        public boolean next() {
            if (batch == BATCHES) {
                return false;
            }
            SplittableRandom rng = new SplittableRandom(batch++);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = rng.nextInt(3);
            }
            return true;
        }

        @Override
        public float[] inputs() {
            return x;
        }

        @Override
        public int[] labels() {
            return y;
        }

        @Override
        public int size() {
            return y.length;
        }
    }

    /** Params of the network the trainer held at the end of each batch of the pruning epoch (gates excluded). */
    private static long[] run(boolean removeWhilePruning, Budgets budgets, Graph[] hardened) throws Exception {
        Graph base = GraphSurgeryTest.randomised(3);
        SoftPruner pruner = new SoftPruner(base, MODEL, budgets, Salience.FILTER_NORM, 1, 0.05);
        PruneSchedule schedule = new PruneSchedule(pruner, 1, g -> new Sgd(g.params(), 0.9f, true, 0f),
                new ResourceTrace(), MODEL, removeWhilePruning);
        Graph start = pruner.graph();
        Trainer t = new Trainer(start, new Sgd(start.params(), 0.9f, true, 0f),
                LrSchedule.cosine(0.02f, 0f, 2L * BATCHES, 5), new SoftmaxCrossEntropy(0f));
        long[] sizes = new long[BATCHES];
        t.addListener(schedule).addListener(new TrainingListener() {
            @Override
            public void onBatchEnd(Trainer trainer, BatchResult r) {
                if (r.epoch() == 0) {
                    sizes[r.batch()] = trainer.graph().paramCount();
                }
            }
        });
        t.fit(new Noise(), 2);
        hardened[0] = schedule.hardened();
        return sizes;
    }

    @Test
    void keepsEveryChannelUntilHardeningWhenAsked() throws Exception {
        double budget = 0.3 * CostViewTest.view(GraphSurgeryTest.randomised(3)).evaluate().macs();
        Budgets b = new Budgets(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, budget);
        Graph[] kept = new Graph[1];
        long[] keeping = run(false, b, kept);
        for (long s : keeping) {
            assertEquals(keeping[0], s, "no channel leaves the network before hardening");
        }
        assertTrue(CostViewTest.view(kept[0]).evaluate().macs() <= budget, "the hardened network meets the budget");
        Graph[] removed = new Graph[1];
        long[] removing = run(true, b, removed);
        assertTrue(removing[BATCHES - 1] < removing[0], "the control removes settled channels while pruning");
        assertTrue(CostViewTest.view(removed[0]).evaluate().macs() <= budget);
    }
}
