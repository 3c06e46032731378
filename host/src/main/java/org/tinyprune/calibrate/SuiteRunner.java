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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
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
import org.tinyprune.link.pool.BoardPool;
import org.tinyprune.link.pool.PoolJob;
import org.tinyprune.link.pool.PoolListener;
import org.tinyprune.link.pool.PooledBoard;
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
 * Runs the suite on one open board, or spread over a {@link BoardPool} of them: per network,
 * quantise (seeded noise calibration), generate C, build the firmware (with the linker script's
 * generous default stack: a calibration measures the stack, it cannot trust a prediction yet),
 * flash it, load a seeded random input, then read per-layer cycles ({@code tp-layers}), whole-run
 * cycles (median of {@value #WINDOWS} {@code infer} windows), memory ({@code tp-memory}) and the
 * model object's flash from the linker map. Kernel probes are only built, for their linker maps.
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

    /** Firmware builds allowed at once (shared by the runners of a pool's boards). */
    private final Semaphore builds;

    /**
     * @param session an open board session
     * @param builder the firmware builder
     * @param buildDir where each network's sources and firmware go ({@code buildDir/<net>/})
     * @param seed seed of calibration data and inputs
     * @param log one-line progress messages
     */
    public SuiteRunner(
            BoardSession session,
            FirmwareBuild builder,
            Path buildDir,
            long seed,
            Consumer<String> log) {
        this(session, builder, buildDir, seed, log, new Semaphore(1));
    }

    private SuiteRunner(
            BoardSession session,
            FirmwareBuild builder,
            Path buildDir,
            long seed,
            Consumer<String> log,
            Semaphore builds) {
        this.session = session;
        this.builder = builder;
        this.buildDir = buildDir;
        this.seed = seed;
        this.log = log;
        this.builds = builds;
    }

    /**
     * Builds every kernel probe and measures every network on this runner's board, saving all
     * measurements so far to {@code checkpoint} after each one; networks and probes already in
     * {@code earlier} (same name) are not run again.
     *
     * @param nets the suite
     * @param probes the kernel probes (built, not run)
     * @param earlier the suite's identity and the measurements of an interrupted earlier run of the
     *     same suite (lists may be empty)
     * @param checkpoint where to save progress ({@code measurements.json}); null for nowhere
     * @return the measurements, with {@code earlier}'s identity
     */
    public Measurements run(
            List<BenchNet> nets, List<BenchNet> probes, Measurements earlier, Path checkpoint)
            throws LinkException, FirmwareBuildException, UnsupportedModelException, IOException {
        BoardPool<BoardSession> one =
                new BoardPool<>(List.of(new PooledBoard<>(session.portName(), session)));
        return run(one, builder, buildDir, seed, log, nets, probes, earlier, checkpoint);
    }

    /**
     * Builds every kernel probe, then measures the networks spread over the pool's boards (each
     * network on whichever board is free; one that fails leaves the pool and its network is
     * measured on another). The measurements are kept and saved in the suite's order, whichever
     * board finished first, so the result equals a run on one board. Saves everything measured so
     * far to {@code checkpoint} after each network; networks and probes already in {@code earlier}
     * are kept. At most as many firmware builds run at once as the machine has processors.
     *
     * @param boards open boards of one profile
     * @param builder the firmware builder
     * @param buildDir where each network's sources and firmware go
     * @param seed seed of calibration data and inputs
     * @param log one-line progress messages (naming the board when there are several)
     * @param nets the suite
     * @param probes the kernel probes (built, not run)
     * @param earlier the suite's identity and an interrupted earlier run's measurements
     * @param checkpoint where to save progress ({@code measurements.json}); null for nowhere
     * @return the measurements, with {@code earlier}'s identity
     * @throws LinkException when every board failed (naming each), or a request was refused on the
     *     host
     */
    public static Measurements run(
            BoardPool<BoardSession> boards,
            FirmwareBuild builder,
            Path buildDir,
            long seed,
            Consumer<String> log,
            List<BenchNet> nets,
            List<BenchNet> probes,
            Measurements earlier,
            Path checkpoint)
            throws LinkException, FirmwareBuildException, UnsupportedModelException, IOException {
        List<PooledBoard<BoardSession>> members = boards.boards();
        boolean several = members.size() > 1;
        Semaphore builds = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
        SuiteRunner first =
                new SuiteRunner(members.get(0).board(), builder, buildDir, seed, log, builds);
        Map<String, KernelProbe> builtProbes = new HashMap<>();
        earlier.probes().forEach(p -> builtProbes.put(KernelProbes.name(p.op()), p));
        List<KernelProbe> probed = new ArrayList<>();
        for (BenchNet p : probes) {
            KernelProbe k = builtProbes.get(p.name());
            probed.add(k != null ? k : first.probe(p));
        }
        Map<String, NetMeasurement> done = new HashMap<>();
        earlier.nets().forEach(m -> done.put(m.net(), m));
        NetMeasurement[] measured = new NetMeasurement[nets.size()];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < nets.size(); i++) {
            measured[i] = done.get(nets.get(i).name());
            if (measured[i] != null) {
                log.accept(
                        String.format(
                                "%d/%d %s: measured earlier, kept",
                                i + 1, nets.size(), nets.get(i).name()));
            } else {
                todo.add(i);
            }
        }
        PoolJob<BoardSession, Integer, Timed> job =
                (board, i) -> {
                    Consumer<String> boardLog =
                            several ? msg -> log.accept(board.name() + ": " + msg) : log;
                    long t0 = System.nanoTime();
                    NetMeasurement m =
                            new SuiteRunner(
                                            board.board(),
                                            builder,
                                            buildDir,
                                            seed,
                                            boardLog,
                                            builds)
                                    .measure(nets.get(i));
                    return new Timed(m, (System.nanoTime() - t0) / 1e9);
                };
        PoolListener<Integer, Timed> progress =
                new PoolListener<>() {
                    @Override
                    public void started(String board, int index, Integer i) {
                        if (several) {
                            log.accept(
                                    String.format(
                                            "%s: %d/%d %s: building, flashing and measuring",
                                            board, i + 1, nets.size(), nets.get(i).name()));
                        }
                    }

                    @Override
                    public void finished(String board, int index, Integer i, Timed t)
                            throws IOException {
                        measured[i] = t.measurement();
                        if (checkpoint != null) {
                            MeasurementsFile.write(
                                    with(earlier, inOrder(measured), probed), checkpoint);
                        }
                        NetMeasurement m = t.measurement();
                        log.accept(
                                String.format(
                                        "%s%d/%d %s: %d layers, %.0f cycles per run, flash %d, static RAM %d, "
                                                + "stack %d (%.1f s)",
                                        several ? board + ": " : "",
                                        i + 1,
                                        nets.size(),
                                        nets.get(i).name(),
                                        m.layers().size(),
                                        m.runCycles(),
                                        m.flashImageBytes(),
                                        m.staticRamBytes(),
                                        m.stackUsedBytes(),
                                        t.seconds()));
                    }

                    @Override
                    public void dropped(
                            String board, int index, Integer i, Exception why, int left) {
                        if (!several) {
                            return; // one board: its failure is the run's, reported by the caller
                        }
                        log.accept(
                                board
                                        + " failed and leaves the pool ("
                                        + why.getMessage()
                                        + "); "
                                        + nets.get(i).name()
                                        + (left > 0
                                                ? " goes to another board, " + left + " left"
                                                : ": no board left"));
                    }
                };
        try {
            boards.run(todo, i -> nets.get(i).name(), job, progress);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkException(
                    LinkException.Kind.TIMEOUT, "interrupted while measuring the suite", e);
        }
        Measurements all = with(earlier, inOrder(measured), probed);
        if (checkpoint != null) {
            MeasurementsFile.write(all, checkpoint);
        }
        return all;
    }

    /** A network's measurement and the seconds it took. */
    private record Timed(NetMeasurement measurement, double seconds) {}

    /** The measurements made so far, in the suite's order. */
    private static List<NetMeasurement> inOrder(NetMeasurement[] measured) {
        List<NetMeasurement> out = new ArrayList<>();
        for (NetMeasurement m : measured) {
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** A job's failure as the checked exception it was. */
    private static IllegalStateException rethrow(Throwable cause)
            throws LinkException, FirmwareBuildException, UnsupportedModelException, IOException {
        if (cause instanceof LinkException e) {
            throw e;
        } else if (cause instanceof FirmwareBuildException e) {
            throw e;
        } else if (cause instanceof UnsupportedModelException e) {
            throw e;
        } else if (cause instanceof IOException e) {
            throw e;
        } else if (cause instanceof RuntimeException e) {
            throw e;
        } else if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause);
    }

    /** Measures every network and probe, in order, keeping nothing on disk. */
    public Measurements run(List<BenchNet> nets, List<BenchNet> probes)
            throws LinkException, FirmwareBuildException, UnsupportedModelException, IOException {
        return run(nets, probes, new Measurements("", "", "", "", List.of(), List.of()), null);
    }

    private static Measurements with(
            Measurements id, List<NetMeasurement> nets, List<KernelProbe> probes) {
        return new Measurements(
                id.suite(),
                id.firmware(),
                id.compiler(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                nets,
                probes);
    }

    /** Builds a kernel probe (no flashing) and reads its linker map. */
    private KernelProbe probe(BenchNet net)
            throws FirmwareBuildException, UnsupportedModelException, IOException {
        DeviceModel model = deviceModel(net);
        Firmware fw = build(model, buildDir.resolve(net.name()));
        LinkerMap map = LinkerMap.read(fw.map());
        String object = modelObject(map, fw);
        List<String> layers = model.generated().layerNames();
        if (layers.size() != 1) {
            throw new IllegalStateException(net.name() + " should have one layer, has " + layers);
        }
        log.accept(net.name() + ": image " + fw.sizes().flashImageBytes() + " bytes");
        return new KernelProbe(
                KernelProbes.op(net.name()),
                layers.get(0),
                fw.sizes().flashImageBytes(),
                model.generated().constantBytes(),
                map.bytesOf(object),
                map.sectionsOutside(object));
    }

    /** Builds a network's firmware once a build slot is free. */
    private Firmware build(DeviceModel model, Path dir) throws FirmwareBuildException, IOException {
        try {
            builds.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to build " + dir);
        }
        try {
            return model.build(builder, session.profile(), dir, DeviceModel.LINKER_STACK);
        } finally {
            builds.release();
        }
    }

    /**
     * The object file of the generated model in a linker map (the one defining its run function).
     */
    private static String modelObject(LinkerMap map, Firmware fw) throws IOException {
        String object = map.objectOf(".text.tp_model_run");
        if (object == null) {
            throw new IOException(
                    fw.map()
                            + " links no .text.tp_model_run; build with -ffunction-sections "
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

    /**
     * Flashes, retrying the whole flash (board reset into its bootloader) when a transfer fails.
     */
    private void flash(Path elf) throws LinkException {
        for (int attempt = 1; ; attempt++) {
            try {
                session.flash(
                        FirmwareImage.fromElf(elf),
                        FlashOptions.defaults(),
                        FlashProgress.NONE,
                        log);
                return;
            } catch (LinkException e) {
                if (attempt >= FLASH_ATTEMPTS || e.kind() == LinkException.Kind.INVALID_REQUEST) {
                    throw e;
                }
                log.accept(
                        "flashing "
                                + elf
                                + " failed ("
                                + e.getMessage()
                                + "); flashing again, attempt "
                                + (attempt + 1)
                                + " of "
                                + FLASH_ATTEMPTS);
            }
        }
    }

    private NetMeasurement measure(BenchNet net)
            throws LinkException, FirmwareBuildException, UnsupportedModelException, IOException {
        DeviceModel model = deviceModel(net);
        Firmware fw = build(model, buildDir.resolve(net.name().replace('@', '_')));
        LinkerMap map = LinkerMap.read(fw.map());
        long modelObjectBytes = map.bytesOf(modelObject(map, fw));
        flash(fw.elf());
        TinypruneCommands tp = session.tinyprune();
        DeviceIdentity id = tp.identity();
        if (!id.modelHash().equalsIgnoreCase(model.weightsHash())) {
            throw new LinkException(
                    LinkException.Kind.PROTOCOL,
                    session.portName()
                            + " runs weights hash "
                            + id.modelHash()
                            + " after flashing "
                            + fw.elf()
                            + " ("
                            + model.weightsHash()
                            + ")");
        }
        byte[] input = new byte[(int) model.inputBytes()];
        new SplittableRandom(seed ^ net.name().hashCode()).nextBytes(input);
        double run =
                new Measurement(session, model.reference())
                        .latency(input, WINDOWS, 1, 1)
                        .medianCycles();
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
                throw new IllegalStateException(
                        net.name()
                                + ": the board timed layer '"
                                + lc.name()
                                + "' which the resource model of the same generated model "
                                + (f == null ? "does not have" : "does not price")
                                + "; code generation and the resource model disagree on the layers");
            }
            layers.add(
                    new LayerSample(
                            net.name(),
                            f.node(),
                            f.opKey(),
                            f.values(),
                            lc.cycles(),
                            f.kernelKey()));
        }
        ResourceEstimate e = rm.evaluate();
        return new NetMeasurement(
                net.name(),
                net.zoo(),
                layers,
                run,
                mem.flashImageBytes(),
                e.flashBytes().value(),
                model.generated().constantBytes(),
                mem.staticRamBytes(),
                mem.stackUsedBytes(),
                model.generated().plan().arenaBytes(),
                e.arenaBytes().value(),
                model.inputBytes(),
                modelObjectBytes);
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
