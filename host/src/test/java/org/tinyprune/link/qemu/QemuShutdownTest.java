package org.tinyprune.link.qemu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.RepositoryRoot;

/** A JVM ended by a signal (Ctrl-C, kill) still ends its QEMU, through the shutdown hook. */
class QemuShutdownTest {
  @Test
  void terminatedJvmTakesItsQemuWithIt() throws Exception {
    Assumptions.assumeTrue(QemuLauncher.available(), "qemu-system-arm missing: test skipped");
    Path root = RepositoryRoot.locate();
    FirmwareMake make = new FirmwareMake(root);
    Path elf = make.bootloader("qemu-m4", Path.of("target", "firmware", "qemu-m4").toAbsolutePath());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-D" + RepositoryRoot.PROPERTY + "=" + root, LaunchAndWait.class.getName(), elf.toString())
        .redirectErrorStream(true).start();
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
      child.destroy(); // SIGTERM, as kill or a closing terminal would send; Ctrl-C runs the same hooks
      assertTrue(child.waitFor(15, TimeUnit.SECONDS), "child JVM ended");
      qemu.onExit().get(10, TimeUnit.SECONDS);
      assertFalse(qemu.isAlive(), "QEMU ended with the JVM");
    } finally {
      child.destroyForcibly();
      if (qemuPid > 0) {
        ProcessHandle.of(qemuPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
