package org.tinyprune.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.tinyprune.build.BenchmarkId;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.an3155.FlashProgress;
import org.tinyprune.link.pool.BoardPool;
import org.tinyprune.link.pool.PoolJob;
import org.tinyprune.link.pool.PoolListener;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.DeviceSample;
import org.tinyprune.measure.MeasureReport;
import org.tinyprune.measure.ModelOnBoard;
import org.tinyprune.measure.TestSamples;

/**
 * Measures every finished run's int8 model of a Pareto benchmark on boards (with {@code bench
 * pareto --port}): per run, the firmware is built into {@code RUN/board/} and flashed to whichever
 * board of the pool is free, which runs the first test samples ({@link ModelOnBoard}: device
 * accuracy, bit-exact agreement with the host int8 reference, latency, static RAM and stack);
 * {@code RUN/board/measure.json} keeps the full report. The figures come back in the runs' order.
 * At most as many firmware builds run at once as the machine has processors.
 */
public final class ParetoBoards {
    /** The folder of a run's board build and {@code measure.json}. */
    public static final String FOLDER = "board";

    private final BoardPool<BoardSession> pool;
    private final FirmwareBuild builder;
    private final int samples;

    /**
     * @param pool the open boards (one profile: the benchmark's board)
     * @param repoRoot the tinyprune repository (device runtime, board ports)
     * @param samples test samples each model classifies on the board
     */
    public ParetoBoards(BoardPool<BoardSession> pool, Path repoRoot, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
        this.pool = pool;
        this.builder = new FirmwareBuild(repoRoot);
        this.samples = samples;
    }

    /**
     * What a board measured of one run's int8 model, beside what the run predicted.
     *
     * @param row the run
     * @param report the board's report
     */
    public record Figures(ParetoRow row, MeasureReport report) {
        /** Measured static RAM plus stack high-water mark, bytes. */
        public long sramBytes() {
            return report.memory().staticRamBytes() + report.memory().stackUsedBytes();
        }

        /** The figures as key/values for {@code results.json}. */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", row.method());
            m.put("point", row.point());
            m.put("seed", row.seed());
            m.put("port", report.port());
            m.put("samples", report.accuracy().samples());
            m.put("device_int8_accuracy", report.accuracy().accuracy());
            m.put("matches_host_int8", report.accuracy().matchesHost());
            m.put("latency_measured", report.latency().medianCycles());
            m.put("latency_predicted", row.latencyCycles());
            m.put("sram_measured_bytes", sramBytes());
            m.put("sram_predicted_bytes", row.sramBytes());
            m.put("flash_image_bytes", report.flashBytes());
            m.put("flash_predicted_bytes", row.flashBytes());
            return m;
        }
    }

    /** A run to measure: its row and folder (which holds {@code model_int8.onnx}). */
    record Run(ParetoRow row, Path dir) {}

    /**
     * Measures the runs that produced a model, spread over the boards.
     *
     * @param runs the runs (those without figures are skipped)
     * @param dataset the benchmark's dataset
     * @param dataDir its folder, or null for the dataset's own
     * @param progress one line per run started and measured, naming the board
     * @return the figures, in the runs' order
     * @throws LinkException when every board failed, naming each
     * @throws Exception what building or reading a model threw
     */
    List<Figures> measure(List<Run> runs, String dataset, Path dataDir, PrintStream progress)
            throws Exception {
        List<Run> todo = runs.stream().filter(r -> r.row().ran()).toList();
        Semaphore builds = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
        PoolJob<BoardSession, Run, Figures> job =
                (board, run) -> {
                    Path onnx = run.dir().resolve("model_int8.onnx");
                    // the firmware tinyprune measure builds: the MLPerf Tiny id of the dataset
                    DeviceModel model =
                            DeviceModel.fromOnnx(onnx)
                                    .withBenchmark(BenchmarkId.forDataset(dataset));
                    List<DeviceSample> inputs =
                            TestSamples.of(onnx, model, dataset, dataDir, samples, null);
                    Path out = run.dir().resolve(FOLDER);
                    Firmware fw;
                    builds.acquire();
                    try {
                        fw = model.build(builder, board.board().profile(), out);
                    } finally {
                        builds.release();
                    }
                    MeasureReport report =
                            ModelOnBoard.measure(
                                    board.board(),
                                    model,
                                    fw,
                                    inputs,
                                    1,
                                    FlashProgress.NONE,
                                    msg -> progress.println(board.name() + ": " + msg),
                                    done -> {});
                    report.write(out.resolve("measure.json"));
                    return new Figures(run.row(), report);
                };
        PoolListener<Run, Figures> listener =
                new PoolListener<>() {
                    @Override
                    public void started(String board, int index, Run run) {
                        progress.printf(
                                "%s: measuring %s at %s, seed %d on the board%n",
                                board, run.row().method(), run.row().point(), run.row().seed());
                    }

                    @Override
                    public void finished(String board, int index, Run run, Figures f) {
                        progress.printf(
                                Locale.ROOT,
                                "%s: %s at %s, seed %d: device int8 %.2f%% (%s), %,d instr., "
                                        + "SRAM %,d B measured%n",
                                board,
                                run.row().method(),
                                run.row().point(),
                                run.row().seed(),
                                100 * f.report().accuracy().accuracy(),
                                f.report().accuracy().matchesHost()
                                        ? "= host"
                                        : "DIFFERS from host",
                                f.report().latency().medianCycles(),
                                f.sramBytes());
                    }

                    @Override
                    public void dropped(String board, int index, Run run, Exception why, int left) {
                        progress.printf(
                                "%s failed and leaves the pool (%s); %s at %s goes to %s%n",
                                board,
                                why.getMessage(),
                                run.row().method(),
                                run.row().point(),
                                left > 0 ? "another board" : "no board: none left");
                    }
                };
        try {
            return new ArrayList<>(
                    pool.run(
                            todo,
                            r ->
                                    r.row().method()
                                            + " at "
                                            + r.row().point()
                                            + " seed "
                                            + r.row().seed(),
                            job,
                            listener));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    /** The markdown table of the figures, one line per run. */
    static String markdown(List<Figures> figures) {
        StringBuilder sb =
                new StringBuilder(
                        "**On the board** (each run's int8 model flashed and run; latency in "
                                + "the board's cycle unit, instruction counts on emulated boards; SRAM is static RAM + stack "
                                + "high-water mark)\n\n");
        sb.append(
                "| point | method | seed | device int8 acc. | = host int8 | samples | latency measured | predicted "
                        + "| SRAM measured | predicted | flash image | predicted | board |\n");
        sb.append("|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Figures f : figures) {
            ParetoRow r = f.row();
            MeasureReport m = f.report();
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %d | %.2f %% | %s | %d | %,d | %,d | %,d | %,d | %,d | %,d "
                                    + "| %s |%n",
                            r.point(),
                            r.method(),
                            r.seed(),
                            100 * m.accuracy().accuracy(),
                            m.accuracy().matchesHost()
                                    ? "yes"
                                    : "NO (" + m.accuracy().matchingHost() + ")",
                            m.accuracy().samples(),
                            m.latency().medianCycles(),
                            r.latencyCycles(),
                            f.sramBytes(),
                            r.sramBytes(),
                            m.flashBytes(),
                            r.flashBytes(),
                            m.port()));
        }
        return sb.toString();
    }
}
