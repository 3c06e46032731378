package org.tinyprune.calibrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.resource.LayerFeatures;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceModel;

/**
 * Recomputes the latency features of measured layers from the seeded suite, for a refit after the
 * resource model's features changed: the suite's networks are rebuilt from the grid and seed they
 * were measured with (the same graphs, so the same layers), and every layer gets the features the
 * current resource model computes for it. The measured cycles, sizes and firmware identity stay.
 */
public final class SuiteFeatures {
    private SuiteFeatures() {}

    /**
     * The measurements with current features.
     *
     * @param m measurements of the suite of {@code grid} and {@code seed}
     * @param grid the grid they were measured with
     * @param seed the seed they were measured with
     * @throws IllegalArgumentException when a measured network or layer is not in that suite
     */
    public static Measurements recompute(Measurements m, Grid grid, long seed) {
        Map<String, BenchNet> suite = new HashMap<>();
        BenchmarkSuite.of(grid, seed).forEach(b -> suite.put(b.name(), b));
        List<NetMeasurement> nets = new ArrayList<>();
        for (NetMeasurement n : m.nets()) {
            BenchNet b = suite.get(n.net());
            if (b == null) {
                throw new IllegalArgumentException(
                        n.net()
                                + " is not in the "
                                + grid.name().toLowerCase(java.util.Locale.ROOT)
                                + " suite of seed "
                                + seed
                                + "; pass the --grid and --seed the measurements were taken with ("
                                + m.suite()
                                + ")");
            }
            Map<String, LayerFeatures> byNode = new HashMap<>();
            // planned layer by layer, as SuiteRunner generates the suite's code
            ResourceModel.of(
                            MemoryPlanner.layerByLayer().plan(SuiteRunner.int8(b.graph(), seed)),
                            Overheads.NONE)
                    .features()
                    .forEach(f -> byNode.put(f.node(), f));
            List<LayerSample> layers = new ArrayList<>();
            for (LayerSample s : n.layers()) {
                LayerFeatures f = byNode.get(s.layer());
                if (f == null || !s.op().equals(f.opKey())) {
                    throw new IllegalArgumentException(
                            n.net()
                                    + ": measured layer "
                                    + s.layer()
                                    + " ("
                                    + s.op()
                                    + ") is not a layer of the rebuilt network; pass the --grid and --seed the measurements "
                                    + "were taken with ("
                                    + m.suite()
                                    + ") or measure again with tinyprune calibrate");
                }
                layers.add(
                        new LayerSample(
                                s.net(), s.layer(), s.op(), f.values(), s.cycles(), s.kernel()));
            }
            nets.add(n.withLayers(layers));
        }
        return new Measurements(
                m.suite(), m.firmware(), m.compiler(), m.measuredAt(), nets, m.probes());
    }
}
