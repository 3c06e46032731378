package org.tinyprune.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.proto.BoardProfile;

/** Every profile committed under the repository's boards/ folder parses and validates. */
class RepositoryProfilesTest {
    @Test
    void everyCommittedProfileIsValid() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Assumptions.assumeTrue(
                Files.isDirectory(root.resolve("boards")),
                "no boards/ folder in " + root + " yet (the firmware branch adds it)");
        assertEquals(root, RepositoryRoot.locateFrom(Path.of("").toAbsolutePath()));
        BoardRegistry reg = new BoardRegistry(root.resolve("boards"));
        List<String> names = reg.names();
        assertFalse(names.isEmpty(), "boards/ holds no profile.json under " + reg.boardsDir());
        for (BoardProfile p : reg.loadAll()) {
            assertTrue(Files.isRegularFile(reg.profileFile(p.getName())));
        }
        assertTrue(names.contains("qemu-m4"), "the default emulated board exists: " + names);
        assertEquals("emulated", reg.load("qemu-m4").getFlashing().getResetEntry());
    }
}
