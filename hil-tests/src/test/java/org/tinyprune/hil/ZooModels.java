package org.tinyprune.hil;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.ImageSet;
import org.tinyprune.data.Normalization;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * Quantised zoo models for board tests: a seeded, freshly initialised architecture, calibrated on
 * real training images (accuracy is not the point; bit-exactness and timing are).
 */
final class ZooModels {
    private ZooModels() {}

    /**
     * Builds, initialises and quantises a zoo architecture for a dataset.
     *
     * @param data the dataset (input shape, class count, calibration images)
     * @param norm the input normalisation
     * @param architecture zoo name, e.g. {@code ds-cnn}
     * @param width width multiplier
     * @param seed initialisation seed
     * @return the quantised model
     */
    static QuantizedModel quantised(
            Dataset data, Normalization norm, String architecture, double width, long seed) {
        Graph g =
                Zoo.build(
                        architecture,
                        ModelConfig.of(data.inputShape(), data.numClasses()).withWidth(width));
        g.init(seed);
        return Quantizer.quantize(g, calibration(data.train(), norm, 4, 32), QuantOptions.DEFAULTS);
    }

    /** The first {@code batches × size} training images, normalised, as NCHW batches. */
    static List<Tensor> calibration(ImageSet train, Normalization norm, int batches, int size) {
        int plane = train.height() * train.width();
        byte[] pixels = new byte[train.imageSize()];
        List<Tensor> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] data = new float[size * train.imageSize()];
            for (int i = 0; i < size; i++) {
                train.copyImage(b * size + i, pixels, 0);
                norm.apply(pixels, 0, plane, data, i * train.imageSize());
            }
            out.add(
                    new Tensor(
                            new int[] {size, train.channels(), train.height(), train.width()},
                            data));
        }
        return out;
    }
}
