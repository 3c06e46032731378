package org.tinyprune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.data.DatasetException;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.Normalization;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.bench.DeviceIdentity;
import org.tinyprune.link.bench.DeviceMemory;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.DeviceAccuracy;
import org.tinyprune.measure.DeviceSample;
import org.tinyprune.measure.Latency;
import org.tinyprune.measure.MeasureReport;
import org.tinyprune.measure.Measurement;
import org.tinyprune.measure.ModelOnBoard;
import org.tinyprune.measure.TestSamples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune measure --board B [--port P] --onnx M_int8.onnx --samples N --out DIR}: builds
 * the firmware, flashes it, and measures on the board: median latency over five timed windows,
 * per-layer cycles, static RAM and stack high-water mark, accuracy over N test images, and whether
 * every device output equalled the host int8 reference. Writes {@code DIR/measure.json}.
 */
@Command(
        name = "measure",
        mixinStandardHelpOptions = true,
        description =
                "Builds, flashes and measures a quantised model on a board (emulated when no --port): "
                        + "latency (median of 5 windows, cycles), per-layer cycles, static RAM, stack, on-device "
                        + "accuracy and bit-exact agreement with the host int8 reference. Writes DIR/measure.json "
                        + "(and the build's files); exits 5 when a device output differs from the host reference.")
public final class MeasureCommand implements Callable<Integer> {
    @Mixin BoardOption board;

    @Mixin PortOption port;

    @Option(
            names = "--onnx",
            required = true,
            paramLabel = "MODEL",
            description = "Quantised ONNX model (QDQ int8).")
    Path onnx;

    @Option(
            names = "--samples",
            defaultValue = "200",
            paramLabel = "N",
            description = "Test images to classify on the board (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--dataset",
            defaultValue = Datasets.DEFAULT,
            paramLabel = "NAME",
            description = "Dataset the model was trained on (default ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin BenchmarkOption benchmark;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Dataset folder (default: the dataset's own).")
    Path dataDir;

    @Option(
            names = "--mean",
            split = ",",
            paramLabel = "M",
            description =
                    "Per-channel input mean (pixel/255) used in training; default: what the model records, "
                            + "else the training set's.")
    float[] mean;

    @Option(
            names = "--std",
            split = ",",
            paramLabel = "S",
            description =
                    "Per-channel input std (pixel/255) used in training; default: what the model records, "
                            + "else the training set's.")
    float[] std;

    @Option(
            names = "--runs",
            defaultValue = "1",
            paramLabel = "N",
            description = "Timed runs per latency window (default ${DEFAULT-VALUE}).")
    int runs;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (samples < 1 || runs < 1) {
            throw new CommandFailure(
                    ExitCodes.USAGE, "--samples and --runs must be at least 1", null);
        }
        if (!Datasets.names().contains(dataset)) {
            throw new CommandFailure(
                    ExitCodes.USAGE,
                    "--dataset '"
                            + dataset
                            + "' is unknown; choose one of "
                            + String.join(", ", Datasets.names()),
                    null);
        }
        benchmark.validate();
        Normalization given = givenScaling();
        BoardProfile profile = board.load();
        try (RunDirectory run = RunDirectory.open(out)) {
            int code = measure(profile, given);
            run.succeeded();
            return code;
        }
    }

    private int measure(BoardProfile profile, Normalization given) {
        DeviceModel model =
                BuildCommand.readModel(onnx, profile).withBenchmark(benchmark.orDataset(dataset));
        List<DeviceSample> inputs = samples(model, given);
        Firmware fw = BuildCommand.buildFirmware(model, profile, board.root(), out);
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = new PrintWriter(System.err, true);
        try (BoardSession session = port.open(profile, board)) {
            MeasureReport report =
                    ModelOnBoard.measure(
                            session,
                            model,
                            fw,
                            inputs,
                            runs,
                            new ProgressPrinter(err),
                            msg -> err.println("tinyprune: " + msg),
                            done -> {
                                if (done % 50 == 0) {
                                    err.println(
                                            "tinyprune: "
                                                    + done
                                                    + " of "
                                                    + inputs.size()
                                                    + " samples");
                                }
                            });
            DeviceIdentity id = report.identity();
            Latency latency = report.latency();
            DeviceMemory memory = report.memory();
            DeviceAccuracy acc = report.accuracy();
            report.write(out.resolve("measure.json"));
            w.printf(
                    "%s on %s: latency %d %s (median of %d windows), static RAM %d + stack %d bytes, "
                            + "flash %d bytes, accuracy %.4f on %d samples, device = host int8 reference: %s%s%n",
                    onnx.getFileName(),
                    profile.getName(),
                    latency.medianCycles(),
                    id.cycleUnit(),
                    Measurement.WINDOWS,
                    memory.staticRamBytes(),
                    memory.stackUsedBytes(),
                    fw.sizes().flashImageBytes(),
                    acc.accuracy(),
                    acc.samples(),
                    acc.matchesHost()
                            ? "yes"
                            : "NO (" + acc.matchingHost() + " of " + acc.samples() + ")",
                    id.emulated() ? " [emulated: cycles are QEMU instruction counts]" : "");
            w.println("Wrote " + out.resolve("measure.json"));
            w.flush();
            return acc.matchesHost() ? ExitCodes.OK : ExitCodes.BOARD;
        } catch (LinkException e) {
            throw LinkFailures.of(e);
        } catch (IOException e) {
            throw RunDirectory.ioFailure(out, e);
        }
    }

    /**
     * The scaling --mean/--std give, checked before anything is loaded; null when neither is given.
     */
    private Normalization givenScaling() {
        if (mean == null && std == null) {
            return null;
        }
        try {
            return new Normalization(
                    mean == null ? new float[0] : mean, std == null ? new float[0] : std);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--mean/--std: " + e.getMessage(), e);
        }
    }

    private List<DeviceSample> samples(DeviceModel model, Normalization given) {
        try {
            return TestSamples.of(onnx, model, dataset, dataDir, samples, given);
        } catch (DatasetException | IllegalArgumentException | IOException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
    }
}
