package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad option fails at once, before any dataset or model is read: every command here names a
 * dataset directory and a model file that do not exist, so a message about either means the option
 * was checked too late.
 */
class OptionsFailFastTest {
    @TempDir Path dir;

    /** Exit code and standard error of one command line. */
    private record Result(int code, String err) {}

    private Result run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err, true)).execute(args);
        return new Result(code, err.toString());
    }

    private void failsOnOption(String option, String... args) {
        Result r = run(args);
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains(option), "names " + option + ": " + r.err());
        assertFalse(
                r.err().contains("does not exist") || r.err().contains("no such file"),
                "the option is checked before the data: " + r.err());
        assertFalse(Files.exists(dir.resolve("out")), "no run directory is left behind");
    }

    private String missingData() {
        return dir.resolve("no-such-dataset").toString();
    }

    private String out() {
        return dir.resolve("out").toString();
    }

    @Test
    void labelSmoothingOutsideItsRangeFailsBeforeTheDatasetLoads() {
        failsOnOption(
                "--label-smoothing",
                "train",
                "--dataset",
                "idx",
                "--data",
                missingData(),
                "--label-smoothing",
                "1.5",
                "--out",
                out());
        failsOnOption(
                "--label-smoothing",
                "prune",
                "--dataset",
                "idx",
                "--data",
                missingData(),
                "--label-smoothing",
                "-0.1",
                "--out",
                out());
    }

    @Test
    void modelAndOnnxTogetherFailBeforeEitherIsRead() {
        failsOnOption(
                "--model",
                "prune",
                "--dataset",
                "idx",
                "--data",
                missingData(),
                "--model",
                "resnet8",
                "--onnx",
                dir.resolve("none.onnx").toString(),
                "--out",
                out());
    }

    @Test
    void nonFiniteOrNegativeTrainingNumbersFailBeforeTheDatasetLoads() {
        failsOnOption(
                "--weight-decay",
                "train",
                "--dataset",
                "idx",
                "--data",
                missingData(),
                "--weight-decay",
                "-1e-4",
                "--out",
                out());
        failsOnOption(
                "--lr",
                "train",
                "--dataset",
                "idx",
                "--data",
                missingData(),
                "--lr",
                "Infinity",
                "--out",
                out());
        failsOnOption(
                "--width",
                "train",
                "--dataset",
                "idx",
                "--data",
                missingData(),
                "--width",
                "Infinity",
                "--out",
                out());
        failsOnOption(
                "--dataset", "train", "--dataset", "idxx", "--data", missingData(), "--out", out());
    }

    @Test
    void inputScalingIsCheckedBeforeTheModelOrDatasetIsRead() {
        String onnx = dir.resolve("none.onnx").toString();
        failsOnOption(
                "--std",
                "prune",
                "--dataset",
                "idx",
                "--data",
                missingData(),
                "--onnx",
                onnx,
                "--mean",
                "0.5",
                "--std",
                "0",
                "--out",
                out());
        failsOnOption(
                "--std",
                "quantize",
                "--dataset",
                "idx",
                "--data",
                missingData(),
                "--onnx",
                onnx,
                "--mean",
                "0.5",
                "--std",
                "NaN",
                "--out",
                out());
        failsOnOption(
                "--std",
                "measure",
                "--dataset",
                "idx",
                "--data-dir",
                missingData(),
                "--onnx",
                onnx,
                "--mean",
                "0.5",
                "--std",
                "-1",
                "--out",
                out());
    }

    @Test
    void samplesOfPruneAndFlashAreCheckedBeforePruning() {
        failsOnOption(
                "--samples",
                "prune-and-flash",
                "--dataset",
                "idx",
                "--data",
                missingData(),
                "--samples",
                "0",
                "--out",
                out());
    }
}
