package org.tinyprune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
    @Test
    void drawsLinesAndBarsAsPng(@TempDir Path dir) throws Exception {
        Path line = dir.resolve("line.png");
        new LineChart("SRAM over training", "step", "bytes")
                .series("sram", new double[] {0, 1, 2}, new double[] {100, 60, 40})
                .reference("budget", 50)
                .write(line);
        BufferedImage img = ImageIO.read(line.toFile());
        assertEquals(Chart.WIDTH, img.getWidth());
        // the first series' colour appears where the line runs
        boolean found = false;
        for (int x = 0; x < img.getWidth() && !found; x++) {
            for (int y = 0; y < img.getHeight() && !found; y++) {
                found = (img.getRGB(x, y) & 0xffffff) == Chart.PALETTE[0].getRGB() - 0xff000000;
            }
        }
        assertEquals(true, found);
        Path bars = dir.resolve("bars.png");
        new BarChart("channels", "layer", "channels", List.of("conv1", "conv2"))
                .series("before", new double[] {32, 64}).series("after", new double[] {8, 20}).write(bars);
        BufferedImage b = ImageIO.read(bars.toFile());
        int firstBar = Chart.LEFT + (int) (0.25 / 2 * (Chart.WIDTH - Chart.LEFT - Chart.RIGHT));
        assertEquals(Chart.PALETTE[0].getRGB(), b.getRGB(firstBar, Chart.HEIGHT - Chart.BOTTOM - 5));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void rejectsMismatchedSeries() {
        assertThrows(IllegalArgumentException.class,
                () -> new BarChart("t", "x", "y", List.of("a")).series("s", new double[] {1, 2}));
    }
}
