package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.resource.LayerFeatures;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * The committed qemu-m4 calibration ({@code boards/qemu-m4/calibration/measurements.json}: the full
 * suite, seed 1, measured on the board) against the resource model: every layer the board timed is
 * a layer of the model with the same cost-model key and the same features the coefficients were
 * fitted on, and the model's constant bytes and arena equal the generated code's (constants and
 * planned arena recorded with the build), so the shipped coefficients and overheads apply to this
 * model unchanged.
 */
class MeasuredFeaturesTest {
    private static final Path FILE = Path.of("../boards/qemu-m4/calibration/measurements.json");

    @Test
    void resourceModelReproducesTheMeasuredSuite() throws Exception {
        Map<String, NetMeasurement> measured = new HashMap<>();
        MeasurementsFile.read(FILE).nets().forEach(m -> measured.put(m.net(), m));
        List<BenchNet> suite = BenchmarkSuite.of(Grid.FULL, 1);
        assertEquals(suite.size(), measured.size(), FILE + " holds another suite");
        for (BenchNet b : suite) {
            NetMeasurement m = measured.get(b.name());
            assertNotNull(m, b.name() + " missing from " + FILE);
            // layer by layer, as the suite runs on the board (SuiteRunner)
            ResourceModel rm =
                    ResourceModel.of(
                            MemoryPlanner.layerByLayer().plan(CalibrationFitTest.ir(b)),
                            Overheads.NONE);
            Map<String, LayerFeatures> byNode = new HashMap<>();
            rm.features().forEach(f -> byNode.put(f.node(), f));
            for (LayerSample s : m.layers()) {
                LayerFeatures f = byNode.get(s.layer());
                assertNotNull(
                        f,
                        b.name()
                                + ": the board timed "
                                + s.layer()
                                + ", the model has no such layer");
                assertEquals(s.op(), f.opKey(), b.name() + "/" + s.layer());
                assertArrayEquals(s.features(), f.values(), 1e-9, b.name() + "/" + s.layer());
            }
            ResourceEstimate e = rm.evaluate();
            assertEquals(m.constantBytes(), e.constantBytes().value(), 0.0, b.name());
            // the suite was measured before depthwise convolutions ran in place: where one now
            // does,
            // the arena can only have shrunk (the runtime SRAM fitted as static RAM - arena still
            // holds)
            boolean inPlaceSince =
                    rm.features().stream()
                                    .anyMatch(
                                            f ->
                                                    !java.util.Objects.equals(
                                                            f.kernelKey(), f.opKey()))
                            && m.kernels().equals(m.ops());
            if (inPlaceSince) {
                assertTrue(e.arenaBytes().value() <= m.plannedArenaBytes(), b.name());
            } else {
                assertEquals(m.plannedArenaBytes(), e.arenaBytes().value(), 0.0, b.name());
            }
        }
    }
}
