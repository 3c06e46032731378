package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.ProfileReader;
import org.tinyprune.board.ProfileWriter;
import org.tinyprune.board.UserData;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.CostModel;
import org.tinyprune.board.proto.OpCost;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.calibrate.MeasurementsFile;
import org.tinyprune.cli.ExitCodes;
import org.tinyprune.cli.Main;
import org.tinyprune.link.qemu.QemuLauncher;

/**
 * prune-and-flash's calibration loop on the board under test, with a deliberately mis-calibrated
 * profile in a temporary user data directory (every latency coefficient of the shipped profile
 * times 0.7, so the pruner believes the network is faster than it is): the first round misses the
 * latency budget as the board measures it, the measurement refits the cost model, and a later round
 * meets the budget. The board's own measurements ({@code measure/measure.json} of each round) are
 * the reference. With {@code --no-recalibrate} the same run stays one round and leaves the data
 * directory untouched.
 */
class CalibrationLoopOnBoardTest {
    /**
     * Latency budget, instructions (emulated): binds on ds-cnn x0.5 under the flash and SRAM
     * budgets below.
     */
    static final long BUDGET = 2_800_000;

    /** The factor the mis-calibrated profile's latency coefficients are scaled by. */
    static final double SCALE = 0.7;

    @TempDir Path tmp;
    private String previousData;

    @BeforeEach
    void useATemporaryDataDirectory() throws Exception {
        Assumptions.assumeTrue(FirmwareBuild.onPath(FirmwareBuild.COMPILER), "no cross compiler");
        Assumptions.assumeTrue(
                BoardUnderTest.port() != null || QemuLauncher.available(), "no qemu-system-arm");
        previousData = System.getProperty(UserData.PROPERTY);
        System.setProperty(UserData.PROPERTY, tmp.resolve("data").toString());
        BoardProfile shipped = BoardUnderTest.profile();
        CostModel.Builder cm = shipped.getCostModel().toBuilder();
        for (Map.Entry<String, OpCost> e : shipped.getCostModel().getOpsMap().entrySet()) {
            OpCost c = e.getValue();
            cm.putOps(
                    e.getKey(),
                    c.toBuilder()
                            .setPerMac(SCALE * c.getPerMac())
                            .setPerOutputElement(SCALE * c.getPerOutputElement())
                            .setPerInputElement(SCALE * c.getPerInputElement())
                            .setConstant(SCALE * c.getConstant())
                            .setPerOutputPixel(SCALE * c.getPerOutputPixel())
                            .setPerTailMac(SCALE * c.getPerTailMac())
                            .setPerOddChannelPixel(SCALE * c.getPerOddChannelPixel())
                            .build());
        }
        cm.setCalibratedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .setFirmware("test")
                .setSource("mis-calibrated copy for CalibrationLoopOnBoardTest");
        ProfileWriter.write(shipped.toBuilder().setCostModel(cm).build(), refitFile());
    }

    @AfterEach
    void restoreTheDataDirectory() {
        if (previousData == null) {
            System.clearProperty(UserData.PROPERTY);
        } else {
            System.setProperty(UserData.PROPERTY, previousData);
        }
    }

    private Path refitFile() throws Exception {
        return UserData.boardDir(tmp.resolve("data"), BoardUnderTest.profile().getName())
                .resolve("profile.json");
    }

    private int pruneAndFlash(Path out, String... extra) throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "prune-and-flash",
                                "--board",
                                BoardUnderTest.profile().getName(),
                                "--out",
                                out.toString(),
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
                                "10",
                                "--flash",
                                "24KiB",
                                "--sram",
                                "10KiB",
                                "--latency",
                                Long.toString(BUDGET)));
        args.addAll(List.of(extra));
        if (BoardUnderTest.port() != null) {
            args.addAll(List.of("--port", BoardUnderTest.port()));
        }
        return Main.execute(args.toArray(String[]::new));
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void theFirstRoundMissesTheBudgetAndTheRefitRoundMeetsIt() throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(0, pruneAndFlash(out));
        JsonObject report = json(out.resolve("report.json"));
        JsonArray rounds = report.getAsJsonArray("rounds");
        assertTrue(rounds.size() >= 2, "the loop pruned again: " + rounds);
        for (int i = 0; i < rounds.size(); i++) {
            JsonObject r = rounds.get(i).getAsJsonObject();
            Path dir = out.resolve(r.get("dir").getAsString());
            long board =
                    json(dir.resolve("measure/measure.json")).get("latency_cycles").getAsLong();
            assertEquals(
                    board,
                    r.get("measured_latency_cycles").getAsLong(),
                    "the board's own answer: " + r);
            double predicted =
                    json(dir.resolve("prune/report.json"))
                            .getAsJsonObject("predicted")
                            .get("latency_cycles")
                            .getAsDouble();
            assertEquals(
                    Math.round(predicted),
                    r.get("predicted_latency_cycles").getAsLong(),
                    r.toString());
            assertEquals(
                    (predicted - board) / board, r.get("prediction_error").getAsDouble(), 1e-9);
            assertTrue(
                    Files.isRegularFile(dir.resolve("board-profile.json")),
                    "the round keeps its planning profile");
            assertEquals(board <= BUDGET, r.get("met_budget").getAsBoolean(), r.toString());
            assertEquals(
                    i == rounds.size() - 1,
                    board <= BUDGET,
                    "rounds go on exactly until the budget is met: " + rounds);
        }
        JsonObject first = rounds.get(0).getAsJsonObject();
        assertTrue(
                first.get("measured_latency_cycles").getAsLong() > BUDGET,
                "the mis-calibrated first round: " + first);
        assertTrue(
                first.get("prediction_error").getAsDouble() < -0.2,
                "predicted about 0.7 of what ran: " + first);
        JsonObject refit = first.getAsJsonObject("recalibration");
        assertEquals("written", refit.get("outcome").getAsString(), refit.toString());
        assertTrue(
                refit.get("heldout_error_refit").getAsDouble()
                        <= refit.get("heldout_error_in_use").getAsDouble());
        BoardProfile now = ProfileReader.read(refitFile());
        assertTrue(
                now.getCostModel().getSource().startsWith("tinyprune prune-and-flash refit"),
                now.getCostModel().getSource());
        JsonObject last = rounds.get(rounds.size() - 1).getAsJsonObject();
        assertTrue(
                Math.abs(last.get("prediction_error").getAsDouble()) < 0.1,
                "the refit predicts the board: " + last);
        assertEquals(
                last.get("measured_latency_cycles").getAsLong(),
                report.getAsJsonObject("measured").get("latency_cycles").getAsLong(),
                "the report is the last round's");
        assertTrue(
                Files.readString(out.resolve("report.md")).contains("| 1 | . |"),
                "report.md lists the rounds");
        Path store = refitFile().resolveSibling("measurements.json");
        long runs =
                MeasurementsFile.read(store).nets().stream()
                        .filter(n -> n.net().startsWith("ds-cnn@pf-"))
                        .count();
        assertEquals(rounds.size(), runs, "every round's measurement joined the store");

        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(listing, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute("boards"));
        } finally {
            System.setOut(stdout);
        }
        String text = listing.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("refit " + refitFile()), text);
    }

    @Test
    void noRecalibrateLeavesTheDataDirectoryUntouched() throws Exception {
        Map<Path, String> before = snapshot(tmp.resolve("data"));
        Path out = tmp.resolve("once");
        assertEquals(0, pruneAndFlash(out, "--no-recalibrate"));
        JsonArray rounds = json(out.resolve("report.json")).getAsJsonArray("rounds");
        assertEquals(1, rounds.size(), rounds.toString());
        assertFalse(rounds.get(0).getAsJsonObject().has("recalibration"));
        assertFalse(
                rounds.get(0).getAsJsonObject().get("met_budget").getAsBoolean(),
                "the mis-calibrated profile misses the budget, and nothing prunes again: "
                        + rounds);
        assertEquals(before, snapshot(tmp.resolve("data")));
        assertFalse(Files.exists(out.resolve("round-2")));
    }

    @Test
    void aBudgetStillMissedWhenTheRoundsRunOutIsABudgetFailure() throws Exception {
        Path out = tmp.resolve("short");
        assertEquals(ExitCodes.BUDGET, pruneAndFlash(out, "--rounds", "1"));
        JsonObject report = json(out.resolve("report.json"));
        JsonArray rounds = report.getAsJsonArray("rounds");
        assertEquals(1, rounds.size(), rounds.toString());
        assertFalse(rounds.get(0).getAsJsonObject().get("met_budget").getAsBoolean());
        assertEquals(
                "written",
                rounds.get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("recalibration")
                        .get("outcome")
                        .getAsString(),
                "the measurement still refits the profile for the next run");
        assertTrue(
                ProfileReader.read(refitFile())
                        .getCostModel()
                        .getSource()
                        .startsWith("tinyprune prune-and-flash"));
    }

    /** Every file under {@code dir} with its content. */
    private static Map<Path, String> snapshot(Path dir) throws Exception {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p), Files.readString(p));
            }
        }
        return files;
    }
}
