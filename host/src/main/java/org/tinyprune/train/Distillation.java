package org.tinyprune.train;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphRunner;
import org.tinyprune.nn.Tensor;

/**
 * Knowledge distillation from a fixed teacher network (Hinton et al.): the loss of a batch is
 * {@code (1−α)·CE(z, y) + α·T²·KL(softmax(t/T) ‖ softmax(z/T))}, where {@code z} are the student's
 * logits, {@code t} the teacher's logits for the same (augmented) inputs in inference mode, {@code
 * y} the labels and CE the label-smoothed cross-entropy of the run. The {@code T²} factor keeps the
 * soft term's gradient, {@code α·T·(softmax(z/T) − softmax(t/T))/N}, on the scale of the hard
 * term's.
 */
public final class Distillation {
    private final GraphRunner teacher;
    private final float alpha;
    private final float temperature;
    private final SoftmaxCrossEntropy hard;
    private Tensor gradient;

    /**
     * @param teacher the teacher network (never trained here; run in inference mode)
     * @param alpha weight of the distillation term, in [0, 1]
     * @param temperature softening temperature, &gt; 0
     * @param hard the cross-entropy on the labels
     */
    public Distillation(Graph teacher, float alpha, float temperature, SoftmaxCrossEntropy hard) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("--distill-alpha must be in [0, 1], got " + alpha);
        }
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "--distill-temperature must be > 0, got " + temperature);
        }
        this.teacher = new GraphRunner(teacher);
        this.alpha = alpha;
        this.temperature = temperature;
        this.hard = hard;
    }

    /**
     * The mean loss of the student's {@code logits} for inputs {@code x} with {@code labels}; keeps
     * the gradient dLoss/dLogits ({@link #gradient}) and the student's correct count ({@link
     * #correct}).
     *
     * @throws IllegalArgumentException when the teacher's outputs do not have the student's shape
     */
    public double forward(Tensor x, Tensor logits, int[] labels) {
        double ce = hard.forward(logits, labels);
        Tensor t = teacher.forward(new Tensor[] {x}, false);
        if (!java.util.Arrays.equals(t.shape(), logits.shape())) {
            throw new IllegalArgumentException(
                    "the teacher outputs "
                            + java.util.Arrays.toString(t.shape())
                            + " per batch but the student "
                            + java.util.Arrays.toString(logits.shape())
                            + "; the teacher must classify the same classes");
        }
        int n = logits.dim(0);
        int k = logits.sampleSize();
        gradient = Tensor.reuse(gradient, logits.shape());
        float[] z = logits.data();
        float[] tz = t.data();
        float[] g = gradient.data();
        float[] hg = hard.gradient().data();
        double[] ps = new double[k];
        double[] pt = new double[k];
        double kl = 0;
        for (int s = 0; s < n; s++) {
            int base = s * k;
            softmax(z, base, k, ps);
            softmax(tz, base, k, pt);
            for (int j = 0; j < k; j++) {
                if (pt[j] > 0) {
                    kl += pt[j] * (Math.log(pt[j]) - Math.log(Math.max(ps[j], Double.MIN_NORMAL)));
                }
                g[base + j] =
                        (float)
                                ((1 - alpha) * hg[base + j]
                                        + alpha * temperature * (ps[j] - pt[j]) / n);
            }
        }
        return (1 - alpha) * ce + alpha * temperature * temperature * kl / n;
    }

    /** dLoss/dLogits of the last {@link #forward} call (a reused buffer). */
    public Tensor gradient() {
        return gradient;
    }

    /** Correct argmax predictions of the student in the last batch. */
    public int correct() {
        return hard.correct();
    }

    private void softmax(float[] z, int base, int k, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[base + j] / (double) temperature);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(z[base + j] / (double) temperature - max);
            sum += p[j];
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
    }
}
