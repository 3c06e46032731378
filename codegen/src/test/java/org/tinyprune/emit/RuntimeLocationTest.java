package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code codegen --build} finds device-runtime from TINYPRUNE_HOME, the working directory, or the
 * running code.
 */
class RuntimeLocationTest {
    private static final Path RUNTIME =
            Paths.get("..", "device-runtime").toAbsolutePath().normalize();

    /**
     * Where this code runs from: codegen/target/classes (the CLI jar sits in host/target likewise).
     */
    private static final Path CODE = Paths.get("target", "classes").toAbsolutePath();

    @TempDir Path elsewhere;

    @Test
    void foundFromTheRunningCodeWhenRunOutsideTheCheckout() throws IOException {
        assertEquals(RUNTIME, HostBuild.locateRuntime(elsewhere, null, CODE));
        Path jar = RUNTIME.getParent().resolve("host/target/tinyprune-cli.jar");
        assertEquals(RUNTIME, HostBuild.locateRuntime(elsewhere, "", jar));
    }

    @Test
    void tinypruneHomeNamesTheCheckoutOrTheRuntimeAndWins() throws IOException {
        assertEquals(
                RUNTIME, HostBuild.locateRuntime(elsewhere, RUNTIME.getParent().toString(), null));
        assertEquals(RUNTIME, HostBuild.locateRuntime(elsewhere, RUNTIME.toString(), null));
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                HostBuild.locateRuntime(
                                        RUNTIME.getParent(), elsewhere.toString(), CODE));
        assertTrue(e.getMessage().contains("TINYPRUNE_HOME=" + elsewhere), e.getMessage());
    }

    @Test
    void theErrorNamesEveryPlaceSearched() throws IOException {
        Path jar = Files.createDirectories(elsewhere.resolve("lib")).resolve("tinyprune-cli.jar");
        Path cwd = Files.createDirectories(elsewhere.resolve("work"));
        IOException e =
                assertThrows(IOException.class, () -> HostBuild.locateRuntime(cwd, null, jar));
        assertTrue(
                e.getMessage().contains(cwd.toString())
                        && e.getMessage().contains(jar.toString())
                        && e.getMessage().contains("TINYPRUNE_HOME"),
                e.getMessage());
    }
}
