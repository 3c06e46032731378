package org.tinyprune.calibrate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.build.FirmwareBuildException;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.an3155.FlashProgress;
import org.tinyprune.link.bench.DeviceIdentity;
import org.tinyprune.link.bench.DeviceMemory;
import org.tinyprune.link.bench.LayerCycles;
import org.tinyprune.link.bench.TinypruneCommands;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.Measurement;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.resource.LayerFeatures;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * Runs the suite on one open board: per network, quantise (seeded noise calibration), generate C,
 * build the firmware, flash it, load a seeded random input, then read per-layer cycles
 * ({@code tp-layers}), whole-run cycles (median of {@value #WINDOWS} {@code infer} windows) and
 * memory ({@code tp-memory}).
 */
public final class SuiteRunner {
    /** Timed windows per whole-run latency. */
    public static final int WINDOWS = 3;
    /** Whole flashes tried per network (each after its own transfer retries) before giving up. */
    public static final int FLASH_ATTEMPTS = 3;

    private final BoardSession session;
    private final FirmwareBuild builder;
    private final Path buildDir;
    private final long seed;
    private final Consumer<String> log;

    /**
     * @param session  an open board session
     * @param builder  the firmware builder
     * @param buildDir where each network's sources and firmware go ({@code buildDir/<net>/})
     * @param seed     seed of calibration data and inputs
     * @param log      one-line progress messages
     */
    public SuiteRunner(BoardSession session, FirmwareBuild builder, Path buildDir, long seed, Consumer<String> log) {
        this.session = session;
        this.builder = builder;
        this.buildDir = buildDir;
        this.seed = seed;
        this.log = log;
    }

    /**
     * Measures every network, in order, saving all measurements so far to {@code checkpoint} after
     * each one; networks already in {@code done} (same name) are not run again.
     *
     * @param nets       the suite
     * @param done       measurements of an interrupted earlier run of the same suite (may be empty)
     * @param checkpoint where to save progress ({@code measurements.json}); null for nowhere
     * @param suite      the suite's identity, saved with the progress
     */
    public List<NetMeasurement> run(List<BenchNet> nets, List<NetMeasurement> done, Path checkpoint, String suite)
            throws LinkException, FirmwareBuildException, UnsupportedModelException, IOException {
        Map<String, NetMeasurement> earlier = new HashMap<>();
        done.forEach(m -> earlier.put(m.net(), m));
        List<NetMeasurement> out = new ArrayList<>();
        for (int i = 0; i < nets.size(); i++) {
            BenchNet net = nets.get(i);
            NetMeasurement m = earlier.get(net.name());
            if (m != null) {
                out.add(m);
                log.accept(String.format("%d/%d %s: measured earlier, kept", i + 1, nets.size(), net.name()));
                continue;
            }
            long t0 = System.nanoTime();
            m = measure(net);
            out.add(m);
            if (checkpoint != null) {
                MeasurementsFile.write(out, checkpoint, suite);
            }
            log.accept(String.format("%d/%d %s: %d layers, %.0f cycles per run, flash %d, static RAM %d, "
                    + "stack %d (%.1f s)", i + 1, nets.size(), net.name(), m.layers().size(), m.runCycles(),
                    m.flashImageBytes(), m.staticRamBytes(), m.stackUsedBytes(), (System.nanoTime() - t0) / 1e9));
        }
        return out;
    }

    /** Measures every network, in order, keeping nothing on disk. */
    public List<NetMeasurement> run(List<BenchNet> nets) throws LinkException, FirmwareBuildException,
            UnsupportedModelException, IOException {
        return run(nets, List.of(), null, "");
    }

    /** Flashes, retrying the whole flash (board reset into its bootloader) when a transfer fails. */
    private void flash(Path elf) throws LinkException {
        for (int attempt = 1; ; attempt++) {
            try {
                session.flash(FirmwareImage.fromElf(elf), FlashOptions.defaults(), FlashProgress.NONE, log);
                return;
            } catch (LinkException e) {
                if (attempt >= FLASH_ATTEMPTS || e.kind() == LinkException.Kind.INVALID_REQUEST) {
                    throw e;
                }
                log.accept("flashing " + elf + " failed (" + e.getMessage() + "); flashing again, attempt "
                        + (attempt + 1) + " of " + FLASH_ATTEMPTS);
            }
        }
    }

    private NetMeasurement measure(BenchNet net) throws LinkException, FirmwareBuildException,
            UnsupportedModelException, IOException {
        Graph g = net.graph();
        DeviceModel model = DeviceModel.of(Quantizer.quantize(g, noise(g.inputShape()), QuantOptions.DEFAULTS).toIr(),
                null, net.name());
        Firmware fw = model.build(builder, session.profile(), buildDir.resolve(net.name().replace('@', '_')));
        flash(fw.elf());
        TinypruneCommands tp = session.tinyprune();
        DeviceIdentity id = tp.identity();
        if (!id.modelHash().equalsIgnoreCase(model.weightsHash())) {
            throw new LinkException(LinkException.Kind.PROTOCOL, session.portName() + " runs weights hash "
                    + id.modelHash() + " after flashing " + fw.elf() + " (" + model.weightsHash() + ")");
        }
        byte[] input = new byte[(int) model.inputBytes()];
        new SplittableRandom(seed ^ net.name().hashCode()).nextBytes(input);
        double run = new Measurement(session, model.reference()).latency(input, WINDOWS, 1, 1).medianCycles();
        List<LayerCycles> measured = tp.layers();
        DeviceMemory mem = tp.memory();

        // the resource model as the pruner evaluates it (the int8 IR under its minimum-peak order), so
        // the gap between its arena and the planner's shows up in the held-out SRAM error
        ResourceModel rm = ResourceModel.of(model.graph(), Overheads.NONE);
        Map<String, LayerFeatures> index = new HashMap<>();
        for (LayerFeatures f : rm.features()) {
            index.put(f.node(), f);
        }
        List<LayerSample> layers = new ArrayList<>();
        for (LayerCycles lc : measured) {
            LayerFeatures f = index.get(lc.name());
            if (f == null || f.opKey() == null) {
                throw new IllegalStateException(net.name() + ": the board timed layer '" + lc.name()
                        + "' which the resource model of the same generated model " + (f == null ? "does not have"
                        : "does not price") + "; code generation and the resource model disagree on the layers");
            }
            layers.add(new LayerSample(net.name(), f.node(), f.opKey(), f.values(), lc.cycles()));
        }
        ResourceEstimate e = rm.evaluate();
        return new NetMeasurement(net.name(), net.zoo(), layers, run, mem.flashImageBytes(), e.flashBytes().value(),
                model.generated().constantBytes(), mem.staticRamBytes(), mem.stackUsedBytes(),
                model.generated().plan().arenaBytes(), e.arenaBytes().value(), model.inputBytes());
    }

    /** Four seeded batches of eight uniform-noise samples in [-1, 1]. */
    private List<Tensor> noise(int[] shape) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int per = shape[0] * shape[1] * shape[2];
        List<Tensor> out = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            float[] d = new float[8 * per];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) rnd.nextDouble(-1, 1);
            }
            out.add(new Tensor(new int[] {8, shape[0], shape[1], shape[2]}, d));
        }
        return out;
    }
}
