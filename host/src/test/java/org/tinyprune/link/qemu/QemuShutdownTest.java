package org.tinyprune.link.qemu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;

/** QEMU ends with the JVM that started it, however that JVM ends. */
class QemuShutdownTest {
    static Path root;
    static Path elf;

    @BeforeAll
    static void bootloader() throws Exception {
        Assumptions.assumeTrue(QemuLauncher.available(), "qemu-system-arm missing: test skipped");
        root = RepositoryRoot.locate();
        elf =
                new FirmwareMake(root)
                        .bootloader(
                                "qemu-m4",
                                Path.of("target", "firmware", "qemu-m4").toAbsolutePath());
    }

    @Test
    void terminatedJvmTakesItsQemuWithIt() throws Exception {
        // SIGTERM, as kill or a closing terminal would send; Ctrl-C runs the same hooks
        endChildAndCheckQemu(false);
    }

    @Test
    void killedJvmTakesItsQemuWithIt() throws Exception {
        // SIGKILL: no shutdown hook runs; the parent-death signal ends QEMU
        Assumptions.assumeTrue(
                QemuLauncher.tiedToThisProcess(java.util.List.of("x")).size() > 1,
                "setpriv missing: QEMU cannot be tied to a JVM killed by SIGKILL");
        endChildAndCheckQemu(true);
    }

    private void endChildAndCheckQemu(boolean kill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                "-D" + RepositoryRoot.PROPERTY + "=" + root,
                                LaunchAndWait.class.getName(),
                                elf.toString())
                        .redirectErrorStream(true)
                        .start();
        long qemuPid = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            StringBuilder all = new StringBuilder();
            while (qemuPid < 0 && (line = r.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith("qemu-pid ")) {
                    qemuPid = Long.parseLong(line.substring(9).trim());
                }
            }
            assertTrue(qemuPid > 0, "child did not launch QEMU: " + all);
            ProcessHandle qemu = ProcessHandle.of(qemuPid).orElseThrow();
            assertTrue(qemu.isAlive());
            assertTrue(
                    qemu.info().command().orElse("").endsWith(QemuLauncher.QEMU),
                    "pid " + qemuPid + " is QEMU itself: " + qemu.info().command());
            if (kill) {
                child.destroyForcibly();
            } else {
                child.destroy();
            }
            assertTrue(child.waitFor(15, TimeUnit.SECONDS), "child JVM ended");
            qemu.onExit().get(5, TimeUnit.SECONDS);
            assertFalse(qemu.isAlive(), "QEMU ended with the JVM");
        } finally {
            child.destroyForcibly();
            if (qemuPid > 0) {
                ProcessHandle.of(qemuPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void qemuOutlivesTheThreadThatLaunchedIt() throws Exception {
        // the kernel's parent-death signal follows the starting thread: a worker thread that ends
        // must not take the board with it
        var profile = new BoardRegistry(root.resolve("boards")).load("qemu-m4");
        AtomicReference<EmulatedBoard> launched = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread worker =
                new Thread(
                        () -> {
                            try {
                                launched.set(QemuLauncher.launch(profile, elf));
                            } catch (Exception e) {
                                failure.set(e);
                            }
                        });
        worker.start();
        worker.join();
        assertTrue(failure.get() == null, "launch failed: " + failure.get());
        try (EmulatedBoard board = launched.get()) {
            Thread.sleep(1000);
            assertTrue(board.isAlive(), "QEMU still runs after the launching thread ended");
        }
    }
}
