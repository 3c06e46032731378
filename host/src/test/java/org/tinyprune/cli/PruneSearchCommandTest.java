package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.bench.ParetoPoint;
import org.tinyprune.bench.ParetoSettings;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.prune.Salience;
import org.tinyprune.run.Json;
import org.tinyprune.run.TrainConfig;
import picocli.CommandLine;

/**
 * {@code tinyprune prune --method search} from the PyTorch-trained Fashion-MNIST fixture: every
 * candidate starts from the trained weights (so even one brief epoch on 256 images scores far above
 * what a freshly initialised network reaches), the model meets the budgets, and bad search options
 * are usage errors before any work.
 */
class PruneSearchCommandTest {
    static final long FLASH = 64 * 1024;
    static final long SRAM = 16 * 1024;

    @TempDir Path dir;

    private final StringWriter err = new StringWriter();

    private int run(ByteArrayOutputStream printed, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            return cli.execute(args);
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void searchFromATrainedModelStartsEveryCandidateFromItsWeights() throws Exception {
        Path model = RepositoryRoot.locate().resolve("fixtures/onnx/fmnist_cnn/model.onnx");
        Path runDir = dir.resolve("search");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code =
                run(
                        printed,
                        "prune",
                        "--onnx",
                        model.toString(),
                        "--mean",
                        "0.2860",
                        "--std",
                        "0.3530",
                        "--method",
                        "search",
                        "--search-candidates",
                        "3",
                        "--search-proxy-images",
                        "256",
                        "--sram",
                        SRAM + "",
                        "--flash",
                        FLASH + "",
                        "--epochs",
                        "1",
                        "--train-limit",
                        "1000",
                        "--test-limit",
                        "300",
                        "--out",
                        runDir.toString());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.OK, code, err + "\n" + out);
        assertTrue(out.contains("search 3/3"), out);

        JsonObject report = Json.read(runDir.resolve("report.json")).getAsJsonObject();
        JsonObject predicted = report.getAsJsonObject("predicted");
        assertTrue(predicted.get("flash_bytes").getAsLong() <= FLASH, predicted.toString());
        assertTrue(predicted.get("sram_bytes").getAsLong() <= SRAM, predicted.toString());
        assertEquals("search", report.get("method").getAsString());
        assertTrue(report.get("search_seconds").getAsDouble() > 0);

        JsonObject search = Json.read(runDir.resolve("search.json")).getAsJsonObject();
        JsonObject settings = search.getAsJsonObject("settings");
        assertEquals(
                "trained weights, largest-L1 channels per group",
                settings.get("start").getAsString());
        assertEquals("validation split", settings.get("held_out").getAsString());
        assertEquals(256, settings.get("proxy_images").getAsInt());
        // 4 steps of batch 64 from a random initialisation stay far below this; the trained fixture
        // does not
        double best = 0;
        for (JsonElement c : search.getAsJsonArray("candidates")) {
            best = Math.max(best, c.getAsJsonObject().get("proxy_accuracy").getAsDouble());
        }
        assertTrue(best > 0.6, "best proxy accuracy " + best);
    }

    @Test
    void badSearchOptionsAreUsageErrorsBeforeAnyWork() {
        Path runDir = dir.resolve("bad");
        assertEquals(
                ExitCodes.USAGE,
                run(
                        new ByteArrayOutputStream(),
                        "prune",
                        "--method",
                        "search",
                        "--search-candidates",
                        "0",
                        "--out",
                        runDir.toString()));
        assertTrue(err.toString().contains("--search-candidates"), err.toString());
        assertEquals(
                ExitCodes.USAGE,
                run(
                        new ByteArrayOutputStream(),
                        "prune",
                        "--method",
                        "search",
                        "--search-proxy-images",
                        "10",
                        "--batch-size",
                        "64",
                        "--out",
                        runDir.toString()));
        assertTrue(
                err.toString().contains("--search-proxy-images 10 is fewer than one batch"),
                err.toString());
        assertFalse(Files.exists(runDir));
    }

    @Test
    void theParetoBenchAcceptsSearchAsAMethod() {
        TrainConfig t =
                new TrainConfig(
                        "fashion-mnist",
                        null,
                        "vgg-small",
                        0.25,
                        1,
                        32,
                        0.05f,
                        5e-4f,
                        0.1f,
                        0.0,
                        3,
                        300,
                        100);
        ParetoSettings s =
                new ParetoSettings(
                        t,
                        "qemu-m4",
                        ParetoPoint.parseAll("--points", "19KiB:9KiB"),
                        List.of("dnp", "Search"),
                        Salience.BN_SCALE,
                        0.7);
        assertEquals(List.of("dnp", "search"), s.methods());
        assertTrue(ParetoSettings.allMethods().contains("search"), "the default --methods");
    }
}
