package org.tinyprune.calibrate;

import java.util.List;

/**
 * Everything a calibration measured, with where it was measured: what {@code measurements.json}
 * holds and what a refit ({@code calibrate --measurements FILE}) starts from.
 *
 * @param suite the suite's identity (board, grid, seed), checked before resuming
 * @param firmware the firmware identity of the measured builds ({@link BuildIdentity#firmware()})
 * @param compiler the compiler and flags that built them ({@link BuildIdentity#compiler})
 * @param measuredAt when the measurements were taken (RFC 3339 UTC of the last one)
 * @param nets the networks run on the board
 * @param probes the kernel probes' builds
 * @param features names of the latency features the layers carry ({@link MeasurementsFile#FEATURES}
 *     when current)
 */
public record Measurements(
        String suite,
        String firmware,
        String compiler,
        String measuredAt,
        List<NetMeasurement> nets,
        List<KernelProbe> probes,
        List<String> features) {
    /** Copies the lists. */
    public Measurements {
        nets = List.copyOf(nets);
        probes = List.copyOf(probes);
        features = List.copyOf(features);
    }

    /** Measurements with the current features. */
    public Measurements(
            String suite,
            String firmware,
            String compiler,
            String measuredAt,
            List<NetMeasurement> nets,
            List<KernelProbe> probes) {
        this(suite, firmware, compiler, measuredAt, nets, probes, MeasurementsFile.FEATURES);
    }

    /** Whether the layers carry the features this version of the resource model computes. */
    public boolean currentFeatures() {
        return features.equals(MeasurementsFile.FEATURES);
    }
}
