package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.Normalization;
import org.tinyprune.link.an3155.FlashReport;
import org.tinyprune.link.bench.DeviceIdentity;
import org.tinyprune.link.bench.DeviceMemory;
import org.tinyprune.link.bench.LayerCycles;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.DeviceAccuracy;
import org.tinyprune.measure.DeviceSample;
import org.tinyprune.measure.DeviceSamples;
import org.tinyprune.measure.Latency;
import org.tinyprune.measure.Measurement;

/**
 * A quantised zoo model (DS-CNN at half width, seeded) on the board: every output bit-identical to
 * the host int8 reference on real Fashion-MNIST test images, repeatable latency, memory within the
 * plan, and the board naming the model it runs.
 */
@ExtendWith(BoardExtension.class)
class ModelOnBoardTest {
    static final int SAMPLES = 200;
    static DeviceModel model;
    static Firmware firmware;
    static List<DeviceSample> samples;
    static Measurement measurement;

    @BeforeAll
    static void flashModel() throws Exception {
        Dataset data = Datasets.load(Datasets.DEFAULT, null);
        Normalization norm = Normalization.fromTrainingSet(data.train());
        var quantised = ZooModels.quantised(data, norm, "ds-cnn", 0.5, 42);
        model = DeviceModel.of(quantised.toIr(), null, "zoo ds-cnn x0.5");
        BoardProfile profile = BoardUnderTest.profile();
        firmware =
                model.build(
                        new FirmwareBuild(BoardUnderTest.root()),
                        profile,
                        Path.of("target", "hil", "ds-cnn").toAbsolutePath());
        samples =
                DeviceSamples.prepare(
                        data.test(),
                        SAMPLES,
                        norm,
                        model.reference().inputQuantization(),
                        model.inputBytes());
        board().enterBootloader();
        long t0 = System.nanoTime();
        FlashReport flash = board().flash(firmware.elf());
        board().client().loadInput(samples.get(0).nhwc());
        board().tinyprune().run();
        System.out.printf(
                "ds-cnn x0.5: %d-byte image flashed in %d ms (%.1f KB/s; erase %d, write %d, "
                        + "verify %d ms, %d retries); flash start to first result %d ms%n",
                flash.bytes(),
                flash.totalMillis(),
                flash.overallBytesPerSecond() / 1000,
                flash.eraseMillis(),
                flash.writeMillis(),
                flash.verifyMillis(),
                flash.retries(),
                (System.nanoTime() - t0) / 1_000_000);
        measurement = new Measurement(board(), model.reference());
    }

    private static BoardSession board() {
        return BoardUnderTest.current();
    }

    @Test
    void boardRunsTheFlashedModel() throws Exception {
        DeviceIdentity id = board().tinyprune().identity();
        assertEquals(model.weightsHash(), id.modelHash());
        assertEquals(model.inputBytes(), id.inputBytes());
        assertEquals(model.generated().layerNames().size(), id.layers());
        board().client().loadInput(samples.get(0).nhwc());
        List<String> names = board().tinyprune().layers().stream().map(LayerCycles::name).toList();
        assertEquals(model.generated().layerNames(), names);
    }

    @Test
    void deviceOutputsEqualTheHostInt8ReferenceOnRealImages() throws Exception {
        DeviceAccuracy acc = measurement.accuracy(samples, done -> {});
        assertEquals(SAMPLES, acc.samples());
        assertEquals(
                SAMPLES,
                acc.matchingHost(),
                "device outputs differing from the host int8 "
                        + "reference, first test-set indices: "
                        + acc.firstMismatches());
        assertEquals(acc.hostCorrect(), acc.correct());
        System.out.printf(
                "ds-cnn x0.5 (untrained) on %s: %d of %d outputs equal to the host reference, "
                        + "accuracy %.3f%n",
                board().profile().getName(), acc.matchingHost(), acc.samples(), acc.accuracy());
    }

    @Test
    void latencyRepeatsAcrossRuns() throws Exception {
        int runs = 2;
        Latency first = measurement.latency(samples.get(1).nhwc(), 3, runs, 1);
        Latency second = measurement.latency(samples.get(1).nhwc(), 3, runs, 1);
        long resolution = board().tinyprune().identity().cycleResolution();
        long tolerance = board().isEmulated() ? runs * resolution : first.medianCycles() / 50;
        for (long w : second.windowCycles()) {
            assertTrue(
                    Math.abs(w - first.windowCycles().get(0)) <= tolerance,
                    "window of "
                            + w
                            + " cycles vs "
                            + first.windowCycles()
                            + ": more than "
                            + tolerance
                            + " apart");
        }
        assertTrue(first.medianCycles() > 0);
        List<LayerCycles> layers = board().tinyprune().layers();
        long layerSum = layers.stream().mapToLong(LayerCycles::cycles).sum();
        long layerSlack = board().isEmulated() ? layers.size() * resolution : 0;
        assertTrue(
                layerSum <= first.medianCycles() + layerSlack,
                "layers sum to "
                        + layerSum
                        + " cycles, more than the whole run "
                        + first.medianCycles()
                        + " plus one tick per layer");
        System.out.printf(
                "latency %d cycles per run, windows %s and %s (resolution %d)%n",
                first.medianCycles(), first.windowCycles(), second.windowCycles(), resolution);
    }

    @Test
    void staticRamAndStackStayWithinThePlan() throws Exception {
        board().client().loadInput(samples.get(2).nhwc());
        board().tinyprune().run();
        DeviceMemory mem = board().tinyprune().memory();
        BoardProfile p = board().profile();
        assertEquals(
                model.generated().plan().arenaBytes(), mem.arenaBytes(), "arena = memory plan");
        assertEquals(
                firmware.sizes().staticRamBytes(),
                mem.staticRamBytes(),
                "device = linker's .data+.bss");
        assertEquals(firmware.sizes().flashImageBytes(), mem.flashImageBytes());
        long planned =
                mem.arenaBytes() + model.inputBytes() + p.getCostModel().getRuntimeSramBytes();
        assertTrue(
                mem.staticRamBytes() <= planned,
                "static RAM "
                        + mem.staticRamBytes()
                        + " exceeds arena + input copy + the profile's runtime SRAM = "
                        + planned);
        // the calibrated stack: a base plus bytes per layer (the generated run function's frame
        // grows)
        // plus the frame of an interrupt that may land at the deepest point, as the resource model
        // prices it
        double plannedStack =
                org.tinyprune.resource.ResourceModel.of(
                                model.generated().plan(), org.tinyprune.resource.Overheads.of(p))
                        .evaluate()
                        .stackBytes();
        assertTrue(
                mem.stackUsedBytes() > 0 && mem.stackUsedBytes() <= plannedStack,
                "stack high-water mark " + mem.stackUsedBytes() + " vs planned " + plannedStack);
        assertTrue(
                mem.staticRamBytes() + mem.stackSizeBytes()
                        <= Integer.toUnsignedLong(p.getSram().getLength()));
        System.out.printf(
                "static RAM %d (arena %d, planned bound %d), stack %d of %d%n",
                mem.staticRamBytes(),
                mem.arenaBytes(),
                planned,
                mem.stackUsedBytes(),
                mem.stackSizeBytes());
    }
}
