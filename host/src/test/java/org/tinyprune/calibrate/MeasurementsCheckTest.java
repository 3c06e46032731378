package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of a measurements file is checked before a fit believes it: a bad value is refused with
 * {@code file:line} and its path. Each case edits the committed qemu-m4 measurements in one place;
 * the expected line is where that edit sits in the text.
 */
class MeasurementsCheckTest {
    private static final Path COMMITTED =
            Path.of("../boards/qemu-m4/calibration/measurements.json");

    @TempDir Path dir;

    @Test
    void theCommittedMeasurementsOfEveryEmulatedBoardPass() throws Exception {
        for (String board : new String[] {"qemu-m4", "qemu-m7", "qemu-m33"}) {
            Measurements m =
                    MeasurementsFile.read(
                            Path.of("../boards/" + board + "/calibration/measurements.json"));
            assertEquals(24, m.nets().size(), board);
        }
    }

    @Test
    void aLayerKeepsTheKernelItLinkedThroughTheFile() throws Exception {
        Measurements m = MeasurementsFile.read(COMMITTED);
        NetMeasurement first = m.nets().get(0);
        assertEquals(
                first.ops(),
                first.kernels(),
                "files without kernel fields link each op's own kernel");
        java.util.List<LayerSample> layers = new java.util.ArrayList<>(first.layers());
        LayerSample l = layers.get(0);
        layers.set(
                0,
                new LayerSample(
                        l.net(),
                        l.layer(),
                        l.op(),
                        l.features(),
                        l.cycles(),
                        "depthwise_in_place"));
        java.util.List<NetMeasurement> nets = new java.util.ArrayList<>(m.nets());
        nets.set(0, first.withLayers(layers));
        Path file = dir.resolve("m.json");
        MeasurementsFile.write(
                new Measurements(
                        m.suite(), m.firmware(), m.compiler(), m.measuredAt(), nets, m.probes()),
                file);
        Measurements back = MeasurementsFile.read(file);
        assertEquals("depthwise_in_place", back.nets().get(0).kernels().get(0));
        assertEquals(l.op(), back.nets().get(0).ops().get(0));
        assertEquals(m.nets().get(1).ops(), back.nets().get(1).kernels());
        Files.writeString(
                file, Files.readString(file).replace("\"depthwise_in_place\"", "\"Bad Key\""));
        IOException e = assertThrows(IOException.class, () -> MeasurementsFile.read(file));
        assertTrue(e.getMessage().contains(".kernel"), e.getMessage());
    }

    /**
     * The file with the first occurrence of {@code from} replaced; returns the line of the edit.
     */
    private int edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(COMMITTED);
        int at = text.indexOf(from);
        assertTrue(at >= 0, from);
        Files.writeString(file, text.substring(0, at) + to + text.substring(at + from.length()));
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private void refused(String from, String to, String path, String why) throws IOException {
        Path file = dir.resolve("measurements.json");
        int line = edit(file, from, to);
        IOException e = assertThrows(IOException.class, () -> MeasurementsFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": " + path), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void negativeZeroOrNonFiniteCyclesAreRefusedWithFileLineAndField() throws Exception {
        refused("\"cycles\": 44880.0", "\"cycles\": -5", "nets[0].layers[0].cycles = -5.0", "> 0");
        refused("\"cycles\": 44880.0", "\"cycles\": 0", "nets[0].layers[0].cycles = 0.0", "> 0");
        refused(
                "\"cycles\": 44880.0",
                "\"cycles\": NaN",
                "nets[0].layers[0].cycles",
                "must be a number");
        refused(
                "\"cycles\": 44880.0",
                "\"cycles\": 1e999",
                "nets[0].layers[0].cycles = Infinity",
                "finite");
        refused(
                "\"run_cycles\": 285800.0",
                "\"run_cycles\": -1",
                "nets[0].run_cycles = -1.0",
                "> 0");
    }

    @Test
    void implausibleCyclesAreRefused() throws Exception {
        refused(
                "\"cycles\": 44880.0",
                "\"cycles\": 5",
                "nets[0].layers[0].cycles = 5.0",
                "MACs cannot run in");
        refused(
                "\"run_cycles\": 285800.0",
                "\"run_cycles\": 2858000.0",
                "nets[0].run_cycles",
                "its layers sum to");
    }

    @Test
    void badByteCountsAndFeaturesAreRefused() throws Exception {
        refused(
                "\"flash_image_bytes\": 30628", "\"flash_image_bytes\": -30628",
                "nets[0].flash_image_bytes = -30628.0", "whole number >= 0");
        refused(
                "\"static_ram_bytes\": 1124",
                "\"static_ram_bytes\": 11.5",
                "nets[0].static_ram_bytes",
                "whole");
        refused(
                "            576.0", "            -576.0",
                "nets[0].layers[0].features[0] = -576.0", "cannot be negative");
        refused("\"net\": \"micro0\"", "\"net\": 7", "nets[0].net", "must be a string");
        refused("\"measured_at\": \"", "\"measured_at\": \"yesterday", "measured_at", "RFC 3339");
    }

    @Test
    void aMissingFieldNamesItsRow() throws Exception {
        Path file = dir.resolve("measurements.json");
        int row = edit(file, "\"zoo\": false,", "") - 2; // the row's "{" is two lines above "zoo"
        IOException e = assertThrows(IOException.class, () -> MeasurementsFile.read(file));
        assertTrue(
                e.getMessage().startsWith(file + ":" + row + ": nets[0]: has no \"zoo\""),
                e.getMessage());
    }

    @Test
    void jsonLinesFollowNestedPaths() {
        JsonLines l =
                JsonLines.of(
                        "{\n \"a\": [1,\n 2, {\"b\": \"x,]\\\"\",\n \"c\": [true]}],\n \"d\": null}");
        assertEquals(1, l.line(""));
        assertEquals(2, l.line("a"));
        assertEquals(2, l.line("a[0]"));
        assertEquals(3, l.line("a[1]"));
        assertEquals(3, l.line("a[2].b"));
        assertEquals(4, l.line("a[2].c[0]"));
        assertEquals(5, l.line("d"));
        assertEquals(0, l.line("e"));
    }
}
