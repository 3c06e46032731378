package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.UserData;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.link.qemu.QemuLauncher;

/**
 * {@code prune-and-flash --resume} on an emulated board: a finished run resumed with the same
 * options reuses both stages; resumed with other budgets or another sample count it is refused,
 * naming what differs, and nothing of the run changes.
 */
class PruneAndFlashResumeTest {
    @TempDir Path dir;
    private String previousData;

    /** The run starts from the shipped profile, with a measurement store of its own. */
    @BeforeEach
    void useATemporaryDataDirectory() {
        previousData = System.getProperty(UserData.PROPERTY);
        System.setProperty(UserData.PROPERTY, dir.resolve("data").toString());
    }

    @AfterEach
    void restoreTheDataDirectory() {
        if (previousData == null) {
            System.clearProperty(UserData.PROPERTY);
        } else {
            System.setProperty(UserData.PROPERTY, previousData);
        }
    }

    private record Result(int code, String err) {}

    private Result run(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "prune-and-flash",
                                "--board",
                                "qemu-m4",
                                "--model",
                                "vgg-small",
                                "--width",
                                "0.25",
                                "--epochs",
                                "1",
                                "--train-limit",
                                "256",
                                "--validation",
                                "0.01",
                                "--test-limit",
                                "50",
                                "--out",
                                dir.resolve("run").toString()));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        int code =
                Main.commandLine()
                        .setErr(new PrintWriter(err, true))
                        .execute(args.toArray(String[]::new));
        return new Result(code, err.toString());
    }

    @Test
    void resumeReusesOnlyStagesMadeWithTheSameOptions() throws Exception {
        Assumptions.assumeTrue(FirmwareBuild.onPath(FirmwareBuild.COMPILER), "no cross compiler");
        Assumptions.assumeTrue(QemuLauncher.available(), "no qemu-system-arm");
        Result first = run("--flash", "40KiB", "--samples", "3");
        assertEquals(ExitCodes.OK, first.code(), first.err());
        Path runDir = dir.resolve("run");
        Path report = runDir.resolve("report.json");
        Path model = runDir.resolve("prune/model_int8.onnx");
        Path measured = runDir.resolve("measure/measure.json");
        byte[] reportBytes = Files.readAllBytes(report);
        FileTime modelTime = Files.getLastModifiedTime(model);
        FileTime measuredTime = Files.getLastModifiedTime(measured);

        Result budgets = run("--flash", "36KiB", "--samples", "3", "--resume");
        assertEquals(ExitCodes.BAD_INPUT, budgets.code(), budgets.err());
        assertTrue(
                budgets.err().contains("stage prune")
                        && budgets.err().contains("flash_budget '40KiB' (now '36KiB')")
                        && budgets.err().contains("without --resume"),
                budgets.err());
        assertArrayEquals(
                reportBytes,
                Files.readAllBytes(report),
                "the old budgets' report stands untouched");

        Result samples = run("--flash", "40KiB", "--samples", "4", "--resume");
        assertEquals(ExitCodes.BAD_INPUT, samples.code(), samples.err());
        assertTrue(
                samples.err().contains("stage measure")
                        && samples.err().contains("samples '3' (now '4')"),
                samples.err());

        Result same = run("--flash", "40KiB", "--samples", "3", "--resume");
        assertEquals(ExitCodes.OK, same.code(), same.err());
        assertEquals(modelTime, Files.getLastModifiedTime(model), "the prune stage was reused");
        assertEquals(
                measuredTime, Files.getLastModifiedTime(measured), "the measure stage was reused");
    }
}
