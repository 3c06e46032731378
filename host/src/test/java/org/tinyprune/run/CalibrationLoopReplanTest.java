package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.CostModel;
import org.tinyprune.board.proto.OpCost;
import org.tinyprune.calibrate.LayerSample;
import org.tinyprune.calibrate.NetMeasurement;

/**
 * The profile a round after a missed budget plans with: the profile in use, its latency margin
 * raised to how much it under-predicted this run's measured networks. Hand-worked: conv at 1 cycle
 * per MAC, one layer of 1,000 MACs.
 */
class CalibrationLoopReplanTest {
    private static BoardProfile inUse(double margin) {
        return BoardProfile.newBuilder()
                .setName("b")
                .setCostModel(
                        CostModel.newBuilder()
                                .putOps("conv", OpCost.newBuilder().setPerMac(1).build())
                                .setLatencyMargin(margin))
                .build();
    }

    private static NetMeasurement measured(double cycles) {
        LayerSample l =
                new LayerSample(
                        "x@pf", "conv0", "conv", new double[] {1000, 0, 0, 1, 0, 0, 0}, cycles);
        return new NetMeasurement("x@pf", true, List.of(l), cycles, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void theMarginRisesToTheLargestUnderPredictionOfTheRun() {
        // predicted 1000; measured 1200 and 1100: 20 % and 10 % slower than predicted
        BoardProfile next =
                CalibrationLoop.replan(inUse(0.05), List.of(measured(1200), measured(1100)));
        assertEquals(0.2, next.getCostModel().getLatencyMargin(), 1e-12);
        assertEquals(
                1, next.getCostModel().getOpsOrThrow("conv").getPerMac(), "the coefficients stay");
    }

    @Test
    void aMarginThatCoversTheRunStays() {
        BoardProfile p = inUse(0.05);
        assertSame(p, CalibrationLoop.replan(p, List.of(measured(1020), measured(900))));
    }

    @Test
    void aModelThatPricesNothingPlansAtTheLargestMarginTheSchemaTakes() {
        BoardProfile p = BoardProfile.newBuilder().setName("b").build();
        assertEquals(
                CalibrationLoop.MAX_MARGIN,
                CalibrationLoop.replan(p, List.of(measured(1000)))
                        .getCostModel()
                        .getLatencyMargin());
    }
}
