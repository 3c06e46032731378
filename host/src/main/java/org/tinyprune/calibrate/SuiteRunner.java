package org.tinyprune.calibrate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.tinyprune.build.LinkerMap;
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
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.resource.LayerFeatures;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * Runs the suite on one open board: per network, quantise (seeded noise calibration), generate C,
 * build the firmware (with the linker script's generous default stack: a calibration measures the
 * stack, it cannot trust a prediction yet), flash it, load a seeded random input, then read per-layer
 * cycles ({@code tp-layers}), whole-run cycles (median of {@value #WINDOWS} {@code infer} windows),
 * memory ({@code tp-memory}) and the model object's flash from the linker map. Kernel probes are
 * only built, for their linker maps.
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
     * Builds every kernel probe and measures every network, in order, saving all measurements so
     * far to {@code checkpoint} after each one; networks and probes already in {@code earlier} (same
     * name) are not run again.
     *
     * @param nets       the suite
     * @param probes     the kernel probes (built, not run)
     * @param earlier    the suite's identity and the measurements of an interrupted earlier run of
     *                   the same suite (lists may be empty)
     * @param checkpoint where to save progress ({@code measurements.json}); null for nowhere
     * @return the measurements, with {@code earlier}'s identity
     */
    public Measurements run(List<BenchNet> nets, List<BenchNet> probes, Measurements earlier, Path checkpoint)
            throws LinkException, FirmwareBuildException, UnsupportedModelException, IOException {
        Map<String, KernelProbe> builtProbes = new HashMap<>();
        earlier.probes().forEach(p -> builtProbes.put(KernelProbes.name(p.op()), p));
        List<KernelProbe> probed = new ArrayList<>();
        for (BenchNet p : probes) {
            KernelProbe k = builtProbes.get(p.name());
            probed.add(k != null ? k : probe(p));
        }
        Map<String, NetMeasurement> done = new HashMap<>();
        earlier.nets().forEach(m -> done.put(m.net(), m));
        List<NetMeasurement> out = new ArrayList<>();
        for (int i = 0; i < nets.size(); i++) {
            BenchNet net = nets.get(i);
            NetMeasurement m = done.get(net.name());
            if (m != null) {
                out.add(m);
                log.accept(String.format("%d/%d %s: measured earlier, kept", i + 1, nets.size(), net.name()));
                continue;
            }
            long t0 = System.nanoTime();
            m = measure(net);
            out.add(m);
            if (checkpoint != null) {
                MeasurementsFile.write(with(earlier, out, probed), checkpoint);
            }
            log.accept(String.format("%d/%d %s: %d layers, %.0f cycles per run, flash %d, static RAM %d, "
                    + "stack %d (%.1f s)", i + 1, nets.size(), net.name(), m.layers().size(), m.runCycles(),
                    m.flashImageBytes(), m.staticRamBytes(), m.stackUsedBytes(), (System.nanoTime() - t0) / 1e9));
        }
        Measurements all = with(earlier, out, probed);
        if (checkpoint != null) {
            MeasurementsFile.write(all, checkpoint);
        }
        return all;
    }

    /** Measures every network and probe, in order, keeping nothing on disk. */
    public Measurements run(List<BenchNet> nets, List<BenchNet> probes) throws LinkException, FirmwareBuildException,
            UnsupportedModelException, IOException {
        return run(nets, probes, new Measurements("", "", "", "", List.of(), List.of()), null);
    }

    private static Measurements with(Measurements id, List<NetMeasurement> nets, List<KernelProbe> probes) {
        return new Measurements(id.suite(), id.firmware(), id.compiler(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), nets, probes);
    }

    /** Builds a kernel probe (no flashing) and reads its linker map. */
    private KernelProbe probe(BenchNet net) throws FirmwareBuildException, UnsupportedModelException, IOException {
        DeviceModel model = deviceModel(net);
        Firmware fw = model.build(builder, session.profile(), buildDir.resolve(net.name()), DeviceModel.LINKER_STACK);
        LinkerMap map = LinkerMap.read(fw.map());
        String object = modelObject(map, fw);
        List<String> layers = model.generated().layerNames();
        if (layers.size() != 1) {
            throw new IllegalStateException(net.name() + " should have one layer, has " + layers);
        }
        log.accept(net.name() + ": image " + fw.sizes().flashImageBytes() + " bytes");
        return new KernelProbe(KernelProbes.op(net.name()), layers.get(0), fw.sizes().flashImageBytes(),
                model.generated().constantBytes(), map.bytesOf(object), map.sectionsOutside(object));
    }

    /** The object file of the generated model in a linker map (the one defining its run function). */
    private static String modelObject(LinkerMap map, Firmware fw) throws IOException {
        String object = map.objectOf(".text.tp_model_run");
        if (object == null) {
            throw new IOException(fw.map() + " links no .text.tp_model_run; build with -ffunction-sections "
                    + "(device-runtime Makefile)");
        }
        return object;
    }

    private DeviceModel deviceModel(BenchNet net) throws UnsupportedModelException {
        Graph g = net.graph();
        // layer by layer: the suite times each kernel in its own call (a streamed chain would run
        // several layers in one call, row by row)
        return DeviceModel.of(int8(g, seed), null, net.name(), MemoryPlanner.layerByLayer());
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
        DeviceModel model = deviceModel(net);
        Firmware fw = model.build(builder, session.profile(), buildDir.resolve(net.name().replace('@', '_')),
                DeviceModel.LINKER_STACK);
        LinkerMap map = LinkerMap.read(fw.map());
        long modelObjectBytes = map.bytesOf(modelObject(map, fw));
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

        // the resource model under the plan the generated code allocates (layer by layer, see
        // deviceModel), so any gap between its arena and the generated code's
        // shows up in the held-out SRAM error
        ResourceModel rm = ResourceModel.of(model.generated().plan(), Overheads.NONE);
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
            layers.add(new LayerSample(net.name(), f.node(), f.opKey(), f.values(), lc.cycles(), f.kernelKey()));
        }
        ResourceEstimate e = rm.evaluate();
        return new NetMeasurement(net.name(), net.zoo(), layers, run, mem.flashImageBytes(), e.flashBytes().value(),
                model.generated().constantBytes(), mem.staticRamBytes(), mem.stackUsedBytes(),
                model.generated().plan().arenaBytes(), e.arenaBytes().value(), model.inputBytes(), modelObjectBytes);
    }

    /** The int8 IR of a suite network, quantised on {@link #noise} as the runner builds it. */
    static org.tinyprune.ir.Graph int8(Graph g, long seed) {
        return Quantizer.quantize(g, noise(g.inputShape(), seed), QuantOptions.DEFAULTS).toIr();
    }

    /** Four seeded batches of eight uniform-noise samples in [-1, 1]. */
    private static List<Tensor> noise(int[] shape, long seed) {
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
