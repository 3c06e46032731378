package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Calibration#latencyMargin()}: the largest held-out under-prediction of latency, worked by
 * hand on a few held-out models.
 */
class LatencyMarginTest {
    /** A held-out model whose latency was measured and predicted as given (other figures exact). */
    private static HeldOut model(String name, double measured, double predicted) {
        return new HeldOut(name, measured, predicted, 1000, 1000, 500, 500, 200, 200);
    }

    private static Calibration heldOut(HeldOut... models) {
        return new Calibration(List.of(), List.of(), null, null, null, List.of(models));
    }

    @Test
    void isTheLargestMeasuredOverPredictedRatioLessOne() {
        // 2,080,000 / 2,000,000 = 1.04; 1,530,000 / 1,500,000 = 1.02; 950,000 / 1,000,000 = 0.95
        Calibration c =
                heldOut(
                        model("ds-cnn@0.5", 2_080_000, 2_000_000),
                        model("resnet8@0.25", 1_530_000, 1_500_000),
                        model("vgg-small@0.25", 950_000, 1_000_000));
        assertEquals(0.04, c.latencyMargin(), 1e-12);
        assertEquals(0.04, c.heldOut().get(0).latencyUnderPrediction(), 1e-12);
        assertEquals(-0.05, c.heldOut().get(2).latencyUnderPrediction(), 1e-12);
        // the margin is not the largest |error| (the 5 % over-prediction) nor the (predicted −
        // measured) / measured
        // form of the under-prediction (2,000,000 / 2,080,000 − 1 = −3.85 %)
        assertEquals(-0.0384615, c.heldOut().get(0).latencyError(), 1e-6);
    }

    @Test
    void isZeroWhenEveryModelWasOverPredictedOrNoneWasHeldOut() {
        assertEquals(0, heldOut(model("a", 90, 100), model("b", 99, 100)).latencyMargin());
        assertEquals(0, heldOut().latencyMargin());
    }
}
