package org.tinyprune.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.tinyprune.quant.CalibrationMethod;
import org.tinyprune.quant.QuantOptions;

/**
 * What {@code tinyprune quantize} is asked to do: post-training int8 quantisation of a float ONNX
 * model, calibrated on training images of a dataset.
 *
 * @param model the float ONNX model (a user's export or tinyprune's own {@code model.onnx}) and its
 *     input scaling
 * @param dataset dataset name (see {@link org.tinyprune.data.Datasets})
 * @param dataDir dataset folder, or null for the dataset's standard location
 * @param calibrationBatches training batches of 64 images used to calibrate activation ranges
 * @param percentile calibrate to this upper percentile of each activation, or null for min/max
 * @param testLimit evaluate on only this many test images (0: all)
 * @param seed seed of the calibration batches' order
 */
public record QuantizeConfig(
        ModelImport model,
        String dataset,
        Path dataDir,
        int calibrationBatches,
        Double percentile,
        int testLimit,
        long seed) {
    /** Images per calibration batch. */
    public static final int BATCH = 64;

    /**
     * Checks the options (before any file is read).
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public QuantizeConfig {
        Objects.requireNonNull(model, "--onnx");
        Objects.requireNonNull(dataset, "--dataset");
        if (calibrationBatches < 1) {
            throw new IllegalArgumentException(
                    "--calibration-batches must be at least 1, got " + calibrationBatches);
        }
        if (percentile != null && !(percentile > 50 && percentile <= 100)) {
            throw new IllegalArgumentException(
                    "--percentile must be in (50, 100], e.g. 99.99; got " + percentile);
        }
        if (testLimit < 0) {
            throw new IllegalArgumentException(
                    "--test-limit must be 0 (all) or positive, got " + testLimit);
        }
    }

    /** The quantiser's options: min/max or percentile calibration over the calibration batches. */
    public QuantOptions quantOptions() {
        QuantOptions o =
                new QuantOptions(
                        CalibrationMethod.MIN_MAX,
                        99.99,
                        calibrationBatches,
                        QuantOptions.DEFAULTS.samplesPerTensor(),
                        QuantOptions.DEFAULTS.seed());
        return percentile == null ? o : o.withPercentile(percentile);
    }

    /** The configuration as recorded in provenance and report.json. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "quantize");
        m.putAll(model.asMap());
        m.put("dataset", dataset);
        m.put("data", dataDir == null ? "default" : dataDir.toString());
        m.put("calibration_batches", calibrationBatches);
        m.put("calibration", percentile == null ? "min-max" : "percentile " + percentile);
        m.put("test_limit", testLimit);
        m.put("seed", seed);
        return m;
    }
}
