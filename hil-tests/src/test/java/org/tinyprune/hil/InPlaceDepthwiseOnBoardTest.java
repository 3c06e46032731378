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
import org.tinyprune.link.bench.DeviceMemory;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.DeviceAccuracy;
import org.tinyprune.measure.DeviceSample;
import org.tinyprune.measure.DeviceSamples;
import org.tinyprune.measure.Measurement;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * MobileNetV2-small at quarter width (seeded; its expand → depthwise pairs run the depthwise in
 * place) on the board: every output equals the host int8 reference on real Fashion-MNIST test
 * images, the static RAM is the one the resource model predicts, and the stack high-water mark
 * stays within 64 B of the prediction however many inferences ran (an interrupt may land at the
 * deepest kernel frame at any run; issue 16 item 4).
 */
@ExtendWith(BoardExtension.class)
class InPlaceDepthwiseOnBoardTest {
  static final int SAMPLES = 40;
  static final long STACK_TOLERANCE = 64;
  static DeviceModel model;
  static Firmware firmware;
  static List<DeviceSample> samples;
  static ResourceEstimate predicted;

  @BeforeAll
  static void flashModel() throws Exception {
    Dataset data = Datasets.load(Datasets.DEFAULT, null);
    Normalization norm = Normalization.fromTrainingSet(data.train());
    var quantised = ZooModels.quantised(data, norm, "mobilenetv2-small", 0.25, 16);
    model = DeviceModel.of(quantised.toIr(), null, "zoo mobilenetv2-small x0.25");
    BoardProfile profile = BoardUnderTest.profile();
    firmware = model.build(new FirmwareBuild(BoardUnderTest.root()), profile,
        Path.of("target", "hil", "mobilenetv2-small").toAbsolutePath());
    predicted = ResourceModel.of(model.generated().plan(), Overheads.of(profile)).evaluate();
    samples = DeviceSamples.prepare(data.test(), SAMPLES, norm, model.reference().inputQuantization(),
        model.inputBytes());
    board().enterBootloader();
    board().flash(firmware.elf());
  }

  private static BoardSession board() {
    return BoardUnderTest.current();
  }

  @Test
  void inPlaceLayersEqualTheHostAndMemoryMatchesThePrediction() throws Exception {
    var g = model.graph();
    long inPlace = g.nodes().stream().filter(n -> model.generated().plan().runsInPlace(n)).count();
    assertTrue(inPlace >= 3, "only " + inPlace + " depthwise layers run in place");
    assertTrue(model.generated().source().contains("tp_depthwise_conv_in_place_s8("));

    DeviceAccuracy acc = new Measurement(board(), model.reference()).accuracy(samples, done -> { });
    assertEquals(SAMPLES, acc.matchingHost(), "device outputs differing from the host int8 reference, first "
        + "test-set indices: " + acc.firstMismatches());

    BoardProfile p = board().profile();
    DeviceMemory mem = board().tinyprune().memory();
    assertEquals(model.generated().plan().arenaBytes(), mem.arenaBytes(), "arena = memory plan");
    assertEquals(firmware.sizes().staticRamBytes(), mem.staticRamBytes(), "device = linker's .data+.bss");
    double staticPredicted = predicted.sramBytes().value() - predicted.stackBytes();
    assertTrue(mem.staticRamBytes() <= staticPredicted && staticPredicted - mem.staticRamBytes() <= STACK_TOLERANCE,
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
      assertTrue(Math.abs(stack - predicted.stackBytes()) <= STACK_TOLERANCE, "after " + runs
          + " inferences the stack high-water mark is " + stack + " B, predicted " + predicted.stackBytes()
          + " B (profile base " + p.getCostModel().getStackBytes() + " + per layer + interrupt frame "
          + Overheads.INTERRUPT_FRAME_BYTES + ")");
    }
    System.out.printf("mobilenetv2-small x0.25 on %s: %d in-place depthwise layers, %d of %d outputs equal "
        + "to the host; static RAM %d (predicted %.0f), arena %d; stack predicted %.0f B, measured%s%n",
        p.getName(), inPlace, acc.matchingHost(), SAMPLES, mem.staticRamBytes(), staticPredicted,
        mem.arenaBytes(), predicted.stackBytes(), seen);
  }
}
