package org.tinyprune.devicert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the device runtime's own C test suites from the Maven build, so one test command covers
 * them: the kernel tests (host, ASan+UBSan, Cortex-M builds under qemu-arm) and the firmware
 * suite (every board builds, bootloader and benchmark server end to end on the emulated boards,
 * stm32flash interoperability). Each C test binary prints a {@code TP_TEST_PASS} sentinel.
 */
class DeviceRuntimeCTest {
    private static final Path DEVICE_RUNTIME = Path.of("..", "device-runtime").toAbsolutePath().normalize();

    private static String run(List<String> command, long minutes) throws IOException, InterruptedException {
        Path log = Files.createTempFile("device-runtime", ".log");
        Process p = new ProcessBuilder(command).directory(DEVICE_RUNTIME.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertTrue(done, "timed out after " + minutes + " min: " + command + "\n" + out);
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }

    @Test
    void kernelTestsPassOnHostSanitizersAndCortexM() throws Exception {
        String out = run(List.of("make", "-s", "-f", "kernels.mk", "test", "cross"), 15);
        assertTrue(out.contains("TP_TEST_PASS"), out);
        assertTrue(!out.contains("TP_TEST_FAIL"), out);
    }

    @Test
    void firmwareSuitePassesOnEveryEmulatedBoard() throws Exception {
        String out = run(List.of("bash", "tests/run_all.sh"), 15);
        assertTrue(out.contains("device-runtime tests ok"), out);
    }
}
