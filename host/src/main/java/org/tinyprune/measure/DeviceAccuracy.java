package org.tinyprune.measure;

import java.util.List;

/**
 * On-device classification of test samples, and how the device outputs compare with the host int8
 * reference interpreter.
 *
 * @param samples samples run
 * @param correct samples whose device argmax equals the label
 * @param hostCorrect samples whose host-reference argmax equals the label
 * @param matchingHost samples whose device output equals the host output byte for byte
 * @param firstMismatches indices (in the test set) of the first samples that differed, at most ten
 */
public record DeviceAccuracy(
        int samples,
        int correct,
        int hostCorrect,
        int matchingHost,
        List<Integer> firstMismatches) {
    /** Copies the list. */
    public DeviceAccuracy {
        firstMismatches = List.copyOf(firstMismatches);
    }

    /** Returns the device's top-1 accuracy. */
    public double accuracy() {
        return samples == 0 ? 0 : (double) correct / samples;
    }

    /** Returns whether every device output equalled the host reference bit for bit. */
    public boolean matchesHost() {
        return samples > 0 && matchingHost == samples;
    }
}
