package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.data.TestWavs;

/**
 * End to end: a synthetic keyword-spotting folder (three classes: a low tone, a high tone, white
 * noise, with random loudness, pitch jitter, phase and onset) trains the MLPerf Tiny DS-CNN on 49 ×
 * 10 MFCC through {@code tinyprune train} for one short epoch, and the held-out test clips are
 * classified far better than chance (1/3).
 */
class WavFolderTrainingTest {

    private static final String[] CLASSES = {"high", "low", "noise"};
    private static final double[] HERTZ = {2500, 400, 0};

    @TempDir Path dir;

    private void writeHalf(String half, int perClass, SplittableRandom random) throws Exception {
        for (int c = 0; c < CLASSES.length; c++) {
            for (int i = 0; i < perClass; i++) {
                int samples = 12000 + random.nextInt(4001);
                short[] pcm = TestWavs.quantise(TestWavs.clip(HERTZ[c], 16000, samples, random));
                TestWavs.write(
                        dir.resolve("kws").resolve(half).resolve(CLASSES[c]).resolve(i + ".wav"),
                        TestWavs.wav16(16000, 1, pcm));
            }
        }
    }

    @Test
    void dsCnnLearnsTonesAndNoiseFromAWavFolderInOneEpoch() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        writeHalf("train", 80, random);
        writeHalf("test", 16, random);
        Path out = dir.resolve("run");
        int code =
                Main.execute(
                        "train",
                        "--dataset",
                        "wav-folder",
                        "--data",
                        dir.resolve("kws").toString(),
                        "--model",
                        "ds-cnn",
                        "--epochs",
                        "1",
                        "--batch-size",
                        "16",
                        "--validation",
                        "0.1",
                        "--seed",
                        "5",
                        "--out",
                        out.toString());
        assertEquals(ExitCodes.OK, code);
        String metrics = Files.readString(out.resolve("metrics.json"));
        Matcher m = Pattern.compile("\"test_accuracy\"\\s*:\\s*([0-9.eE+-]+)").matcher(metrics);
        assertTrue(m.find(), metrics);
        double accuracy = Double.parseDouble(m.group(1));
        assertTrue(accuracy > 0.8, "test accuracy " + accuracy + " is not well above chance 1/3");
        assertTrue(Files.isRegularFile(out.resolve("model.onnx")));
    }
}
