package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.bench.ParetoBench;
import org.tinyprune.bench.ParetoBoards;
import org.tinyprune.bench.ParetoPoint;
import org.tinyprune.bench.ParetoSettings;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.cli.Main;
import org.tinyprune.link.pool.SessionPool;
import org.tinyprune.prune.Salience;
import org.tinyprune.resource.Overheads;
import org.tinyprune.run.TrainConfig;

/**
 * {@code bench pareto} with two emulated boards: a tiny benchmark (vgg-small x0.25, 300 images, one
 * epoch; the base and uniform at one point) measures both int8 models on the boards, in the runs'
 * order, every device output equal to the host int8 reference; the base's figures equal those
 * {@code tinyprune measure} reports for the same model on its own board (latency within one SysTick
 * tick).
 */
@ExtendWith(BoardExtension.class)
class ParetoOnBoardsTest {
    static final int SAMPLES = 40;

    @TempDir Path dir;

    @Test
    void everyRunsModelIsMeasuredOnTheBoardsAsMeasureMeasuresIt() throws Exception {
        Assumptions.assumeTrue(BoardUnderTest.port() == null, "uses emulated boards");
        BoardProfile profile = BoardUnderTest.profile();
        TrainConfig train =
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
        ParetoSettings settings =
                new ParetoSettings(
                        train,
                        profile.getName(),
                        ParetoPoint.parseAll("--points", "22KiB:12KiB"),
                        List.of("uniform"),
                        Salience.BN_SCALE,
                        0.7);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path out = dir.resolve("pareto");
        try (SessionPool boards =
                SessionPool.open(
                        profile,
                        List.of("emulated", "emulated"),
                        BoardUnderTest.root(),
                        msg -> {})) {
            ParetoBench.run(
                    settings,
                    out,
                    false,
                    "test",
                    new PrintStream(log, true, StandardCharsets.UTF_8),
                    new ParetoBoards(boards.pool(), BoardUnderTest.root(), SAMPLES));
        }
        String progress = log.toString(StandardCharsets.UTF_8);
        JsonArray board =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject()
                        .getAsJsonArray("board");
        assertEquals(2, board.size(), progress);
        assertEquals(
                List.of("none", "uniform"),
                List.of(
                        board.get(0).getAsJsonObject().get("method").getAsString(),
                        board.get(1).getAsJsonObject().get("method").getAsString()),
                "the runs' order");
        for (int i = 0; i < 2; i++) {
            JsonObject f = board.get(i).getAsJsonObject();
            assertTrue(f.get("matches_host_int8").getAsBoolean(), f.toString());
            assertEquals(SAMPLES, f.get("samples").getAsInt());
        }
        assertTrue(Files.readString(out.resolve("results.md")).contains("**On the board**"));
        assertTrue(progress.contains("emulated#1") && progress.contains("measuring"), progress);

        Path base = out.resolve("runs/seed-3/base");
        int code =
                Main.execute(
                        "measure",
                        "--board",
                        profile.getName(),
                        "--onnx",
                        base.resolve("model_int8.onnx").toString(),
                        "--samples",
                        String.valueOf(SAMPLES),
                        "--out",
                        dir.resolve("measure").toString());
        assertEquals(0, code, "tinyprune measure of the base's int8 model");
        JsonObject alone =
                JsonParser.parseString(Files.readString(dir.resolve("measure/measure.json")))
                        .getAsJsonObject();
        JsonObject pooled =
                JsonParser.parseString(
                                Files.readString(
                                        base.resolve(ParetoBoards.FOLDER).resolve("measure.json")))
                        .getAsJsonObject();
        JsonObject figures = board.get(0).getAsJsonObject();
        assertEquals(
                alone.get("device_accuracy").getAsDouble(),
                figures.get("device_int8_accuracy").getAsDouble());
        // static RAM is the image's and equal; the stack high-water mark differs between any two
        // runs by whether an interrupt landed at the deepest kernel frame (up to the exception
        // frame
        // the resource model adds for it), so two runs of one model agree within that frame
        assertEquals(
                alone.get("static_ram_bytes").getAsLong(),
                pooled.get("static_ram_bytes").getAsLong());
        assertEquals(
                pooled.get("static_ram_bytes").getAsLong() + pooled.get("stack_bytes").getAsLong(),
                figures.get("sram_measured_bytes").getAsLong());
        long stackAlone = alone.get("stack_bytes").getAsLong();
        long stackPooled = pooled.get("stack_bytes").getAsLong();
        assertTrue(
                Math.abs(stackAlone - stackPooled) <= Overheads.INTERRUPT_FRAME_BYTES,
                "stack alone " + stackAlone + " B vs on the pool " + stackPooled + " B");
        assertEquals(
                alone.get("flash_bytes").getAsLong(), figures.get("flash_image_bytes").getAsLong());
        assertEquals(alone.get("model_hash").getAsString(), pooled.get("model_hash").getAsString());
        double tick = 1e9 / profile.getClockHz();
        assertTrue(
                Math.abs(
                                alone.get("latency_cycles").getAsLong()
                                        - figures.get("latency_measured").getAsLong())
                        <= tick,
                alone.get("latency_cycles") + " vs " + figures.get("latency_measured"));
    }
}
