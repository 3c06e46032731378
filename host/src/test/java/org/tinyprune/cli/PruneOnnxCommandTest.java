package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.run.Json;
import picocli.CommandLine;

/**
 * {@code tinyprune prune --onnx} on the PyTorch-trained Fashion-MNIST fixture, with each method,
 * under budgets the unpruned model misses: by the resource model on qemu-m4 it needs 111,195 B of
 * flash and 32,857 B of SRAM. The run starts from the imported weights, meets both budgets, reports
 * every group kept whole with the reason, and writes an int8 model that {@code build} reads.
 */
class PruneOnnxCommandTest {
    static final long FLASH = 64 * 1024;
    static final long SRAM = 16 * 1024;

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dnp", "uniform", "l1"})
    void prunesThePyTorchCnnToTheBudgets(String method) throws Exception {
        Path model = RepositoryRoot.locate().resolve("fixtures/onnx/fmnist_cnn/model.onnx");
        Path runDir = dir.resolve(method);
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(printed, true, "UTF-8"));
            code =
                    cli.execute(
                            "prune",
                            "--onnx",
                            model.toString(),
                            "--mean",
                            "0.2860",
                            "--std",
                            "0.3530",
                            "--method",
                            method,
                            "--sram",
                            SRAM + "",
                            "--flash",
                            FLASH + "",
                            "--epochs",
                            "1",
                            "--train-limit",
                            "2000",
                            "--test-limit",
                            "500",
                            "--out",
                            runDir.toString());
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString("UTF-8");
        assertEquals(ExitCodes.OK, code, err + "\n" + out);

        JsonObject report = Json.read(runDir.resolve("report.json")).getAsJsonObject();
        JsonObject base = report.getAsJsonObject("base");
        JsonObject predicted = report.getAsJsonObject("predicted");
        assertTrue(
                base.get("flash_bytes").getAsLong() > FLASH
                        && base.get("sram_bytes").getAsLong() > SRAM,
                "the budgets force pruning: " + base);
        assertTrue(predicted.get("flash_bytes").getAsLong() <= FLASH, predicted.toString());
        assertTrue(predicted.get("sram_bytes").getAsLong() <= SRAM, predicted.toString());
        assertEquals("imported weights", report.get("start").getAsString());
        assertEquals(method.equals("l1") ? 0 : 1, report.get("prune_epochs").getAsInt());
        assertEquals(
                0.005,
                report.getAsJsonObject("provenance")
                        .get("tinyprune.config.learning_rate")
                        .getAsDouble(),
                1e-6,
                "an imported model fine-tunes at the lower default rate");

        // groups: input (1), conv 32, conv 64, conv 64, dense 64, output (10); the two ends kept
        // whole
        JsonArray groups = report.getAsJsonArray("groups");
        assertEquals(6, groups.size());
        int narrowed = 0;
        for (JsonElement e : groups) {
            JsonObject g = e.getAsJsonObject();
            assertTrue(g.get("kept").getAsInt() <= g.get("channels").getAsInt(), g.toString());
            narrowed += g.get("kept").getAsInt() < g.get("channels").getAsInt() ? 1 : 0;
            assertEquals(!g.get("prunable").getAsBoolean(), g.has("reason"), g.toString());
        }
        assertTrue(narrowed > 0);
        JsonArray whole = report.getAsJsonArray("kept_whole");
        assertEquals(2, whole.size(), whole.toString());
        assertEquals(
                "group 0 (input, 1 channels): it is the network input (input)",
                whole.get(0).getAsString());
        assertEquals(
                "group 5 (output, 10 channels): it is the network output (output)",
                whole.get(1).getAsString());
        assertTrue(
                out.contains("channel groups kept whole (2):")
                        && out.contains(whole.get(1).getAsString()),
                out);

        double accuracy = report.getAsJsonObject("accuracy").get("float").getAsDouble();
        assertTrue(
                accuracy > 0.5,
                "pruned from trained weights, the network still classifies: " + accuracy);
        if (method.equals("l1")) {
            // L1 pruning of the trained weights, then an epoch of fine-tuning: close to PyTorch's
            // 91.6 %,
            // which one epoch on 2,000 images from a random start does not reach
            assertTrue(accuracy > 0.8, "l1 kept what the imported weights learnt: " + accuracy);
        }
        DeviceModel m = DeviceModel.fromOnnx(runDir.resolve("model_int8.onnx"));
        assertEquals(784, m.inputBytes());
        assertTrue(Files.exists(runDir.resolve("model.onnx")));
    }
}
