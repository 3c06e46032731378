package org.tinyprune.quant;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.train.BatchSource;

/**
 * Post-training int8 quantisation, the entry point of this package: fold BatchNorm, calibrate
 * activation ranges on training batches, quantise weights and activations into the IR.
 *
 * <pre>{@code
 * QuantizedModel q = Quantizer.quantize(trained, calibrationBatches, QuantOptions.DEFAULTS);
 * double acc = q.accuracy(testInputs, testLabels, n);
 * Graph ir = q.toIr();
 * }</pre>
 */
public final class Quantizer {

    private Quantizer() {}

    /**
     * Quantises a trained float graph, calibrating on the first batches of epoch 0 of a source
     * (normally the training set without augmentation).
     *
     * @param trained the trained graph (not modified)
     * @param calibration batches normalised as for training
     * @param options calibration options ({@link QuantOptions#maxBatches()} batches are used)
     * @return the quantised model
     */
    public static QuantizedModel quantize(
            Graph trained, BatchSource calibration, QuantOptions options) {
        return quantize(
                trained, batches(calibration, trained.inputShape(), options.maxBatches()), options);
    }

    /**
     * Copies up to {@code max} batches of epoch 0 out of a source as tensors.
     *
     * @param source the batches
     * @param sample per-sample shape
     * @param max batch limit
     * @return the batches
     */
    static List<Tensor> batches(BatchSource source, int[] sample, int max) {
        List<Tensor> out = new ArrayList<>();
        int size = Shapes.size(sample);
        source.startEpoch(0);
        while (out.size() < max && source.next()) {
            int n = source.size();
            float[] data = new float[n * size];
            System.arraycopy(source.inputs(), 0, data, 0, data.length);
            out.add(new Tensor(Shapes.batched(n, sample), data));
        }
        return out;
    }

    /**
     * Quantises a trained float graph.
     *
     * @param trained the trained graph (not modified)
     * @param calibration training batches (NCHW, normalised as for training); at most {@link
     *     QuantOptions#maxBatches()} are used
     * @param options calibration options
     * @return the quantised model
     * @throws IllegalArgumentException naming every node whose layer int8 does not support (before
     *     calibrating), or when no calibration batch was given
     */
    public static QuantizedModel quantize(
            Graph trained, Iterable<Tensor> calibration, QuantOptions options) {
        Graph folded = BatchNormFolder.fold(trained);
        LayerToIr.lowerAll(folded); // every unsupported node named before calibration runs
        Calibrator calibrator = new Calibrator(folded, options);
        for (Tensor batch : calibration) {
            if (!calibrator.observe(batch)) {
                break;
            }
        }
        if (calibrator.batches() == 0) {
            throw new IllegalArgumentException(
                    "quantising graph '"
                            + trained.name()
                            + "' needs at least one calibration batch; pass training batches");
        }
        return new QuantizedModel(
                folded, calibrator.ranges(), IrQuantizer.quantize(folded, calibrator.ranges()));
    }
}
