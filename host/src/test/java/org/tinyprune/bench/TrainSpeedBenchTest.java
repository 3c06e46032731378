package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainSpeedBenchTest {

    @Test
    void markdownHasSettingsCommandAndOneRowPerModel() {
        TrainSpeedBench.Settings s =
                new TrainSpeedBench.Settings(
                        List.of("vgg-small", "resnet8"), 64, 3, 20, 2, 1, 1, "/usr/bin/python3");
        List<TrainSpeedBench.Result> results =
                List.of(
                        new TrainSpeedBench.Result(
                                "vgg-small", 140458, 21990912, 300.0, 200.0, "pytorch 1.13"),
                        new TrainSpeedBench.Result(
                                "resnet8", 78000, 12500000, 90.0, 120.0, "pytorch 1.13"));
        String md =
                TrainSpeedBench.markdown(
                        results, s, "AMD EPYC, 2 CPUs", "./tinyprune bench" + " train-speed");
        assertTrue(md.contains("- Machine: AMD EPYC, 2 CPUs\n"), md);
        assertTrue(md.contains("- Command: `./tinyprune bench train-speed`\n"), md);
        assertTrue(
                md.contains("batch 64, 2 threads on both sides, 20 timed steps after 3 warm-up"),
                md);
        // 300 / 200 = 1.50; 90 / 120 = 0.75
        assertTrue(
                md.contains("| vgg-small | 140,458 | 21,990,912 | 300.0 | 200.0 | 1.50× |\n"), md);
        assertTrue(md.contains("| resnet8 | 78,000 | 12,500,000 | 90.0 | 120.0 | 0.75× |\n"), md);
        assertEquals(
                2, md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| model")).count());
    }

    @Test
    void settingsRejectUnknownModelsAndBadCounts() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new TrainSpeedBench.Settings(
                                        List.of("alexnet"), 64, 3, 20, 2, 1, 1, "p"));
        assertTrue(e.getMessage().contains("alexnet"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new TrainSpeedBench.Settings(List.of("vgg-small"), 64, 3, 0, 2, 1, 1, "p"));
    }
}
