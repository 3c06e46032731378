package org.tinyprune.quant;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;

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

    private Quantizer() {
    }

    /**
     * Quantises a trained float graph.
     *
     * @param trained the trained graph (not modified)
     * @param calibration training batches (NCHW, normalised as for training); at most
     *     {@link QuantOptions#maxBatches()} are used
     * @param options calibration options
     * @return the quantised model
     * @throws IllegalArgumentException naming the node when the graph has layers int8 does not
     *     support, or when no calibration batch was given
     */
    public static QuantizedModel quantize(Graph trained, Iterable<Tensor> calibration, QuantOptions options) {
        Graph folded = BatchNormFolder.fold(trained);
        Calibrator calibrator = new Calibrator(folded, options);
        for (Tensor batch : calibration) {
            if (!calibrator.observe(batch)) {
                break;
            }
        }
        if (calibrator.batches() == 0) {
            throw new IllegalArgumentException("quantising graph '" + trained.name()
                    + "' needs at least one calibration batch; pass training batches");
        }
        return new QuantizedModel(folded, calibrator.ranges(), IrQuantizer.quantize(folded, calibrator.ranges()));
    }
}
