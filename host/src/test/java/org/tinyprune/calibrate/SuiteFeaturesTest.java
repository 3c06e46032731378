package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A refit of stale measurements: the committed qemu-m4 measurements with their features blanked get
 * back, from the rebuilt seeded suite, exactly the features the board's run recorded, with the
 * cycles, sizes and firmware identity untouched; a wrong grid is refused by name.
 */
class SuiteFeaturesTest {
    private static final Path FILE = Path.of("../boards/qemu-m4/calibration/measurements.json");

    @Test
    void recomputesTheRecordedFeaturesAndKeepsTheMeasurements() throws Exception {
        Measurements m = MeasurementsFile.read(FILE);
        List<NetMeasurement> blank = new ArrayList<>();
        for (NetMeasurement n : m.nets()) {
            List<LayerSample> layers =
                    n.layers().stream()
                            .map(
                                    s ->
                                            new LayerSample(
                                                    s.net(),
                                                    s.layer(),
                                                    s.op(),
                                                    new double[] {0},
                                                    s.cycles()))
                            .toList();
            blank.add(n.withLayers(layers));
        }
        Measurements stale =
                new Measurements(
                        m.suite(),
                        m.firmware(),
                        m.compiler(),
                        m.measuredAt(),
                        blank,
                        m.probes(),
                        List.of("macs"));
        Measurements fresh = SuiteFeatures.recompute(stale, Grid.FULL, 1);
        assertTrue(fresh.currentFeatures());
        assertEquals(m.firmware(), fresh.firmware());
        for (int i = 0; i < m.nets().size(); i++) {
            NetMeasurement want = m.nets().get(i);
            NetMeasurement got = fresh.nets().get(i);
            assertEquals(want.runCycles(), got.runCycles());
            for (int l = 0; l < want.layers().size(); l++) {
                assertArrayEquals(
                        want.layers().get(l).features(),
                        got.layers().get(l).features(),
                        1e-9,
                        want.net() + "/" + want.layers().get(l).layer());
                assertEquals(want.layers().get(l).cycles(), got.layers().get(l).cycles());
            }
        }
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SuiteFeatures.recompute(stale, Grid.SMALL, 1));
        assertTrue(e.getMessage().contains("--grid"), e.getMessage());
    }
}
