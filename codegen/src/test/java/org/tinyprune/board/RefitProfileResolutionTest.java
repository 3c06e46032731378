package org.tinyprune.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.proto.BoardProfile;

/**
 * Which profile a board is used with: the refit one in the user data directory while it belongs to
 * the shipped one (same build settings, calibrated no earlier), else the shipped one; and where the
 * user data directory is.
 */
class RefitProfileResolutionTest {
    @TempDir Path tmp;

    private BoardProfile shipped() throws Exception {
        BoardProfile p = ProfileReader.parse(ProfileReaderTest.fixture("emulated.json"), null);
        return p.toBuilder()
                .setCostModel(
                        p.getCostModel().toBuilder()
                                .setCalibratedAt("2026-01-01T00:00:00Z")
                                .setFirmware("test firmware"))
                .build();
    }

    private BoardRegistry registry(BoardProfile shipped) throws Exception {
        ProfileWriter.write(
                shipped,
                tmp.resolve("repo/boards").resolve(shipped.getName()).resolve("profile.json"));
        return new BoardRegistry(tmp.resolve("repo/boards"), tmp.resolve("data"));
    }

    private static BoardProfile refitOf(BoardProfile p, String at, double margin) {
        return p.toBuilder()
                .setCostModel(
                        p.getCostModel().toBuilder().setCalibratedAt(at).setLatencyMargin(margin))
                .build();
    }

    @Test
    void withoutARefitProfileTheShippedOneIsUsed() throws Exception {
        BoardRegistry reg = registry(shipped());
        ResolvedProfile r = reg.resolve("qemu-m4");
        assertFalse(r.refit());
        assertEquals(reg.profileFile("qemu-m4"), r.file());
        assertEquals(tmp.resolve("data/boards/qemu-m4/profile.json"), reg.refitFile("qemu-m4"));
    }

    @Test
    void aLaterRefitWithTheSameBuildSettingsIsUsed() throws Exception {
        BoardRegistry reg = registry(shipped());
        ProfileWriter.write(
                refitOf(shipped(), "2026-02-01T00:00:00Z", 0.125), reg.refitFile("qemu-m4"));
        ResolvedProfile r = reg.resolve("qemu-m4");
        assertTrue(r.refit());
        assertEquals(reg.refitFile("qemu-m4"), r.file());
        assertEquals(0.125, reg.load("qemu-m4").getCostModel().getLatencyMargin());
        assertEquals("refit " + reg.refitFile("qemu-m4"), r.describe());
        assertEquals(
                0,
                new BoardRegistry(tmp.resolve("repo/boards"))
                        .load("qemu-m4")
                        .getCostModel()
                        .getLatencyMargin(),
                "a registry without a data directory uses the shipped profile");
    }

    @Test
    void aShippedProfileCalibratedAfterTheRefitWins() throws Exception {
        BoardRegistry reg = registry(shipped());
        ProfileWriter.write(
                refitOf(shipped(), "2025-12-01T00:00:00Z", 0.125), reg.refitFile("qemu-m4"));
        ResolvedProfile r = reg.resolve("qemu-m4");
        assertFalse(r.refit());
        assertTrue(r.note().contains("calibrated after it"), r.note());
    }

    @Test
    void aRefitOfOtherBuildSettingsIsNotUsed() throws Exception {
        BoardRegistry reg = registry(shipped());
        BoardProfile other =
                refitOf(shipped(), "2026-02-01T00:00:00Z", 0.125).toBuilder()
                        .setChannelMultiple(8)
                        .build();
        ProfileWriter.write(other, reg.refitFile("qemu-m4"));
        ResolvedProfile r = reg.resolve("qemu-m4");
        assertFalse(r.refit());
        assertTrue(r.note().contains("build settings changed"), r.note());
    }

    @Test
    void anInvalidRefitProfileIsRefusedNamingItAndTheWayBack() throws Exception {
        BoardRegistry reg = registry(shipped());
        Files.createDirectories(reg.refitFile("qemu-m4").getParent());
        Files.writeString(reg.refitFile("qemu-m4"), "{\"name\": \"qemu-m4\", \"clock_hz\": -1}");
        BoardProfileException e =
                assertThrows(BoardProfileException.class, () -> reg.load("qemu-m4"));
        assertTrue(e.getMessage().contains(reg.refitFile("qemu-m4").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("delete it to use the shipped"), e.getMessage());
    }

    @Test
    void theDataDirectoryIsThePropertyThenTheVariableThenXdgThenHome() {
        Map<String, String> props = Map.of("tinyprune.data", "/p", "user.home", "/uh");
        Map<String, String> env =
                Map.of("TINYPRUNE_DATA", "/e", "XDG_DATA_HOME", "/x", "HOME", "/h");
        assertEquals(Path.of("/p"), UserData.dir(props::get, env::get));
        assertEquals(Path.of("/e"), UserData.dir(k -> null, env::get));
        assertEquals(
                Path.of("/x/tinyprune"),
                UserData.dir(k -> null, k -> k.equals("TINYPRUNE_DATA") ? null : env.get(k)));
        assertEquals(
                Path.of("/h/.local/share/tinyprune"),
                UserData.dir(k -> null, k -> k.equals("HOME") ? "/h" : null));
        assertEquals(
                Path.of("/h/.local/share/tinyprune"),
                UserData.dir(
                        k -> null,
                        k ->
                                k.equals("HOME")
                                        ? "/h"
                                        : k.equals("XDG_DATA_HOME") ? "relative" : null),
                "a relative XDG path is ignored");
        assertEquals(
                Path.of("/uh/.local/share/tinyprune"),
                UserData.dir(k -> k.equals("user.home") ? "/uh" : null, k -> null),
                "user.home without HOME");
    }

    @Test
    void testsRunWithADataDirectoryOutsideTheHomeDirectory() {
        String home = System.getProperty("user.home");
        assertFalse(
                UserData.dir().startsWith(Path.of(home).resolve(".local")),
                UserData.dir().toString());
        assertTrue(UserData.dir().toString().contains("target"), UserData.dir().toString());
    }
}
