package org.tinyprune.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.DatasetException;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.ImageResize;
import org.tinyprune.data.Normalization;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.an3155.FirmwareImage;
import org.tinyprune.link.an3155.FlashOptions;
import org.tinyprune.link.bench.DeviceIdentity;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.DeviceAccuracy;
import org.tinyprune.measure.DeviceSample;
import org.tinyprune.measure.DeviceSamples;
import org.tinyprune.measure.Latency;
import org.tinyprune.measure.MeasureReport;
import org.tinyprune.measure.Measurement;
import org.tinyprune.nn.onnx.InputSpec;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.StringStringEntryProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.run.ModelImport;
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
@Command(name = "measure", mixinStandardHelpOptions = true,
    description = "Builds, flashes and measures a quantised model on a board (emulated when no --port): "
        + "latency (median of 5 windows, cycles), per-layer cycles, static RAM, stack, on-device "
        + "accuracy and bit-exact agreement with the host int8 reference. Writes DIR/measure.json "
        + "(and the build's files); exits 5 when a device output differs from the host reference.")
public final class MeasureCommand implements Callable<Integer> {
  @Mixin
  BoardOption board;

  @Mixin
  PortOption port;

  @Option(names = "--onnx", required = true, paramLabel = "MODEL",
      description = "Quantised ONNX model (QDQ int8).")
  Path onnx;

  @Option(names = "--samples", defaultValue = "200", paramLabel = "N",
      description = "Test images to classify on the board (default ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--dataset", defaultValue = Datasets.DEFAULT, paramLabel = "NAME",
      description = "Dataset the model was trained on (default ${DEFAULT-VALUE}).")
  String dataset;

  @Mixin
  BenchmarkOption benchmark;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Dataset folder (default: the dataset's own).")
  Path dataDir;

  @Option(names = "--mean", split = ",", paramLabel = "M",
      description = "Per-channel input mean (pixel/255) used in training; default: what the model records, "
          + "else the training set's.")
  float[] mean;

  @Option(names = "--std", split = ",", paramLabel = "S",
      description = "Per-channel input std (pixel/255) used in training; default: what the model records, "
          + "else the training set's.")
  float[] std;

  @Option(names = "--runs", defaultValue = "1", paramLabel = "N",
      description = "Timed runs per latency window (default ${DEFAULT-VALUE}).")
  int runs;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (samples < 1 || runs < 1) {
      throw new CommandFailure(ExitCodes.USAGE, "--samples and --runs must be at least 1", null);
    }
    if (!Datasets.names().contains(dataset)) {
      throw new CommandFailure(ExitCodes.USAGE, "--dataset '" + dataset + "' is unknown; choose one of "
          + String.join(", ", Datasets.names()), null);
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
    DeviceModel model = BuildCommand.readModel(onnx, profile).withBenchmark(benchmark.orDataset(dataset));
    List<DeviceSample> inputs = samples(model, given);
    Firmware fw = BuildCommand.buildFirmware(model, profile, board.root(), out);
    PrintWriter w = spec.commandLine().getOut();
    PrintWriter err = new PrintWriter(System.err, true);
    try (BoardSession session = port.open(profile, board)) {
      session.flash(FirmwareImage.fromElf(fw.elf()), FlashOptions.defaults(), new ProgressPrinter(err),
          msg -> err.println("tinyprune: " + msg));
      DeviceIdentity id = session.tinyprune().identity();
      if (!id.modelHash().equalsIgnoreCase(model.weightsHash())) {
        throw new CommandFailure(ExitCodes.BOARD, session.portName() + " runs a model with weights hash "
            + id.modelHash() + " but " + fw.elf() + " holds " + model.weightsHash()
            + "; the flash did not take effect (check --port)", null);
      }
      Measurement m = new Measurement(session, model.reference());
      Latency latency = m.latency(inputs.get(0).nhwc(), Measurement.WINDOWS, runs, 1);
      var layers = session.tinyprune().layers();
      DeviceAccuracy acc = m.accuracy(inputs, done -> {
        if (done % 50 == 0) {
          err.println("tinyprune: " + done + " of " + inputs.size() + " samples");
        }
      });
      var memory = session.tinyprune().memory();
      MeasureReport report = new MeasureReport(profile.getName(), session.portName(), id,
          model.weightsHash(), latency, layers, memory, fw.sizes().flashImageBytes(),
          model.generated().plan().arenaBytes(), acc);
      report.write(out.resolve("measure.json"));
      w.printf("%s on %s: latency %d %s (median of %d windows), static RAM %d + stack %d bytes, "
          + "flash %d bytes, accuracy %.4f on %d samples, device = host int8 reference: %s%s%n",
          onnx.getFileName(), profile.getName(), latency.medianCycles(), id.cycleUnit(),
          Measurement.WINDOWS, memory.staticRamBytes(), memory.stackUsedBytes(),
          fw.sizes().flashImageBytes(), acc.accuracy(), acc.samples(), acc.matchesHost() ? "yes"
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

  /** The model file's metadata ({@code metadata_props}). */
  private List<StringStringEntryProto> metadata() {
    try (InputStream in = Files.newInputStream(onnx)) {
      return ModelProto.parseFrom(in).getMetadataPropsList();
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.BAD_INPUT, "cannot read " + onnx + ": " + e.getMessage(), e);
    }
  }

  /**
   * The test images as the model takes them: converted to its recorded input shape when the model
   * was trained on converted images ({@code --input-size}/{@code --input-channels}).
   */
  private static Dataset asTrained(Dataset data, List<StringStringEntryProto> props) {
    String key = Provenance.configKey(ModelImport.KEY_CONVERSION);
    if (props.stream().noneMatch(p -> p.getKey().equals(key))) {
      return data;
    }
    return ImageResize.to(data, InputSpec.fromMetadata(props).shape());
  }

  /** The input scaling the model's metadata records (tinyprune writes it), else the training set's. */
  private static Normalization recordedScaling(Dataset data, List<StringStringEntryProto> props) {
    InputSpec spec = ModelImport.recordedScaling(props, data.inputShape());
    return spec == null ? Normalization.fromTrainingSet(data.train()) : spec.normalization();
  }

  /** The scaling --mean/--std give, checked before anything is loaded; null when neither is given. */
  private Normalization givenScaling() {
    if (mean == null && std == null) {
      return null;
    }
    try {
      return new Normalization(mean == null ? new float[0] : mean, std == null ? new float[0] : std);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.USAGE, "--mean/--std: " + e.getMessage(), e);
    }
  }

  private List<DeviceSample> samples(DeviceModel model, Normalization given) {
    try {
      List<StringStringEntryProto> props = metadata();
      Dataset data = asTrained(Datasets.load(dataset, dataDir), props);
      Normalization norm = given != null ? given : recordedScaling(data, props);
      return DeviceSamples.prepare(data.test(), samples, norm, model.reference().inputQuantization(),
          model.inputBytes());
    } catch (DatasetException | IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
    }
  }
}
