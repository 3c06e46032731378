package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Int8SpeedBenchTest {

    @Test
    void optimisedKernelsReproduceTheReferenceOnWholeZooModels() {
        // resnet8 (residual adds, strided convs) and ds-cnn (depthwise) on a few samples each
        Int8SpeedBench.Settings s =
                new Int8SpeedBench.Settings(List.of("resnet8", "ds-cnn"), 3, 0, 1, 5);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Int8SpeedBench.Result> results =
                Int8SpeedBench.run(s, new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertEquals(2, results.size());
        for (Int8SpeedBench.Result r : results) {
            assertEquals(0, r.mismatches(), r.model());
            assertTrue(r.referenceSeconds() > 0 && r.optimisedSeconds() > 0, r.toString());
            assertTrue(r.macs() > 1_000_000, r.toString());
        }
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("differing outputs"));
    }

    @Test
    void markdownHasSettingsCommandAndOneRowPerModel() {
        Int8SpeedBench.Settings s =
                new Int8SpeedBench.Settings(List.of("vgg-small"), 500, 20, 2, 1);
        // 500 samples: reference 100 s -> 5.0/s, optimised 4 s -> 125.0/s, 25x
        List<Int8SpeedBench.Result> results =
                List.of(new Int8SpeedBench.Result("vgg-small", 21990912, 500, 100.0, 4.0, 0));
        String md =
                Int8SpeedBench.markdown(
                        results, s, "AMD EPYC, 2 CPUs", "./tinyprune bench int8-speed");
        assertTrue(md.contains("- Machine: AMD EPYC, 2 CPUs\n"), md);
        assertTrue(md.contains("- Command: `./tinyprune bench int8-speed`\n"), md);
        assertTrue(md.contains("500 seeded random 1x28x28 samples per side"), md);
        assertTrue(
                md.contains("| vgg-small | 21,990,912 | 5.0 | 125.0 | 25.0× | 0 of 500 |\n"), md);
    }

    @Test
    void settingsRejectUnknownModelsAndBadCounts() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Int8SpeedBench.Settings(List.of("alexnet"), 10, 0, 1, 1));
        assertTrue(e.getMessage().contains("alexnet"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Int8SpeedBench.Settings(List.of("vgg-small"), 0, 0, 1, 1));
        assertTrue(e.getMessage().contains("samples=0"), e.getMessage());
    }
}
