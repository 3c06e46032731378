package org.tinyprune.measure;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.an3155.FlashProgress;
import org.tinyprune.link.bench.DeviceIdentity;
import org.tinyprune.link.bench.DeviceMemory;
import org.tinyprune.link.bench.LayerCycles;
import org.tinyprune.link.session.BoardSession;

/**
 * The measure stage as a library call (what {@code tinyprune measure} and {@code bench pareto
 * --port} run): flashes a model's firmware, checks that the board runs its weights, and measures
 * latency ({@link Measurement#WINDOWS} windows), per-layer cycles, accuracy with the bit-exact
 * comparison against the host int8 reference, and memory.
 */
public final class ModelOnBoard {
    private ModelOnBoard() {}

    /**
     * Flashes and measures.
     *
     * @param session the open board
     * @param model the model the firmware was built from
     * @param firmware its firmware
     * @param samples prepared test samples (at least one)
     * @param runs timed runs per latency window
     * @param progress flash progress
     * @param log one-line messages (flash retries)
     * @param samplesDone told the number of samples run after each one
     * @return the report
     * @throws LinkException when the flash or a measurement fails, or the board runs other weights
     *     than the firmware holds ({@link LinkException.Kind#PROTOCOL})
     */
    public static MeasureReport measure(
            BoardSession session,
            DeviceModel model,
            Firmware firmware,
            List<DeviceSample> samples,
            int runs,
            FlashProgress progress,
            Consumer<String> log,
            IntConsumer samplesDone)
            throws LinkException {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to measure");
        }
        session.flash(
                FirmwareImage.fromElf(firmware.elf()), FlashOptions.defaults(), progress, log);
        DeviceIdentity id = session.tinyprune().identity();
        if (!id.modelHash().equalsIgnoreCase(model.weightsHash())) {
            throw new LinkException(
                    LinkException.Kind.PROTOCOL,
                    session.portName()
                            + " runs a model with weights hash "
                            + id.modelHash()
                            + " but "
                            + firmware.elf()
                            + " holds "
                            + model.weightsHash()
                            + "; the flash did not take effect (check --port)");
        }
        Measurement m = new Measurement(session, model.reference());
        Latency latency = m.latency(samples.get(0).nhwc(), Measurement.WINDOWS, runs, 1);
        List<LayerCycles> layers = session.tinyprune().layers();
        DeviceAccuracy acc = m.accuracy(samples, samplesDone);
        DeviceMemory memory = session.tinyprune().memory();
        return new MeasureReport(
                session.profile().getName(),
                session.portName(),
                id,
                model.weightsHash(),
                latency,
                layers,
                memory,
                firmware.sizes().flashImageBytes(),
                model.generated().plan().arenaBytes(),
                acc);
    }
}
