package org.tinyprune.train;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphRunner;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/**
 * The mini-batch training loop: for each epoch, for each batch of a {@link BatchSource}: forward in
 * training mode, softmax cross-entropy, backward, optimizer step at the scheduled learning rate.
 * Everything else (progress, checkpoints, divergence, pruning) is a {@link TrainingListener}.
 *
 * <pre>{@code
 * Trainer t = new Trainer(graph, new Sgd(graph.params(), 0.9f, true, 5e-4f),
 *         LrSchedule.cosine(0.05f, 0f, epochs * source.batchesPerEpoch(), 100), new SoftmaxCrossEntropy(0.1f));
 * t.addListener(new ProgressListener(System.err));
 * t.addListener(new CheckpointListener(dir.resolve("checkpoint.bin")));
 * t.addListener(new DivergenceListener(10));
 * t.setValidation(validationSource);
 * TrainingSummary s = t.fit(source, epochs);
 * }</pre>
 */
public final class Trainer {
    private Graph graph;
    private Optimizer optimizer;
    private final LrSchedule schedule;
    private final SoftmaxCrossEntropy loss;
    private GraphRunner runner;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private BatchSource validation;
    private Distillation distillation;
    private int startEpoch;
    private long step;

    /**
     * A trainer for {@code graph}; the optimizer must have been built over {@code graph.params()}.
     */
    public Trainer(
            Graph graph, Optimizer optimizer, LrSchedule schedule, SoftmaxCrossEntropy loss) {
        this.graph = graph;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.loss = loss;
        this.runner = new GraphRunner(graph);
    }

    /** Adds a listener (called in the order added). */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Evaluates accuracy on {@code source} after every epoch (null: no validation). */
    public Trainer setValidation(BatchSource source) {
        this.validation = source;
        return this;
    }

    /**
     * Trains against a teacher's soft outputs as well as the labels (null: labels only). The
     * distillation's own cross-entropy replaces this trainer's loss for training batches.
     */
    public Trainer setDistillation(Distillation d) {
        this.distillation = d;
        return this;
    }

    /** The network being trained. */
    public Graph graph() {
        return graph;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Swaps in another network and its optimizer between two batches (a listener does this when
     * pruning removes channels); the step count and schedule carry on.
     *
     * @throws IllegalArgumentException if the new network takes another input shape
     */
    public void replaceNetwork(Graph network, Optimizer networkOptimizer) {
        if (!java.util.Arrays.equals(network.inputShape(), graph.inputShape())) {
            throw new IllegalArgumentException(
                    "replacement network takes input "
                            + Shapes.str(network.inputShape())
                            + " but the trainer feeds "
                            + Shapes.str(graph.inputShape()));
        }
        graph = network;
        optimizer = networkOptimizer;
        runner = new GraphRunner(network);
    }

    /** Global optimizer steps done. */
    public long step() {
        return step;
    }

    /** The first epoch {@link #fit} will run (0 unless resumed). */
    public int startEpoch() {
        return startEpoch;
    }

    /**
     * Restores weights, optimizer state, epoch and step from a checkpoint, so that {@link #fit}
     * continues exactly where the checkpointed run stopped.
     */
    public void resume(Checkpoint checkpoint) {
        checkpoint.restore(graph, optimizer);
        startEpoch = checkpoint.epoch();
        step = checkpoint.step();
    }

    /**
     * Trains from {@link #startEpoch()} up to {@code epochs} epochs in total.
     *
     * @throws TrainingDivergedException if a listener detects divergence
     */
    public TrainingSummary fit(BatchSource source, int epochs) throws TrainingDivergedException {
        int batches = source.batchesPerEpoch();
        if (batches <= 0) {
            throw new IllegalArgumentException(
                    "the training source yields no batches; is the dataset empty "
                            + "or smaller than one batch?");
        }
        int[] sample = graph.inputShape();
        int sampleSize = Shapes.size(sample);
        for (TrainingListener l : listeners) {
            l.onTrainingStart(this, startEpoch, epochs);
        }
        long totalSamples = 0;
        double totalSeconds = 0;
        EpochResult last = null;
        Tensor x = null;
        for (int epoch = startEpoch; epoch < epochs; epoch++) {
            for (TrainingListener l : listeners) {
                l.onEpochStart(this, epoch);
            }
            source.startEpoch(epoch);
            long t0 = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long samples = 0;
            int b = 0;
            while (source.next()) {
                int n = source.size();
                if (x == null || x.dim(0) != n) {
                    x = new Tensor(Shapes.batched(n, sample), new float[n * sampleSize]);
                }
                System.arraycopy(source.inputs(), 0, x.data(), 0, n * sampleSize);
                float lr = schedule.lr(step);
                runner.zeroGrads();
                Tensor logits = runner.forward(new Tensor[] {x}, true);
                double l;
                int hits;
                if (distillation != null) {
                    l = distillation.forward(x, logits, source.labels());
                    runner.backward(distillation.gradient());
                    hits = distillation.correct();
                } else {
                    l = loss.forward(logits, source.labels());
                    runner.backward(loss.gradient());
                    hits = loss.correct();
                }
                optimizer.step(lr);
                lossSum += l;
                correct += hits;
                samples += n;
                BatchResult r = new BatchResult(epoch, b, batches, step, l, hits, n, lr);
                step++;
                b++;
                for (TrainingListener li : listeners) {
                    li.onBatchEnd(this, r);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double val =
                    validation == null
                            ? Double.NaN
                            : Evaluation.evaluate(graph, validation).accuracy();
            last =
                    new EpochResult(
                            epoch,
                            epochs,
                            step,
                            lossSum / Math.max(1, b),
                            (double) correct / Math.max(1, samples),
                            val,
                            samples,
                            seconds);
            totalSamples += samples;
            totalSeconds += seconds;
            for (TrainingListener li : listeners) {
                li.onEpochEnd(this, last);
            }
            startEpoch = epoch + 1;
        }
        for (TrainingListener l : listeners) {
            l.onTrainingEnd(this);
        }
        return new TrainingSummary(
                epochs,
                step,
                totalSeconds,
                totalSeconds > 0 ? totalSamples / totalSeconds : 0,
                last);
    }
}
