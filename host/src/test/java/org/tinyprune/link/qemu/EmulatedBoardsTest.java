package org.tinyprune.link.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.link.an3155.BootloaderSession;

/**
 * Every emulated board launches from its profile and its bootloader identifies as the profile says.
 */
class EmulatedBoardsTest {
    @ParameterizedTest
    @ValueSource(strings = {"qemu-m4", "qemu-m7", "qemu-m33"})
    void bootloaderAnswersGetIdWithTheProfilesChipId(String name) throws Exception {
        Assumptions.assumeTrue(QemuLauncher.available(), "qemu-system-arm missing: test skipped");
        Path root = RepositoryRoot.locate();
        BoardProfile profile = new BoardRegistry(root.resolve("boards")).load(name);
        Path elf =
                new FirmwareMake(root)
                        .bootloader(name, Path.of("target", "firmware", name).toAbsolutePath());
        try (EmulatedBoard board = QemuLauncher.launch(profile, elf)) {
            BootloaderSession s = new BootloaderSession(board.serial(), 1000);
            s.sync(5000);
            assertEquals(profile.getFlashing().getChipId(), s.getId());
            assertTrue(s.get().contains(BootloaderSession.WRITE_MEMORY));
        }
    }
}
