package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calibrate --measurements} refuses a file with one negative cycle count instead of fitting
 * it.
 */
class CalibrateMeasurementsTest {
    @TempDir Path dir;

    @Test
    void oneNegativeCycleCountIsABadInputNotANewMargin() throws Exception {
        String text = Files.readString(Path.of("../boards/qemu-m4/calibration/measurements.json"));
        Path bad = dir.resolve("measurements.json");
        Files.writeString(bad, text.replaceFirst("\"cycles\": 44880.0", "\"cycles\": -5"));
        StringWriter err = new StringWriter();
        int code =
                Main.commandLine()
                        .setErr(new PrintWriter(err, true))
                        .execute(
                                "calibrate",
                                "--board",
                                "qemu-m4",
                                "--measurements",
                                bad.toString(),
                                "--out",
                                dir.resolve("out").toString(),
                                "--dry-run");
        assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
        assertTrue(
                err.toString().contains(bad + ":")
                        && err.toString().contains("nets[0].layers[0].cycles = -5.0"),
                err.toString());
        assertFalse(Files.exists(dir.resolve("out/profile.json")), "no calibrated profile written");
    }
}
