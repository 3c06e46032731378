package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.export.ExportOptions;
import org.tinyprune.export.OnnxExporter;
import org.tinyprune.nn.Graph;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.run.Json;
import org.tinyprune.run.ModelImport;
import org.tinyprune.run.QuantizeJob;
import picocli.CommandLine;

/**
 * {@code tinyprune quantize} on the PyTorch-trained Fashion-MNIST fixture: the imported float model
 * scores what PyTorch measured on the whole test set, the int8 model stays within a point of it,
 * and {@code model_int8.onnx} is what {@code build} reads. Bad input is refused before anything is
 * written.
 */
class QuantizeCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @TempDir Path dir;

    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    static Path fixture(String name) throws Exception {
        return RepositoryRoot.locate().resolve("fixtures/onnx").resolve(name);
    }

    private boolean empty(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void quantisesThePyTorchCnnAndWritesADeployableModel() throws Exception {
        Path fx = fixture("fmnist_cnn");
        double torchAccuracy =
                Json.read(fx.resolve("meta.json"))
                        .getAsJsonObject()
                        .get("torch_test_accuracy")
                        .getAsDouble();
        Path runDir = dir.resolve("q");
        assertEquals(
                ExitCodes.OK,
                run(
                        "quantize",
                        "--onnx",
                        fx.resolve("model.onnx").toString(),
                        "--dataset",
                        "fashion-mnist",
                        "--mean",
                        "0.2860",
                        "--std",
                        "0.3530",
                        "--calibration-batches",
                        "4",
                        "--out",
                        runDir.toString()),
                err.toString());
        JsonObject report = Json.read(runDir.resolve("report.json")).getAsJsonObject();
        JsonObject acc = report.getAsJsonObject("accuracy");
        assertEquals(10_000, acc.get("test_samples").getAsLong());
        // PyTorch's own accuracy of the same weights on the same 10,000 images (the independent
        // reference)
        assertEquals(torchAccuracy, acc.get("float").getAsDouble(), 0.0005);
        assertTrue(
                Math.abs(acc.get("float").getAsDouble() - acc.get("int8").getAsDouble()) < 0.01,
                acc.toString());
        DeviceModel m = DeviceModel.fromOnnx(runDir.resolve("model_int8.onnx"));
        assertEquals(784, m.inputBytes());
        assertEquals(
                QuantizeJob.READ_BACK_SAMPLES,
                report.getAsJsonObject("int8_model").get("read_back_samples_identical").getAsInt());
        assertTrue(
                Files.exists(runDir.resolve("model.onnx"))
                        && Files.exists(runDir.resolve("report.md")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no staging folder is left beside the run directory");
        }
    }

    @Test
    void aDatasetThatDoesNotFitTheModelIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path runDir = dir.resolve("q");
        assertEquals(
                ExitCodes.BAD_INPUT,
                run(
                        "quantize",
                        "--onnx",
                        fixture("se_block").resolve("model.onnx").toString(),
                        "--dataset",
                        "fashion-mnist",
                        "--out",
                        runDir.toString()));
        assertTrue(
                err.toString().contains("[16, 14, 14]") && err.toString().contains("[1, 28, 28]"),
                err.toString());
        assertTrue(empty(dir), "nothing written");
    }

    @Test
    void optionErrorsNameTheOption() throws Exception {
        String model = fixture("fmnist_cnn").resolve("model.onnx").toString();
        assertEquals(
                ExitCodes.USAGE,
                run(
                        "quantize",
                        "--onnx",
                        model,
                        "--mean",
                        "0.5",
                        "--out",
                        dir.resolve("a").toString()));
        assertTrue(err.toString().contains("--mean and --std together"), err.toString());
        assertEquals(
                ExitCodes.USAGE,
                run(
                        "quantize",
                        "--onnx",
                        model,
                        "--calibration-batches",
                        "0",
                        "--out",
                        dir.resolve("b").toString()));
        assertTrue(err.toString().contains("--calibration-batches"), err.toString());
        assertEquals(
                ExitCodes.BAD_INPUT,
                run(
                        "quantize",
                        "--onnx",
                        dir.resolve("missing.onnx").toString(),
                        "--out",
                        dir.resolve("c").toString()));
        assertTrue(err.toString().contains("missing.onnx: no such file"), err.toString());
        assertEquals(
                ExitCodes.BAD_INPUT,
                run(
                        "quantize",
                        "--onnx",
                        model,
                        "--mean",
                        "0.1,0.2",
                        "--std",
                        "1,1",
                        "--out",
                        dir.resolve("d").toString()));
        assertTrue(err.toString().contains("1 or 1 values"), err.toString());
        assertTrue(empty(dir), "nothing written");
    }

    @Test
    void datasetImagesAreConvertedToTheModelsInputOnlyWhenAsked() throws Exception {
        Graph g =
                Graph.builder("rgb32")
                        .input("input", 3, 32, 32)
                        .conv("c", 8, 3, 2, 1)
                        .relu("r")
                        .globalAvgPool("gap")
                        .flatten("f")
                        .dense("fc", 10)
                        .build();
        g.init(3);
        Path model = dir.resolve("rgb32.onnx");
        OnnxExporter.exportFloat(
                g,
                model,
                Provenance.builder()
                        .version("t")
                        .gitCommit(Provenance.NONE)
                        .seed(1)
                        .dataset("none")
                        .board(Provenance.NONE)
                        .build(),
                ExportOptions.defaults());
        assertEquals(
                ExitCodes.BAD_INPUT,
                run("quantize", "--onnx", model.toString(), "--out", dir.resolve("no").toString()));
        assertTrue(
                err.toString().contains("--input-size 32x32 --input-channels 3"), err.toString());
        assertEquals(
                ExitCodes.BAD_INPUT,
                run(
                        "quantize",
                        "--onnx",
                        model.toString(),
                        "--input-size",
                        "28x28",
                        "--input-channels",
                        "3",
                        "--out",
                        dir.resolve("wrong").toString()));
        assertTrue(err.toString().contains("give --input-size 32x32"), err.toString());
        assertEquals(
                ExitCodes.USAGE,
                run(
                        "quantize",
                        "--onnx",
                        model.toString(),
                        "--input-size",
                        "32by32",
                        "--out",
                        dir.resolve("bad").toString()));

        Path runDir = dir.resolve("q");
        assertEquals(
                ExitCodes.OK,
                run(
                        "quantize",
                        "--onnx",
                        model.toString(),
                        "--input-size",
                        "32x32",
                        "--input-channels",
                        "3",
                        "--calibration-batches",
                        "1",
                        "--test-limit",
                        "100",
                        "--out",
                        runDir.toString()),
                err.toString());
        JsonObject input =
                Json.read(runDir.resolve("report.json")).getAsJsonObject().getAsJsonObject("input");
        assertEquals(3, input.get("channels").getAsInt());
        assertEquals(32, input.get("height").getAsInt());
        DeviceModel m = DeviceModel.fromOnnx(runDir.resolve("model_int8.onnx"));
        assertEquals(3 * 32 * 32, m.inputBytes());
        ModelProto written;
        try (var in = Files.newInputStream(runDir.resolve("model_int8.onnx"))) {
            written = ModelProto.parseFrom(in);
        }
        assertTrue(
                written.getMetadataPropsList().stream()
                        .anyMatch(
                                p ->
                                        p.getKey()
                                                .equals(
                                                        Provenance.KEY_PREFIX
                                                                + "config."
                                                                + ModelImport.KEY_CONVERSION)),
                "the conversion is recorded");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(
                    List.of("q", "rgb32.onnx"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void pruneWithAnOnnxFileAsModelSuggestsOnnxBeforeLoadingData() throws Exception {
        Path runDir = dir.resolve("p");
        assertEquals(
                ExitCodes.USAGE, run("prune", "--model", "mine.onnx", "--out", runDir.toString()));
        assertTrue(err.toString().contains("--onnx mine.onnx"), err.toString());
        assertFalse(Files.exists(runDir));
    }
}
