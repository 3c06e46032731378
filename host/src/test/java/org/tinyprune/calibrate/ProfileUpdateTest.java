package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.ProfileReader;
import org.tinyprune.board.ProfileWriter;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.proto.BoardProfile;

class ProfileUpdateTest {
    @TempDir Path dir;

    /**
     * The qemu-m4 profile with its latency coefficients and margin removed (as before a first
     * calibration).
     */
    private static BoardProfile uncalibrated() throws Exception {
        BoardProfile p =
                new BoardRegistry(RepositoryRoot.locate().resolve("boards")).load("qemu-m4");
        return p.toBuilder()
                .setCostModel(p.getCostModel().toBuilder().clearOps().clearLatencyMargin())
                .build();
    }

    private static Calibration calibration() {
        List<NetMeasurement> nets =
                BenchmarkSuite.of(Grid.SMALL, 3).stream()
                        .map(CalibrationFitTest::synthetic)
                        .toList();
        return Calibration.of(nets, CalibrationFitTest.syntheticProbes());
    }

    @Test
    void writesTheCalibratedProfileAndKeepsThePreviousOne() throws Exception {
        BoardProfile before = uncalibrated();
        Path file = dir.resolve("profile.json");
        ProfileWriter.write(before, file);
        String original = Files.readString(file);
        Calibration c = calibration();
        ProfileUpdate u =
                ProfileUpdate.of(
                        before,
                        c,
                        Instant.parse("2026-11-25T17:00:00.123Z"),
                        "commit abc",
                        "arm-none-eabi-gcc 12",
                        "test");
        Path backup = u.write(file);

        assertEquals(original, Files.readString(backup));
        BoardProfile read = ProfileReader.read(file);
        assertEquals(u.after(), read);
        assertEquals("2026-11-25T17:00:00Z", read.getCostModel().getCalibratedAt());
        assertEquals(c.heldOut().size(), read.getCostModel().getHeldoutSamples());
        assertEquals(c.latencyMargin(), read.getCostModel().getLatencyMargin());
        assertTrue(
                c.latencyMargin() > 0, "the synthetic suite has an under-predicted held-out model");
        assertTrue(
                u.changes().contains("cost_model.latency_margin: (none) -> " + c.latencyMargin()),
                String.join("\n", u.changes()));
        assertEquals(9, read.getCostModel().getOpsCount());
        assertEquals(
                c.fit().ops().get("conv").coefficients()[0],
                read.getCostModel().getOpsOrThrow("conv").getPerMac());
        assertEquals(before.getFlash(), read.getFlash());
        assertTrue(
                u.changes().stream()
                        .anyMatch(l -> l.startsWith("cost_model.ops.conv.per_mac: (none) -> ")),
                String.join("\n", u.changes()));
        assertFalse(u.changes().stream().anyMatch(l -> l.startsWith("flash.")));
    }

    @Test
    void refusesAnInvalidProfileWithoutTouchingTheFile() throws Exception {
        BoardProfile before = uncalibrated();
        Path file = dir.resolve("profile.json");
        ProfileWriter.write(before, file);
        String original = Files.readString(file);
        ProfileUpdate u = ProfileUpdate.of(before, calibration(), Instant.EPOCH, "", "gcc", "test");
        // a calibrated profile without a firmware identity fails the schema's validator
        BoardProfileException e = assertThrows(BoardProfileException.class, () -> u.write(file));
        assertTrue(e.getMessage().contains("cost_model.firmware"), e.getMessage());
        assertEquals(original, Files.readString(file));
        assertFalse(Files.exists(dir.resolve("profile.json.bak")));
    }
}
