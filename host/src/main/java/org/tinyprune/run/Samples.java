package org.tinyprune.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.train.BatchSource;

/**
 * A whole stream of batches gathered into flat arrays (the test set for int8 evaluation) or into
 * tensors (calibration batches for the quantiser).
 *
 * @param inputs      normalised inputs, sample after sample (NCHW per sample)
 * @param labels      labels
 * @param sampleShape per-sample shape
 */
public record Samples(float[] inputs, int[] labels, int[] sampleShape) {
    /** Gathers every batch of epoch 0 of {@code source}. */
    public static Samples gather(BatchSource source, int[] sampleShape) {
        int per = Shapes.size(sampleShape);
        float[] x = new float[0];
        int[] y = new int[0];
        source.startEpoch(0);
        while (source.next()) {
            int n = source.size();
            int at = y.length;
            x = Arrays.copyOf(x, (at + n) * per);
            y = Arrays.copyOf(y, at + n);
            System.arraycopy(source.inputs(), 0, x, at * per, n * per);
            System.arraycopy(source.labels(), 0, y, at, n);
        }
        return new Samples(x, y, sampleShape);
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** The first {@code batches} batches of epoch 0 of {@code source} as tensors. */
    public static List<Tensor> tensors(BatchSource source, int[] sampleShape, int batches) {
        List<Tensor> out = new ArrayList<>();
        source.startEpoch(0);
        int per = Shapes.size(sampleShape);
        while (out.size() < batches && source.next()) {
            int n = source.size();
            out.add(new Tensor(Shapes.batched(n, sampleShape), Arrays.copyOf(source.inputs(), n * per)));
        }
        return out;
    }
}
