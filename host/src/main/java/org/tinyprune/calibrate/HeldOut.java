package org.tinyprune.calibrate;

/**
 * One zoo model predicted by a calibration that never saw its architecture.
 *
 * @param net suite name, e.g. {@code resnet8@0.25}
 * @param measuredCycles whole-run cycles on the board
 * @param predictedCycles the resource model's latency with the held-out fit
 * @param measuredFlash image bytes
 * @param predictedFlash model flash plus the held-out runtime flash
 * @param measuredSram static RAM plus stack high-water mark
 * @param predictedSram arena plus input copy plus held-out runtime SRAM and stack
 * @param measuredStack stack high-water mark
 * @param predictedStack the held-out stack prediction
 */
public record HeldOut(
        String net,
        double measuredCycles,
        double predictedCycles,
        double measuredFlash,
        double predictedFlash,
        double measuredSram,
        double predictedSram,
        double measuredStack,
        double predictedStack) {
    /** (predicted − measured) / measured latency. */
    public double latencyError() {
        return predictedCycles / measuredCycles - 1;
    }

    /**
     * How much slower the board was than predicted: measured / predicted − 1 latency (negative when
     * the model over-predicted).
     */
    public double latencyUnderPrediction() {
        return measuredCycles / predictedCycles - 1;
    }

    /** (predicted − measured) / measured flash. */
    public double flashError() {
        return predictedFlash / measuredFlash - 1;
    }

    /** Predicted minus measured SRAM, bytes. */
    public double sramErrorBytes() {
        return predictedSram - measuredSram;
    }
}
