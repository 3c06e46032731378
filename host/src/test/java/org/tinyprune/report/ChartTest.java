package org.tinyprune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * One series at y = 50 with an error of 10 at its middle point, x from 0 to 10, and a reference at
     * 100, so the y axis runs from 0 to 108 (the top padded by 8 %). The plot area is 780 x 380 pixels
     * from (90, 50), so: bar column 90 + 780 / 2 = 480; bar top y(60) = 430 − round(60 · 380 / 108)
     * = 430 − 211 = 219; bar bottom y(40) = 430 − round(40 · 380 / 108) = 430 − 141 = 289; the line
     * itself (and the dot) at y(50) = 430 − 176 = 254.
     */
    @Test
    void drawsErrorBarsWithCapsWhereTheErrorsSay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bars.png");
        new LineChart("accuracy", "SRAM", "%")
                .series("dnp", new double[] {0, 5, 10}, new double[] {50, 50, 50}, new double[] {0, 10, Double.NaN})
                .reference("base", 100)
                .write(file);
        BufferedImage img = ImageIO.read(file.toFile());
        int colour = Chart.PALETTE[0].getRGB();
        int px = 480;
        int top = 219;
        int bottom = 289;
        for (int y = top; y <= bottom; y++) {
            assertColour(colour, img, px, y, "bar at row " + y);
        }
        for (int dx = -LineChart.CAP + 1; dx <= LineChart.CAP - 1; dx++) {
            assertColour(colour, img, px + dx, top, "top cap at column " + (px + dx));
            assertColour(colour, img, px + dx, bottom, "bottom cap at column " + (px + dx));
        }
        // the bar ends at the error: no series colour a few pixels beyond either cap, nor beside the bar
        for (int[] p : new int[][] {{px, top - 4}, {px, bottom + 4}, {px + LineChart.CAP + 4, top},
            {px - 12, 235}, {px + 12, 275}}) {
            assertNotColour(colour, img, p[0], p[1]);
        }
        // no bar at x = 10 (zero error there: NaN counts as none), where the line meets the right edge
        for (int y = 254 - 30; y <= 254 - 8; y++) {
            assertNotColour(colour, img, 870, y);
        }
        // the axis covers the bar: its range reaches y + error when that is the largest value
        Path tall = dir.resolve("tall.png");
        new LineChart("accuracy", "SRAM", "%")
                .series("dnp", new double[] {0, 5, 10}, new double[] {50, 50, 50}, new double[] {0, 50, 0})
                .write(tall);
        BufferedImage t = ImageIO.read(tall.toFile());
        // 0..100 padded to 108: the bar's top y(100) = 430 − round(100 · 380 / 108) = 430 − 352 = 78
        assertColour(colour, t, px, 78, "top of a bar that sets the axis");
        assertNotColour(colour, t, px, 72);
    }

    private static void assertColour(int expected, BufferedImage img, int x, int y, String what) {
        int got = img.getRGB(x, y);
        assertTrue(distance(expected, got) < 40, what + ": expected " + Integer.toHexString(expected & 0xffffff)
                + ", got " + Integer.toHexString(got & 0xffffff));
    }

    private static void assertNotColour(int colour, BufferedImage img, int x, int y) {
        int got = img.getRGB(x, y);
        assertTrue(distance(colour, got) > 120, "(" + x + ", " + y + ") should be clear of the series colour, got "
                + Integer.toHexString(got & 0xffffff));
    }

    private static int distance(int a, int b) {
        return Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff)) + Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff))
                + Math.abs((a & 0xff) - (b & 0xff));
    }

    @Test
    void rejectsMismatchedSeries() {
        assertThrows(IllegalArgumentException.class,
                () -> new BarChart("t", "x", "y", List.of("a")).series("s", new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> new LineChart("t", "x", "y").series("s", new double[] {1, 2}, new double[] {1, 2}, new double[] {1}));
    }
}
