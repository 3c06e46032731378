package org.tinyprune.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.proto.BoardProfile;

class BoardRegistryTest {
    @TempDir Path root;

    private BoardRegistry registryWithFixtures() throws Exception {
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        for (String f : List.of("emulated.json", "physical.json")) {
            BoardProfile p = ProfileReader.parse(ProfileReaderTest.fixture(f), null);
            ProfileWriter.write(
                    p, root.resolve("boards").resolve(p.getName()).resolve("profile.json"));
        }
        return new BoardRegistry(root.resolve("boards"));
    }

    @Test
    void findsAndLoadsProfilesByFolder() throws Exception {
        BoardRegistry reg = registryWithFixtures();
        assertEquals(List.of("nucleo-l4r5zi", "qemu-m4"), reg.names());
        assertEquals(2, reg.loadAll().size());
        assertEquals("cortex-m4", reg.load("qemu-m4").getCore());
    }

    @Test
    void unknownBoardListsKnownOnes() throws Exception {
        BoardRegistry reg = registryWithFixtures();
        BoardProfileException ex =
                assertThrows(BoardProfileException.class, () -> reg.load("qemu-m9"));
        assertTrue(
                ex.getMessage()
                        .contains(
                                "no board named \"qemu-m9\"; known boards: nucleo-l4r5zi, qemu-m4"),
                ex.getMessage());
    }

    @Test
    void nameMustEqualFolder() throws Exception {
        BoardRegistry reg = registryWithFixtures();
        Files.createDirectories(root.resolve("boards/other"));
        Files.copy(reg.profileFile("qemu-m4"), reg.profileFile("other"));
        BoardProfileException ex =
                assertThrows(BoardProfileException.class, () -> reg.load("other"));
        assertTrue(ex.getMessage().contains("differs from its folder \"other\""), ex.getMessage());
    }

    @Test
    void writerRoundTripsAtomicallyAndRefusesInvalidProfiles() throws Exception {
        BoardRegistry reg = registryWithFixtures();
        Path file = reg.profileFile("qemu-m4");
        BoardProfile before = reg.load("qemu-m4");
        String text = Files.readString(file);
        assertTrue(text.contains("\"clock_hz\": 25000000"), "snake_case names: " + text);
        BoardProfile bad = before.toBuilder().setClockHz(0).build();
        assertThrows(BoardProfileException.class, () -> ProfileWriter.write(bad, file));
        assertEquals(text, Files.readString(file), "an invalid profile leaves the file untouched");
        BoardProfile changed = before.toBuilder().setChannelMultiple(8).build();
        ProfileWriter.write(changed, file);
        assertEquals(changed, reg.load("qemu-m4"));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(
                    List.of("profile.json"),
                    files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void repositoryRootIsFoundWalkingUp() throws Exception {
        registryWithFixtures();
        Path deep = Files.createDirectories(root.resolve("host/src/test"));
        assertEquals(root.toRealPath(), RepositoryRoot.locateFrom(deep).toRealPath());
        Path outside = Files.createTempDirectory("no-repo");
        try {
            BoardProfileException ex =
                    assertThrows(
                            BoardProfileException.class, () -> RepositoryRoot.locateFrom(outside));
            assertTrue(ex.getMessage().contains("-Dtinyprune.root=DIR"), ex.getMessage());
        } finally {
            Files.delete(outside);
        }
        assertFalse(Files.exists(root.resolve("boards/qemu-m4/profile.json.tmp")));
    }
}
