package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.UserData;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.cli.Main;
import org.tinyprune.link.qemu.QemuLauncher;

/**
 * {@code tinyprune prune-and-flash} end to end with a short run: the pruned model meets its budgets
 * on the board as measured there (flash image, static RAM + stack high-water mark, and a latency
 * budget that binds: with the flash and SRAM budgets alone the run predicts about 3.1 M
 * instructions, and the pruner plans at the budget less the board's calibrated latency margin),
 * every device output equals the host int8 reference, the calibrated cost model predicted what the
 * board measured within the product bounds, and the stack the linker reserved (sized from the
 * prediction) held the measured high-water mark.
 */
class PruneAndFlashTest {
    /**
     * Latency prediction bound (relative; cycles are QEMU instruction counts on emulated boards).
     */
    static final double LATENCY_BOUND = 0.05;

    /** Flash prediction bound (relative). */
    static final double FLASH_BOUND = 0.01;

    /** SRAM prediction bound (static RAM + stack high-water mark), bytes. */
    static final double SRAM_BOUND_BYTES = 64;

    /**
     * Latency budget, cycles (instructions on emulated boards), below what the flash/SRAM budgets
     * alone give.
     */
    static final long LATENCY_BUDGET = 2_800_000;

    @TempDir Path data;
    private String previousData;

    /** Each run starts from the shipped profile, with a measurement store of its own. */
    @BeforeEach
    void useATemporaryDataDirectory() {
        previousData = System.getProperty(UserData.PROPERTY);
        System.setProperty(UserData.PROPERTY, data.toString());
    }

    @AfterEach
    void restoreTheDataDirectory() {
        if (previousData == null) {
            System.clearProperty(UserData.PROPERTY);
        } else {
            System.setProperty(UserData.PROPERTY, previousData);
        }
    }

    @Test
    void measuredResourcesMeetTheBudgetsAndTheDeviceMatchesTheHost(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("run");
        JsonObject r =
                pruneAndFlash(
                        out,
                        "--model",
                        "ds-cnn",
                        "--width",
                        "0.5",
                        "--epochs",
                        "1",
                        "--train-limit",
                        "640",
                        "--validation",
                        "0.01",
                        "--test-limit",
                        "200",
                        "--samples",
                        "20",
                        "--flash",
                        "24KiB",
                        "--sram",
                        "10KiB",
                        "--latency",
                        Long.toString(LATENCY_BUDGET));
        JsonObject budgets = r.getAsJsonObject("budgets");
        JsonObject measured = r.getAsJsonObject("measured");
        assertTrue(
                measured.get("flash_bytes").getAsLong() <= budgets.get("flash_bytes").getAsLong(),
                r.toString());
        assertTrue(
                measured.get("sram_bytes").getAsLong() <= budgets.get("sram_bytes").getAsLong(),
                r.toString());
        assertEquals(LATENCY_BUDGET, budgets.get("latency_cycles").getAsLong());
        assertTrue(
                measured.get("latency_cycles").getAsLong() <= LATENCY_BUDGET,
                "latency met on the board: " + r);
        double margin = BoardUnderTest.profile().getCostModel().getLatencyMargin();
        System.out.printf(
                Locale.ROOT,
                "PruneAndFlashTest latency: budget %d, planned %d (margin %.4f), predicted %d, "
                        + "measured %d%n",
                LATENCY_BUDGET,
                r.getAsJsonObject("planning_budgets").get("latency_cycles").getAsLong(),
                margin,
                r.getAsJsonObject("predicted").get("latency_cycles").getAsLong(),
                measured.get("latency_cycles").getAsLong());
        assertEquals(margin, r.get("latency_margin").getAsDouble());
        assertTrue(
                r.getAsJsonObject("predicted").get("latency_cycles").getAsDouble()
                        <= LATENCY_BUDGET / (1 + margin),
                "planned with the calibrated margin: " + r);
        assertTrue(
                r.getAsJsonObject("predicted").get("sram_bytes").getAsLong()
                        < r.getAsJsonObject("base").get("sram_bytes").getAsLong(),
                "the run pruned: " + r);
        assertTrue(r.get("device_matches_host").getAsBoolean(), r.toString());
        assertEquals(20, r.get("device_samples").getAsInt());
        JsonObject error = r.getAsJsonObject("prediction_error");
        assertTrue(
                Math.abs(error.get("latency_cycles").getAsDouble()) <= LATENCY_BOUND,
                "latency: " + r);
        assertTrue(Math.abs(error.get("flash_bytes").getAsDouble()) <= FLASH_BOUND, "flash: " + r);
        double sramError =
                r.getAsJsonObject("predicted").get("sram_bytes").getAsDouble()
                        - measured.get("sram_bytes").getAsDouble();
        assertTrue(
                Math.abs(sramError) <= SRAM_BOUND_BYTES,
                "SRAM off by " + sramError + " bytes: " + r);
        long reserved = measured.get("stack_reserved_bytes").getAsLong();
        assertTrue(
                measured.get("stack_bytes").getAsLong() <= reserved,
                "stack high-water within the reservation: " + r);
        if (BoardUnderTest.profile().getCostModel().getStackMargin() > 0) {
            assertTrue(
                    reserved < 2048,
                    "stack reserved from the prediction, not the linker default: " + reserved);
        }
        assertTrue(Files.isRegularFile(out.resolve("report.md")));
        if (margin > 0) {
            assertTrue(
                    Files.readString(out.resolve("report.md")).contains("planned latency at"),
                    "report.md: the plan");
        }
        assertTrue(Files.isRegularFile(out.resolve("layer_cycles.png")));
    }

    /**
     * Without --model, --width or --onnx the run starts from the shipped pretrained base and
     * distils from it: with budgets the base already meets nothing is pruned, so one short epoch on
     * 640 images at the fine-tuning rate keeps its accuracy (a zoo network trained from scratch
     * that briefly stays near chance).
     */
    @Test
    void theBareCommandStartsFromTheShippedPretrainedBase(@TempDir Path tmp) throws Exception {
        JsonObject r =
                pruneAndFlash(
                        tmp.resolve("bare"),
                        "--epochs",
                        "1",
                        "--train-limit",
                        "640",
                        "--test-limit",
                        "500",
                        "--samples",
                        "10",
                        "--flash",
                        "64KiB",
                        "--sram",
                        "32KiB");
        JsonObject provenance = r.getAsJsonObject("provenance");
        assertTrue(
                provenance
                        .get("tinyprune.config.onnx")
                        .getAsString()
                        .endsWith("models/" + org.tinyprune.cli.PruneAndFlashCommand.PRETRAINED),
                provenance.toString());
        assertEquals("start", provenance.get("tinyprune.config.distill_teacher").getAsString());
        assertTrue(
                r.getAsJsonObject("accuracy").get("int8").getAsDouble() > 0.8,
                "kept the base's accuracy: " + r);
        assertEquals(
                r.getAsJsonObject("base").get("flash_bytes"),
                r.getAsJsonObject("predicted").get("flash_bytes"),
                "nothing pruned within budgets the base meets: " + r);
        assertTrue(r.get("device_matches_host").getAsBoolean(), r.toString());
    }

    /**
     * Runs prune-and-flash on the board under test into {@code out} with {@code options}; its
     * report.
     */
    private static JsonObject pruneAndFlash(Path out, String... options) throws Exception {
        Assumptions.assumeTrue(FirmwareBuild.onPath(FirmwareBuild.COMPILER), "no cross compiler");
        Assumptions.assumeTrue(
                BoardUnderTest.port() != null || QemuLauncher.available(), "no qemu-system-arm");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "prune-and-flash",
                                "--board",
                                BoardUnderTest.profile().getName(),
                                "--out",
                                out.toString()));
        args.addAll(List.of(options));
        if (BoardUnderTest.port() != null) {
            args.addAll(List.of("--port", BoardUnderTest.port()));
        }
        assertEquals(0, Main.execute(args.toArray(String[]::new)));
        return JsonParser.parseString(Files.readString(out.resolve("report.json")))
                .getAsJsonObject();
    }
}
