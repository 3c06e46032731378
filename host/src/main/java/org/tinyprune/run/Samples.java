package org.tinyprune.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.train.BatchSource;

/** Batches gathered into tensors (calibration data for the quantiser). */
final class Samples {
    private Samples() {}

    /** The first {@code batches} batches of epoch 0 of {@code source} as tensors. */
    static List<Tensor> tensors(BatchSource source, int[] sampleShape, int batches) {
        List<Tensor> out = new ArrayList<>();
        source.startEpoch(0);
        int per = Shapes.size(sampleShape);
        while (out.size() < batches && source.next()) {
            int n = source.size();
            out.add(
                    new Tensor(
                            Shapes.batched(n, sampleShape),
                            Arrays.copyOf(source.inputs(), n * per)));
        }
        return out;
    }
}
