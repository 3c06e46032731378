package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.export.ExportOptions;
import org.tinyprune.export.OnnxExporter;
import org.tinyprune.nn.Graph;
import org.tinyprune.provenance.Provenance;
import picocli.CommandLine;

/**
 * Input errors of build and measure, registered the way Main registers them: each names the file
 * and the fix and exits with BAD_INPUT before any board or compiler is touched. (The successful
 * path runs on a board in hil-tests' MeasureCommandTest.)
 */
class BuildMeasureCommandsTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @TempDir Path dir;

    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void missingModelFileIsBadInput() {
        Path missing = dir.resolve("nope_int8.onnx");
        assertEquals(
                ExitCodes.BAD_INPUT,
                run(
                        "build",
                        "--board",
                        "qemu-m4",
                        "--onnx",
                        missing.toString(),
                        "--out",
                        dir.resolve("o").toString()));
        assertTrue(err.toString().contains(missing + " does not exist"), err.toString());
    }

    @Test
    void fileThatIsNotOnnxIsBadInput() throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01, 0x02});
        assertEquals(
                ExitCodes.BAD_INPUT,
                run(
                        "measure",
                        "--board",
                        "qemu-m4",
                        "--onnx",
                        junk.toString(),
                        "--out",
                        dir.resolve("o").toString()));
        assertTrue(err.toString().contains("junk.onnx"), err.toString());
    }

    @Test
    void floatModelIsRefusedAsNotInt8() throws Exception {
        Graph g =
                Graph.builder("tiny")
                        .input("input", 1, 8, 8)
                        .conv("c", 4, 3, 1, 1)
                        .relu("r")
                        .globalAvgPool("gap")
                        .flatten("f")
                        .dense("fc", 3)
                        .build();
        g.init(1);
        Path onnx = dir.resolve("tiny.onnx");
        OnnxExporter.exportFloat(
                g,
                onnx,
                Provenance.builder()
                        .version("t")
                        .gitCommit(Provenance.NONE)
                        .seed(1)
                        .dataset("none")
                        .board("qemu-m4")
                        .build(),
                ExportOptions.defaults());
        assertEquals(
                ExitCodes.BAD_INPUT,
                run(
                        "build",
                        "--board",
                        "qemu-m4",
                        "--onnx",
                        onnx.toString(),
                        "--out",
                        dir.resolve("o").toString()));
        assertTrue(
                err.toString().contains("is not an int8 model the board can run"), err.toString());
        assertTrue(err.toString().contains("quantise it first"), err.toString());
    }

    @Test
    void unknownBoardIsBadInput() {
        assertEquals(
                ExitCodes.BAD_INPUT,
                run("build", "--board", "qemu-m99", "--onnx", "x.onnx", "--out", "o"));
        assertTrue(err.toString().contains("qemu-m99"), err.toString());
    }
}
