package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tinyprune.plan.MemoryPlanner;

/**
 * MobileNetV2-small at quarter width (seeded), planned layer by layer so that its expand →
 * depthwise pairs run the depthwise in place, passes the board checks of {@link
 * PlannedModelOnBoard}: outputs equal to the host int8 reference, static RAM as predicted, stack
 * within 64 B of the prediction at any number of inferences.
 */
@ExtendWith(BoardExtension.class)
class InPlaceDepthwiseOnBoardTest {
    static PlannedModelOnBoard run;

    @BeforeAll
    static void flashModel() throws Exception {
        run = PlannedModelOnBoard.flash("mobilenetv2-small", 0.25, MemoryPlanner.layerByLayer());
    }

    @Test
    void inPlaceLayersEqualTheHostAndMemoryMatchesThePrediction() throws Exception {
        var model = run.model();
        long inPlace =
                model.graph().nodes().stream()
                        .filter(n -> model.generated().plan().runsInPlace(n))
                        .count();
        assertTrue(inPlace >= 3, "only " + inPlace + " depthwise layers run in place");
        assertTrue(model.generated().source().contains("tp_depthwise_conv_in_place_s8("));
        String seen = run.checkOnBoard("");
        System.out.printf(
                "mobilenetv2-small x0.25 on %s: %d in-place depthwise layers, %s%n",
                BoardUnderTest.current().profile().getName(), inPlace, seen);
    }
}
