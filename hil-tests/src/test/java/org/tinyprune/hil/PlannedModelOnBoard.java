package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.Normalization;
import org.tinyprune.link.bench.DeviceMemory;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.DeviceAccuracy;
import org.tinyprune.measure.DeviceSample;
import org.tinyprune.measure.DeviceSamples;
import org.tinyprune.measure.Measurement;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * A seeded zoo model generated under a given memory planner and flashed to the board under test,
 * with the checks every planning choice must pass there: each output equals the host int8 reference
 * on real Fashion-MNIST test images, the arena and static RAM are the ones the plan and the
 * resource model predict, and the stack high-water mark stays within {@link #STACK_TOLERANCE} of
 * the prediction however many inferences ran (an interrupt may land at the deepest kernel frame at
 * any run; issue 16 item 4).
 *
 * @param model the generated model
 * @param firmware its firmware, flashed
 * @param samples the test images it runs
 * @param predicted the resource model under the plan the generated code allocates
 */
record PlannedModelOnBoard(
        DeviceModel model,
        Firmware firmware,
        List<DeviceSample> samples,
        ResourceEstimate predicted) {
    static final int SAMPLES = 40;
    static final long STACK_TOLERANCE = 64;

    /**
     * Quantises zoo model {@code architecture} at {@code width} (seed 16), generates it with {@code
     * planner} and flashes it to the board under test.
     */
    static PlannedModelOnBoard flash(String architecture, double width, MemoryPlanner planner)
            throws Exception {
        Dataset data = Datasets.load(Datasets.DEFAULT, null);
        Normalization norm = Normalization.fromTrainingSet(data.train());
        var quantised = ZooModels.quantised(data, norm, architecture, width, 16);
        DeviceModel model =
                DeviceModel.of(
                        quantised.toIr(), null, "zoo " + architecture + " x" + width, planner);
        BoardProfile profile = BoardUnderTest.profile();
        Firmware firmware =
                model.build(
                        new FirmwareBuild(BoardUnderTest.root()),
                        profile,
                        Path.of("target", "hil", architecture + "-" + width).toAbsolutePath());
        ResourceEstimate predicted =
                ResourceModel.of(model.generated().plan(), Overheads.of(profile)).evaluate();
        List<DeviceSample> samples =
                DeviceSamples.prepare(
                        data.test(),
                        SAMPLES,
                        norm,
                        model.reference().inputQuantization(),
                        model.inputBytes());
        board().enterBootloader();
        board().flash(firmware.elf());
        return new PlannedModelOnBoard(model, firmware, samples, predicted);
    }

    private static BoardSession board() {
        return BoardUnderTest.current();
    }

    /**
     * Runs the checks on the board; returns what was measured, for the log.
     *
     * @param stackTerms what the stack prediction is made of, for the failure message
     */
    String checkOnBoard(String stackTerms) throws Exception {
        DeviceAccuracy acc =
                new Measurement(board(), model.reference()).accuracy(samples, done -> {});
        assertEquals(
                SAMPLES,
                acc.matchingHost(),
                "device outputs differing from the host int8 reference, first "
                        + "test-set indices: "
                        + acc.firstMismatches());

        BoardProfile p = board().profile();
        DeviceMemory mem = board().tinyprune().memory();
        assertEquals(
                model.generated().plan().arenaBytes(), mem.arenaBytes(), "arena = memory plan");
        assertEquals(
                firmware.sizes().staticRamBytes(),
                mem.staticRamBytes(),
                "device = linker's .data+.bss");
        double staticPredicted = predicted.sramBytes().value() - predicted.stackBytes();
        assertTrue(
                mem.staticRamBytes() <= staticPredicted
                        && staticPredicted - mem.staticRamBytes() <= STACK_TOLERANCE,
                "static RAM " + mem.staticRamBytes() + " vs predicted " + staticPredicted);

        // many inferences on one input: SysTick interrupts land at ever other points of the run
        board().client().loadInput(samples.get(0).nhwc());
        StringBuilder seen = new StringBuilder();
        int runs = SAMPLES;
        for (int batch : new int[] {0, 60, 240}) {
            if (batch > 0) {
                board().client().infer(batch, 0);
                runs += batch;
            }
            long stack = board().tinyprune().memory().stackUsedBytes();
            seen.append(String.format(" %d runs: %d B;", runs, stack));
            assertTrue(
                    Math.abs(stack - predicted.stackBytes()) <= STACK_TOLERANCE,
                    "after "
                            + runs
                            + " inferences the stack high-water mark is "
                            + stack
                            + " B, predicted "
                            + predicted.stackBytes()
                            + " B (profile base "
                            + p.getCostModel().getStackBytes()
                            + " + per layer + interrupt frame "
                            + Overheads.INTERRUPT_FRAME_BYTES
                            + stackTerms
                            + ")");
        }
        return String.format(
                "%d of %d outputs equal to the host; static RAM %d (predicted %.0f), arena %d; "
                        + "stack predicted %.0f B, measured%s",
                acc.matchingHost(),
                SAMPLES,
                mem.staticRamBytes(),
                staticPredicted,
                mem.arenaBytes(),
                predicted.stackBytes(),
                seen);
    }
}
