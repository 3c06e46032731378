package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tinyprune.build.BenchmarkId;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.Normalization;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Quantization;
import org.tinyprune.link.bench.TimedWindow;
import org.tinyprune.link.mlperf.RunnerDut;
import org.tinyprune.link.mlperf.RunnerScoring;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.DeviceAccuracy;
import org.tinyprune.measure.DeviceSample;
import org.tinyprune.measure.DeviceSamples;
import org.tinyprune.measure.Measurement;
import org.tinyprune.nn.onnx.ImportedModel;
import org.tinyprune.nn.onnx.OnnxImporter;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.Quantizer;

/**
 * The board as the MLPerf Tiny runner sees it: it identifies as the benchmark id the build chose,
 * its accuracy-mode Top-1 (results divided by their sum, argmax) equals tinyprune's device accuracy
 * from the raw int8 outputs on the same samples, sample by sample, and performance mode's laps are
 * board time (the window's instructions at the profile's clock).
 */
@ExtendWith(BoardExtension.class)
class MlperfRunnerOnBoardTest {
    static final int SAMPLES = 100;
    static DeviceModel model;
    static List<DeviceSample> samples;

    @BeforeAll
    static void flashModel() throws Exception {
        Dataset data = Datasets.load(Datasets.DEFAULT, null);
        // the shipped trained model (scripts/make-pretrained.sh), so the runner's Top-1 is a real
        // accuracy
        ImportedModel trained =
                OnnxImporter.importModel(
                        BoardUnderTest.root()
                                .resolve("models")
                                .resolve("vgg-small-x0.5-fashion-mnist.onnx"),
                        null);
        Normalization norm =
                Normalization.fromTrainingSet(data.train()); // what the base was trained with
        var quantised =
                Quantizer.quantize(
                        trained.graph(),
                        ZooModels.calibration(data.train(), norm, 4, 32),
                        QuantOptions.DEFAULTS);
        // a non-default id (ic01 is Fashion-MNIST's), so the test sees the option reach the
        // firmware
        model =
                DeviceModel.of(quantised.toIr(), null, "vgg-small x0.5 (shipped)")
                        .withBenchmark(BenchmarkId.KWS01);
        Firmware fw =
                model.build(
                        new FirmwareBuild(BoardUnderTest.root()),
                        BoardUnderTest.profile(),
                        Path.of("target", "hil", "mlperf-runner").toAbsolutePath());
        samples =
                DeviceSamples.prepare(
                        data.test(),
                        SAMPLES,
                        norm,
                        model.reference().inputQuantization(),
                        model.inputBytes());
        board().enterBootloader();
        board().flash(fw.elf());
        assertEquals(
                model.weightsHash(),
                board().tinyprune().identity().modelHash(),
                "the flashed model runs");
    }

    private static BoardSession board() {
        return BoardUnderTest.current();
    }

    private static RunnerDut runner() {
        return new RunnerDut(board().link(), 30_000);
    }

    @Test
    void runnerIdentifiesTheBenchmarkTheBuildChose() throws Exception {
        board().client().name(); // the line is in step
        assertEquals("tinyprune", runner().name());
        assertEquals("kws01", runner().model());
    }

    @Test
    void runnerTop1EqualsTheDeviceAccuracyOnTheSameSamples() throws Exception {
        RunnerDut dut = runner();
        RunnerScoring runnerScore = new RunnerScoring();
        RunnerScoring logitScore = new RunnerScoring();
        Quantization out = model.reference().outputQuantization();
        board().client().name();
        for (DeviceSample s : samples) {
            dut.load(s.nhwc());
            RunnerDut.Inference inf = dut.infer(1, 0);
            runnerScore.add(s.index(), s.label(), inf.results());
            byte[] int8 = board().tinyprune().output();
            List<Double> logits = new ArrayList<>();
            for (byte b : int8) {
                logits.add((double) out.scale() * (b - out.zeroPoint()));
            }
            logitScore.add(s.index(), s.label(), logits);
            RunnerScoring one = new RunnerScoring();
            one.add(0, Int8Interpreter.argmax(int8), inf.results());
            assertEquals(
                    1,
                    one.correct(),
                    "sample "
                            + s.index()
                            + ": the runner's class differs from the int8 "
                            + "argmax; results "
                            + inf.results());
        }
        DeviceAccuracy acc =
                new Measurement(board(), model.reference()).accuracy(samples, done -> {});
        assertEquals(SAMPLES, acc.matchingHost(), "device outputs equal the host int8 reference");
        assertEquals(SAMPLES, runnerScore.files());
        assertEquals(acc.correct(), runnerScore.correct());
        assertEquals(100.0 * acc.accuracy(), runnerScore.top1Percent(), 1e-9);
        System.out.printf(
                "MLPerf Tiny runner rules on %s, shipped vgg-small x0.5 (trained), %d Fashion-MNIST "
                        + "test images: runner Top-1 %.1f %% = device accuracy %.1f %% (%d of %d); the same rules on "
                        + "dequantised logits would give %.1f %%%n",
                board().profile().getName(),
                SAMPLES,
                runnerScore.top1Percent(),
                100 * acc.accuracy(),
                acc.correct(),
                acc.samples(),
                logitScore.top1Percent());
    }

    @Test
    void performanceModeLapsAreBoardTime() throws Exception {
        RunnerDut dut = runner();
        board().client().name();
        dut.load(samples.get(0).nhwc());
        int runs = 20;
        long mhz = board().profile().getClockHz() / 1_000_000;
        List<RunnerDut.Inference> windows = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < RunnerScoring.WINDOWS; w++) {
            RunnerDut.Inference inf = dut.infer(runs, 1);
            windows.add(inf);
            TimedWindow tp = board().tinyprune().window();
            assertEquals(runs, tp.runs());
            assertEquals(inf.elapsedMicros(), tp.windowMicros(), "tp-window repeats infer's laps");
            // the laps bracket the runs and their input copies: at least the runs' own cycles, at
            // the clock
            long lapsCycles = inf.elapsedMicros() * mhz;
            assertTrue(
                    lapsCycles >= tp.cycles() - mhz && lapsCycles <= tp.cycles() * 11 / 10 + mhz,
                    "laps of "
                            + inf.elapsedMicros()
                            + " us = "
                            + lapsCycles
                            + " cycles at "
                            + mhz
                            + " MHz, the runs took "
                            + tp.cycles());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double median = RunnerScoring.medianThroughput(windows);
        long cyclesPerRun = board().tinyprune().window().cycles() / runs;
        double expected = board().profile().getClockHz() / (double) cyclesPerRun;
        assertTrue(
                median <= expected && median > expected * 0.9,
                "median " + median + " inf/s, the clock gives " + expected);
        String error = RunnerScoring.submissionError(windows, seconds);
        System.out.printf(
                "MLPerf Tiny performance mode on %s: 5 windows of %d runs, median throughput %.1f inf/s "
                        + "(%d cycles per run at %d MHz: %.1f); %s%n",
                board().profile().getName(),
                runs,
                median,
                cyclesPerRun,
                mhz,
                expected,
                error == null
                        ? "valid for submission"
                        : "runner would say "
                                + error
                                + " ("
                                + String.format("%.1f", seconds)
                                + " s)");
    }
}
