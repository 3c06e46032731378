package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.build.FirmwareSizes;
import org.tinyprune.cli.BuildCommand;
import org.tinyprune.cli.MeasureCommand;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.Normalization;
import org.tinyprune.export.QdqExporter;
import org.tinyprune.link.qemu.QemuLauncher;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.quant.QuantizedModel;
import picocli.CommandLine;

/**
 * {@code tinyprune build} and {@code tinyprune measure} end to end on a QDQ model exported by the
 * quantiser: the CLI builds, flashes (its own emulated board, or {@code -Dtinyprune.port}) and
 * writes measure.json with every required figure.
 */
class MeasureCommandTest {
    @Test
    void buildThenMeasureWritesEveryFigure(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(FirmwareBuild.onPath(FirmwareBuild.COMPILER), "no cross compiler");
        Assumptions.assumeTrue(
                BoardUnderTest.port() != null || QemuLauncher.available(), "no qemu-system-arm");
        String board = BoardUnderTest.profile().getName();
        Dataset data = Datasets.load(Datasets.DEFAULT, null);
        Normalization norm = Normalization.fromTrainingSet(data.train());
        QuantizedModel q = ZooModels.quantised(data, norm, "ds-cnn", 0.25, 7);
        Path onnx = tmp.resolve("ds_cnn_int8.onnx");
        QdqExporter.export(
                q.toIr(),
                onnx,
                Provenance.builder()
                        .version("hil-test")
                        .gitCommit(Provenance.NONE)
                        .seed(7)
                        .dataset(data.identity())
                        .board(board)
                        .build());

        Path built = tmp.resolve("build");
        assertEquals(
                0,
                run(
                        new BuildCommand(),
                        "--board",
                        board,
                        "--onnx",
                        onnx.toString(),
                        "--out",
                        built.toString()));
        for (String f :
                List.of(
                        "firmware.elf",
                        "firmware.map",
                        "sizes.json",
                        "model/model.c",
                        "model/model.h")) {
            assertTrue(Files.isRegularFile(built.resolve(f)), f);
        }

        Path out = tmp.resolve("measure");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--board",
                                board,
                                "--onnx",
                                onnx.toString(),
                                "--samples",
                                "30",
                                "--out",
                                out.toString()));
        if (BoardUnderTest.port() != null) {
            args.addAll(List.of("--port", BoardUnderTest.port()));
        }
        assertEquals(0, run(new MeasureCommand(), args.toArray(String[]::new)));
        JsonObject m =
                JsonParser.parseString(Files.readString(out.resolve("measure.json")))
                        .getAsJsonObject();
        for (String key :
                List.of(
                        "latency_cycles",
                        "per_layer_cycles",
                        "static_ram_bytes",
                        "stack_bytes",
                        "flash_bytes",
                        "device_accuracy",
                        "device_samples",
                        "device_matches_host")) {
            assertTrue(m.has(key), "measure.json lacks " + key + ": " + m);
        }
        assertTrue(m.get("device_matches_host").getAsBoolean(), m.toString());
        assertTrue(m.get("model_hash_matches").getAsBoolean(), m.toString());
        assertEquals(30, m.get("device_samples").getAsInt());
        assertTrue(m.get("latency_cycles").getAsLong() > 0);
        assertEquals(
                FirmwareSizes.read(out.resolve("sizes.json")).flashImageBytes(),
                m.get("flash_bytes").getAsLong());
        assertEquals(
                DeviceModel.fromOnnx(onnx).generated().layerNames().size(),
                m.get("per_layer_cycles").getAsJsonArray().size());
        if (m.get("emulated").getAsBoolean()) {
            assertTrue(m.get("note").getAsString().contains("instruction counts"), m.toString());
        }
    }

    private static int run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setExecutionExceptionHandler(
                (ex, cmd, parsed) -> {
                    throw new AssertionError(
                            cmd.getCommandName() + " failed: " + ex.getMessage() + "\n" + out, ex);
                });
        int code = cli.execute(args);
        System.out.print(out);
        return code;
    }
}
