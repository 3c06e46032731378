package org.tinyprune.train;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphRunner;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/** Eval-mode accuracy and loss of a network over every batch of a source (epoch 0). */
public final class Evaluation {
    /**
     * @param accuracy top-1 accuracy, 0..1
     * @param loss mean cross-entropy (no label smoothing)
     * @param samples samples evaluated
     */
    public record Result(double accuracy, double loss, long samples) {}

    private Evaluation() {}

    /** Accuracy (0..1) of {@code graph} on {@code source}. */
    public static double accuracy(Graph graph, BatchSource source) {
        return evaluate(graph, source).accuracy();
    }

    /** Accuracy and loss of {@code graph} on {@code source}. */
    public static Result evaluate(Graph graph, BatchSource source) {
        GraphRunner runner = new GraphRunner(graph);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0f);
        int[] sample = graph.inputShape();
        int sampleSize = Shapes.size(sample);
        source.startEpoch(0);
        long correct = 0;
        long samples = 0;
        double lossSum = 0;
        Tensor x = null;
        while (source.next()) {
            int n = source.size();
            if (x == null || x.dim(0) != n) {
                x = new Tensor(Shapes.batched(n, sample));
            }
            System.arraycopy(source.inputs(), 0, x.data(), 0, n * sampleSize);
            Tensor logits = runner.forward(new Tensor[] {x}, false);
            lossSum += loss.forward(logits, source.labels()) * n;
            correct += loss.correct();
            samples += n;
        }
        if (samples == 0) {
            throw new IllegalArgumentException("the evaluation source yields no samples");
        }
        return new Result((double) correct / samples, lossSum / samples, samples);
    }
}
