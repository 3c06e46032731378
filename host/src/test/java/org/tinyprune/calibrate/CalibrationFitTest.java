package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.nn.Tensor;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.resource.LayerFeatures;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * The fit on synthetic "boards" whose cycles and sizes follow known coefficients exactly: the
 * fit recovers them, held-out models are predicted exactly, and the resource model evaluated with
 * the fitted coefficients gives the same whole-run latency as the fit (one code path).
 */
class CalibrationFitTest {
    private static final Map<String, double[]> TRUTH = Map.of(
            "conv", new double[] {1.4, 30, 2, 900, 400}, "conv1x1", new double[] {0.9, 40, 5, 500},
            "depthwise", new double[] {3.5, 50, 0, 300}, "dense", new double[] {1.9, 70, 1, 200},
            "maxpool", new double[] {0, 50, 3, 100, 120}, "avgpool", new double[] {0, 70, 2, 100},
            "global_avgpool", new double[] {0, 16, 6, 130}, "add", new double[] {0, 98, 0, 80},
            "concat", new double[] {0, 3, 0, 66});

    /** The int8 IR of a suite network, quantised on seeded noise as the suite runner does. */
    static Graph ir(BenchNet net) {
        int[] shape = net.graph().inputShape();
        SplittableRandom rnd = new SplittableRandom(7);
        float[] d = new float[8 * shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rnd.nextDouble(-1, 1);
        }
        Tensor batch = new Tensor(new int[] {8, shape[0], shape[1], shape[2]}, d);
        return Quantizer.quantize(net.graph(), List.of(batch), QuantOptions.DEFAULTS).toIr();
    }

    /** What a board that follows {@link #TRUTH} exactly would report for {@code net}. */
    static NetMeasurement synthetic(BenchNet net) {
        Graph g = ir(net);
        ResourceModel rm = ResourceModel.of(g, Overheads.NONE);
        List<LayerSample> layers = new ArrayList<>();
        double run = 0;
        for (LayerFeatures f : rm.features()) {
            if (f.opKey() != null) {
                LayerSample s = new LayerSample(net.name(), f.node(), f.opKey(), f.values(), 0);
                double cycles = s.predict(TRUTH.get(f.opKey()));
                layers.add(new LayerSample(net.name(), f.node(), f.opKey(), f.values(), cycles));
                run += cycles;
            }
        }
        ResourceEstimate e = rm.evaluate();
        double model = e.flashBytes().value();
        double arena = e.arenaBytes().value();
        int n = layers.size();
        long input = g.tensor(g.inputs().get(0)).elements();
        return new NetMeasurement(net.name(), net.zoo(), layers, run, (long) (model + 15000 + 200 * n), model,
                (long) model, (long) arena + input + 68, 560 + 8L * n, (long) arena, arena, input);
    }

    @Test
    void recoversTheBoardAndPredictsHeldOutModelsExactly() {
        List<NetMeasurement> nets = new ArrayList<>();
        for (BenchNet b : BenchmarkSuite.of(Grid.SMALL, 3)) {
            nets.add(synthetic(b));
        }
        Calibration c = Calibration.of(nets);
        assertEquals(4, c.heldOut().size());
        for (HeldOut h : c.heldOut()) {
            assertEquals(0, h.latencyError(), 1e-6, h.net());
            assertEquals(0, h.flashError(), 1e-6, h.net());
            assertEquals(0, h.sramErrorBytes(), 1e-3, h.net());
        }
        assertEquals(15000, c.overheads().runtimeFlashBytes());
        assertEquals(200, c.overheads().flashPerLayer(), 1e-9);
        assertEquals(560, c.overheads().stackBytes());
        assertEquals(8, c.overheads().stackPerLayer(), 1e-9);
        assertEquals(68, c.overheads().runtimeSramBytes());
        assertTrue(c.fitRunError() < 1e-9);
    }

    @Test
    void resourceModelWithTheFittedProfileEqualsTheFit() {
        List<BenchNet> suite = BenchmarkSuite.of(Grid.SMALL, 3);
        List<NetMeasurement> nets = suite.stream().map(CalibrationFitTest::synthetic).toList();
        Calibration c = Calibration.of(nets);
        var profile = ProfileUpdate.of(org.tinyprune.board.proto.BoardProfile.newBuilder().setName("synthetic").build(),
                c, java.time.Instant.EPOCH, "test", "none", "synthetic").after();
        Overheads board = Overheads.of(profile);
        for (int i = 0; i < suite.size(); i++) {
            BenchNet b = suite.get(i);
            ResourceEstimate e = ResourceModel.of(ir(b), board).evaluate();
            double cycles = e.latencyCycles().value();
            assertTrue(e.unpredicted().isEmpty(), b.name() + ": " + e.unpredicted());
            assertEquals(c.fit().predictRun(nets.get(i)), cycles, 1e-6 * cycles, b.name());
            assertEquals(c.overheads().flash(nets.get(i)), e.flashBytes().value(), 1e-6, b.name());
            assertEquals(c.overheads().sram(nets.get(i)), e.sramBytes().value(), 1e-6, b.name());
        }
    }
}
