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
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.resource.LayerFeatures;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * The fit on synthetic "boards" whose cycles and sizes follow known coefficients exactly: the fit
 * recovers them, held-out models are predicted exactly, and the resource model evaluated with the
 * fitted coefficients gives the same whole-run latency, flash and SRAM as the fit (one code path).
 * The synthetic linker maps link a shared helper from two kernels, which a model must pay for once.
 */
class CalibrationFitTest {
    /** Flash each layer of an op adds to the model object, besides constants and its name. */
    private static final Map<String, Double> LAYER_FLASH =
            Map.of(
                    "conv",
                    150.0,
                    "conv1x1",
                    140.0,
                    "depthwise",
                    130.0,
                    "dense",
                    90.0,
                    "maxpool",
                    70.0,
                    "avgpool",
                    75.0,
                    "global_avgpool",
                    60.0,
                    "add",
                    80.0,
                    "concat",
                    85.0);

    /** Runtime sections every build links. */
    private static final Map<String, Integer> RUNTIME =
            Map.of(".text.server", 14_000, ".rodata.strings", 960);

    /** The model object's functions besides its layers. */
    private static final int MODEL_FIXED = 40;

    private static final Map<String, double[]> TRUTH =
            Map.of(
                    "conv",
                    new double[] {1.4, 30, 2, 900, 400},
                    "conv1x1",
                    new double[] {0.9, 40, 5, 500},
                    "depthwise",
                    new double[] {3.5, 50, 0, 300},
                    "dense",
                    new double[] {1.9, 70, 1, 200},
                    "maxpool",
                    new double[] {0, 50, 3, 100, 120},
                    "avgpool",
                    new double[] {0, 70, 2, 100},
                    "global_avgpool",
                    new double[] {0, 16, 6, 130},
                    "add",
                    new double[] {0, 98, 0, 80},
                    "concat",
                    new double[] {0, 3, 0, 66});

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

    /**
     * Kernel sections each op links: the convolutions share a wrapper; depthwise and dense share a
     * check.
     */
    static Map<String, Integer> kernel(String op) {
        return switch (op) {
            case "conv", "conv1x1" ->
                    Map.of(
                            ".text.wrapper",
                            100,
                            ".text.conv",
                            900,
                            ".text.conv_1x1",
                            500,
                            ".text.mat_mult",
                            600);
            case "depthwise" -> Map.of(".text.depthwise", 1200, ".text.check", 60);
            case "dense" -> Map.of(".text.dense", 300, ".text.check", 60);
            // no probe links the in-place kernel: the board links what the compiler makes of it
            case "depthwise_in_place" ->
                    org.tinyprune.resource.LinkedCode.UNCALIBRATED_KERNELS.get(op);
            default -> Map.of(".text." + op, 200 + op.length());
        };
    }

    /** Model object bytes of layers {@code ops} named {@code names} over {@code constants}. */
    private static long modelObject(long constants, List<String> ops, List<String> names) {
        long bytes = constants + MODEL_FIXED;
        for (int i = 0; i < ops.size(); i++) {
            bytes +=
                    (long)
                            (LAYER_FLASH.get(ops.get(i))
                                    + org.tinyprune.resource.LinkedCode.nameBytes(names.get(i)));
        }
        return bytes;
    }

    /**
     * Runtime plus the union of the kernels of {@code ops}: every section outside the model object.
     */
    private static Map<String, Integer> linked(List<String> ops) {
        Map<String, Integer> all = new java.util.TreeMap<>(RUNTIME);
        ops.forEach(op -> all.putAll(kernel(op)));
        return all;
    }

    private static long sum(Map<String, Integer> sections) {
        return sections.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** What a board that follows {@link #TRUTH} exactly would report for {@code net}. */
    static NetMeasurement synthetic(BenchNet net) {
        Graph g = ir(net);
        // layer by layer, as the suite runs on the board (SuiteRunner)
        ResourceModel rm = ResourceModel.of(MemoryPlanner.layerByLayer().plan(g), Overheads.NONE);
        List<LayerSample> layers = new ArrayList<>();
        double run = 0;
        for (LayerFeatures f : rm.features()) {
            if (f.opKey() != null) {
                LayerSample s = new LayerSample(net.name(), f.node(), f.opKey(), f.values(), 0);
                double cycles = s.predict(TRUTH.get(f.opKey()));
                layers.add(
                        new LayerSample(
                                net.name(),
                                f.node(),
                                f.opKey(),
                                f.values(),
                                cycles,
                                f.kernelKey()));
                run += cycles;
            }
        }
        ResourceEstimate e = rm.evaluate();
        double model = e.flashBytes().value();
        double arena = e.arenaBytes().value();
        int n = layers.size();
        long input = g.tensor(g.inputs().get(0)).elements();
        List<String> ops = layers.stream().map(LayerSample::op).toList();
        long object =
                modelObject((long) model, ops, layers.stream().map(LayerSample::layer).toList());
        List<String> kernels = layers.stream().map(LayerSample::kernel).toList();
        return new NetMeasurement(
                net.name(),
                net.zoo(),
                layers,
                run,
                object + sum(linked(kernels)),
                model,
                (long) model,
                (long) arena + input + 68,
                560 + 8L * n,
                (long) arena,
                arena,
                input,
                object);
    }

    /** What the synthetic board's linker maps say for every kernel probe. */
    static List<KernelProbe> syntheticProbes() {
        List<KernelProbe> out = new ArrayList<>();
        for (BenchNet p : BenchmarkSuite.probes(3)) {
            ResourceModel rm =
                    ResourceModel.of(MemoryPlanner.layerByLayer().plan(ir(p)), Overheads.NONE);
            LayerFeatures f =
                    rm.features().stream().filter(x -> x.opKey() != null).findFirst().orElseThrow();
            long constants = (long) rm.evaluate().constantBytes().value();
            long object = modelObject(constants, List.of(f.opKey()), List.of(f.node()));
            Map<String, Integer> sections = linked(List.of(f.opKey()));
            out.add(
                    new KernelProbe(
                            f.opKey(),
                            f.node(),
                            object + sum(sections),
                            constants,
                            object,
                            sections));
        }
        return out;
    }

    @Test
    void recoversTheBoardAndPredictsHeldOutModelsExactly() {
        List<NetMeasurement> nets = new ArrayList<>();
        for (BenchNet b : BenchmarkSuite.of(Grid.SMALL, 3)) {
            nets.add(synthetic(b));
        }
        Calibration c = Calibration.of(nets, syntheticProbes());
        assertEquals(8, c.heldOut().size());
        for (HeldOut h : c.heldOut()) {
            assertEquals(0, h.latencyError(), 1e-6, h.net());
            assertEquals(0, h.flashError(), 1e-6, h.net());
            assertEquals(0, h.sramErrorBytes(), 1e-3, h.net());
        }
        assertEquals(sum(RUNTIME) + MODEL_FIXED, c.flash().runtimeFlashBytes());
        LAYER_FLASH.forEach(
                (op, bytes) ->
                        assertEquals(bytes, c.flash().code().layerBytes().get(op), 1e-6, op));
        assertEquals(1, c.flash().code().perNameByte(), 1e-9);
        assertEquals(
                1200 + 60 + 300,
                c.flash().code().kernels(List.of("depthwise", "dense", "depthwise")),
                "the shared check is paid once");
        assertEquals(
                2100,
                c.flash().code().kernels(List.of("conv", "conv1x1")),
                "the wrapper links both paths");
        // the synthetic board's 560 B base, less the interrupt frame the resource model adds back
        assertEquals(
                560 - org.tinyprune.resource.Overheads.INTERRUPT_FRAME_BYTES,
                c.overheads().stackBytes());
        assertEquals(8, c.overheads().stackPerLayer(), 1e-9);
        assertEquals(68, c.overheads().runtimeSramBytes());
        assertTrue(c.fitRunError() < 1e-9);
    }

    @Test
    void resourceModelWithTheFittedProfileEqualsTheFit() {
        List<BenchNet> suite = BenchmarkSuite.of(Grid.SMALL, 3);
        List<NetMeasurement> nets = suite.stream().map(CalibrationFitTest::synthetic).toList();
        Calibration c = Calibration.of(nets, syntheticProbes());
        var profile =
                ProfileUpdate.of(
                                org.tinyprune.board.proto.BoardProfile.newBuilder()
                                        .setName("synthetic")
                                        .build(),
                                c,
                                java.time.Instant.EPOCH,
                                "test",
                                "none",
                                "synthetic")
                        .after();
        Overheads board = Overheads.of(profile);
        for (int i = 0; i < suite.size(); i++) {
            BenchNet b = suite.get(i);
            ResourceEstimate e =
                    ResourceModel.of(MemoryPlanner.layerByLayer().plan(ir(b)), board).evaluate();
            double cycles = e.latencyCycles().value();
            assertTrue(e.unpredicted().isEmpty(), b.name() + ": " + e.unpredicted());
            assertEquals(c.fit().predictRun(nets.get(i)), cycles, 1e-6 * cycles, b.name());
            assertEquals(c.flash().predict(nets.get(i)), e.flashBytes().value(), 1e-6, b.name());
            assertEquals(nets.get(i).flashImageBytes(), e.flashBytes().value(), 1e-6, b.name());
            assertEquals(c.overheads().sram(nets.get(i)), e.sramBytes().value(), 1e-6, b.name());
        }
    }
}
