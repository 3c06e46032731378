package org.tinyprune.link.qemu;

import java.nio.file.Path;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;

/**
 * Child program of {@link QemuShutdownTest}: launches qemu-m4, prints QEMU's pid, then waits to be
 * killed without closing the board itself, so only the JVM shutdown hook can end QEMU.
 */
public final class LaunchAndWait {
    private LaunchAndWait() {}

    /**
     * Entry point.
     *
     * @param args the bootloader ELF
     * @throws Exception on any failure (the parent test then fails)
     */
    public static void main(String[] args) throws Exception {
        var profile = new BoardRegistry(RepositoryRoot.locate().resolve("boards")).load("qemu-m4");
        EmulatedBoard board = QemuLauncher.launch(profile, Path.of(args[0]));
        System.out.println("qemu-pid " + board.pid());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
