package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.RepositoryRoot;
import picocli.CommandLine;

/**
 * {@code --out} of every command that writes a run directory: a bad one is refused up front with
 * one line naming {@code --out} and the bad-input exit code, and a run that fails after creating
 * its folder leaves none behind.
 */
class OutOptionCommandsTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @TempDir Path tmp;

    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    static String fixture() throws Exception {
        return RepositoryRoot.locate().resolve("fixtures/onnx/fmnist_cnn/model.onnx").toString();
    }

    @Test
    void everyCommandRefusesAFileAsItsOutputFolder() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "not a folder");
        String onnx = fixture();
        String f = file.toString();
        List<String[]> commands =
                List.of(
                        new String[] {"train", "--out", f},
                        new String[] {"prune", "--out", f},
                        new String[] {"prune-and-flash", "--out", f},
                        new String[] {"quantize", "--onnx", onnx, "--out", f},
                        new String[] {"codegen", "--onnx", onnx, "--out", f},
                        new String[] {"build", "--board", "qemu-m4", "--onnx", onnx, "--out", f},
                        new String[] {"measure", "--board", "qemu-m4", "--onnx", onnx, "--out", f},
                        new String[] {
                            "calibrate", "--board", "qemu-m4", "--measurements", onnx, "--out", f
                        });
        for (String[] args : commands) {
            err.getBuffer().setLength(0);
            assertEquals(ExitCodes.BAD_INPUT, run(args), args[0] + ": " + err);
            assertEquals(
                    "tinyprune: --out "
                            + f
                            + " is a file, not a directory; choose a directory (created if missing)",
                    err.toString().strip(),
                    args[0]);
            assertEquals("not a folder", Files.readString(file), args[0]);
        }
    }

    @Test
    void outputFolderUnderAFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        assertEquals(
                ExitCodes.BAD_INPUT,
                run("codegen", "--onnx", fixture(), "--out", file.resolve("sub").toString()));
        assertTrue(
                err.toString().contains("--out " + file.resolve("sub") + " " + file + " is a file"),
                err.toString());
    }

    @Test
    void failedRunLeavesNoFolderBehind() throws Exception {
        // codegen writes the model, then the host build fails (no runtime there): a toolchain
        // failure
        Path fresh = tmp.resolve("runs/new");
        assertEquals(
                ExitCodes.TOOLCHAIN,
                run(
                        "codegen",
                        "--onnx",
                        fixture(),
                        "--out",
                        fresh.toString(),
                        "--build",
                        "--runtime",
                        tmp.resolve("no-runtime").toString()));
        assertFalse(Files.exists(tmp.resolve("runs")), "failed run left " + tmp.resolve("runs"));

        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        assertEquals(
                ExitCodes.TOOLCHAIN,
                run(
                        "codegen",
                        "--onnx",
                        fixture(),
                        "--out",
                        mine.toString(),
                        "--build",
                        "--runtime",
                        tmp.resolve("no-runtime").toString()));
        assertEquals(
                "keep",
                Files.readString(mine.resolve("notes.txt")),
                "a folder that existed is kept");
    }

    @Test
    void hugeWidthIsRefusedByNameBeforeAllocatingOrReadingData() throws Exception {
        Path noData = tmp.resolve("no-such-dataset");
        for (String command : new String[] {"train", "prune"}) {
            err.getBuffer().setLength(0);
            Path dir = tmp.resolve(command);
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    command,
                                    "--width",
                                    "1e9",
                                    "--epochs",
                                    "1",
                                    "--train-limit",
                                    "64",
                                    "--dataset",
                                    "idx",
                                    "--data",
                                    noData.toString(),
                                    "--out",
                                    dir.toString()));
            int code = run(args.toArray(String[]::new));
            assertTrue(
                    code == ExitCodes.USAGE || code == ExitCodes.BAD_INPUT,
                    command + " exit " + code + ": " + err);
            assertTrue(
                    err.toString().startsWith("tinyprune: --width 1.0E9 makes vgg-small about"),
                    err.toString());
            assertTrue(err.toString().contains("more than a Java array can"), err.toString());
            assertFalse(
                    err.toString().contains(noData.toString()),
                    "the dataset was read first: " + err);
            assertFalse(err.toString().contains("OutOfMemoryError"), err.toString());
            assertFalse(Files.exists(dir), command + " left " + dir);
        }
    }
}
