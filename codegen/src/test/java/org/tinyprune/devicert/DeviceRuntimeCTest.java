package org.tinyprune.devicert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the device runtime's own C test suites from the Maven build, so one test command covers
 * them: the kernel tests (host, ASan+UBSan, Cortex-M builds under qemu-arm) and the firmware suite
 * (every board builds, bootloader and benchmark server end to end on the emulated boards,
 * stm32flash interoperability). Each C test binary prints a {@code TP_TEST_PASS} sentinel.
 */
class DeviceRuntimeCTest {
    private static final Path DEVICE_RUNTIME =
            Path.of("..", "device-runtime").toAbsolutePath().normalize();

    /** Exit code of a test script that could not run (automake's convention). */
    private static final int SKIPPED = 77;

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command)
                .directory(DEVICE_RUNTIME.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static String run(List<String> command, long minutes)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("device-runtime", ".log");
        Process p = start(command, log);
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

    /**
     * A short libFuzzer run (3 s each) of the bootloader's and the benchmark server's command
     * parsers on their committed corpora, under ASan and UBSan; skipped, saying why, only without
     * clang.
     */
    @Test
    void fuzzTargetsRunWithoutCrashes() throws Exception {
        Path log = Files.createTempFile("device-runtime-fuzz", ".log");
        Process p = start(List.of("bash", "tests/fuzz/run.sh", "--seconds", "3"), log);
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertTrue(done, "fuzz run timed out:\n" + out);
        Assumptions.assumeTrue(p.exitValue() != SKIPPED, out.strip());
        assertEquals(
                0,
                p.exitValue(),
                "a fuzz target crashed (input in device-runtime/build/fuzz/artifacts):\n" + out);
        assertTrue(out.contains("fuzz bootloader: ") && out.contains("fuzz server: "), out);
    }

    @Test
    void firmwareSuitePassesOnEveryEmulatedBoard() throws Exception {
        String out = run(List.of("bash", "tests/run_all.sh"), 15);
        assertTrue(out.contains("device-runtime tests ok"), out);
    }
}
