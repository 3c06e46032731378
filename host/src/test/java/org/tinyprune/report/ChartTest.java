package org.tinyprune.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        Path bars = dir.resolve("bars.png");
        new BarChart("channels", "layer", "channels", List.of("conv1", "conv2"))
                .series("before", new double[] {32, 64})
                .series("after", new double[] {8, 20})
                .write(bars);
        BufferedImage b = ImageIO.read(bars.toFile());
        int firstBar = Chart.LEFT + (int) (0.25 / 2 * (Chart.WIDTH - Chart.LEFT - Chart.RIGHT));
        assertEquals(
                Chart.PALETTE[0].getRGB(), b.getRGB(firstBar, Chart.HEIGHT - Chart.BOTTOM - 5));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    /**
     * One series at y = 50 with an error of 10 at its middle point, x from 0 to 10, and a reference
     * at 100, so the y axis runs from 0 to 108 (the top padded by 8 %). The plot area is 780 x 380
     * pixels from (90, 50), so: bar column 90 + 780 / 2 = 480; bar top y(60) = 430 − round(60 · 380
     * / 108) = 430 − 211 = 219; bar bottom y(40) = 430 − round(40 · 380 / 108) = 430 − 141 = 289;
     * the line itself (and the dot) at y(50) = 430 − 176 = 254.
     */
    @Test
    void drawsErrorBarsWithCapsWhereTheErrorsSay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bars.png");
        new LineChart("accuracy", "SRAM", "%")
                .series(
                        "dnp",
                        new double[] {0, 5, 10},
                        new double[] {50, 50, 50},
                        new double[] {0, 10, Double.NaN})
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
        // the bar ends at the error: no series colour a few pixels beyond either cap, nor beside
        // the bar
        for (int[] p :
                new int[][] {
                    {px, top - 4},
                    {px, bottom + 4},
                    {px + LineChart.CAP + 4, top},
                    {px - 12, 235},
                    {px + 12, 275}
                }) {
            assertNotColour(colour, img, p[0], p[1]);
        }
        // no bar at x = 10 (zero error there: NaN counts as none), where the line meets the right
        // edge
        for (int y = 254 - 30; y <= 254 - 8; y++) {
            assertNotColour(colour, img, 870, y);
        }
        // the axis covers the bar: its range reaches y + error when that is the largest value
        Path tall = dir.resolve("tall.png");
        new LineChart("accuracy", "SRAM", "%")
                .series(
                        "dnp",
                        new double[] {0, 5, 10},
                        new double[] {50, 50, 50},
                        new double[] {0, 50, 0})
                .write(tall);
        BufferedImage t = ImageIO.read(tall.toFile());
        // 0..100 padded to 108: the bar's top y(100) = 430 − round(100 · 380 / 108) = 430 − 352 =
        // 78
        assertColour(colour, t, px, 78, "top of a bar that sets the axis");
        assertNotColour(colour, t, px, 72);
    }

    private static void assertColour(int expected, BufferedImage img, int x, int y, String what) {
        int got = img.getRGB(x, y);
        assertTrue(
                distance(expected, got) < 40,
                what
                        + ": expected "
                        + Integer.toHexString(expected & 0xffffff)
                        + ", got "
                        + Integer.toHexString(got & 0xffffff));
    }

    private static void assertNotColour(int colour, BufferedImage img, int x, int y) {
        int got = img.getRGB(x, y);
        assertTrue(
                distance(colour, got) > 120,
                "("
                        + x
                        + ", "
                        + y
                        + ") should be clear of the series colour, got "
                        + Integer.toHexString(got & 0xffffff));
    }

    private static int distance(int a, int b) {
        return Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff))
                + Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff))
                + Math.abs((a & 0xff) - (b & 0xff));
    }

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        // hand-worked: 0..3.45M in at most 7 steps of 1, 2 or 5 × 10^k needs 0.5M (0.2M would take
        // 17)
        Ticks big = Ticks.of(0, 3_445_200, false);
        assertEquals(500_000, big.step());
        assertArrayEquals(
                new String[] {"0", "0.5M", "1.0M", "1.5M", "2.0M", "2.5M", "3.0M"}, big.labels());
        // 0..0.3175 (0.294 padded by 8 %): 0.05 (0.02 would take 16 steps)
        Ticks small = Ticks.of(0, 0.3175, false);
        assertEquals(0.05, small.step(), 0);
        assertArrayEquals(
                new String[] {"0", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"}, small.labels());
        assertEquals(
                0.3, small.values()[6], 0, "the decimal value, not 6 × 0.05 = 0.30000000000000004");
        // 88 layers: 20 (10 would take 9 steps); 3 epochs on a whole-number axis: 1, not 0.5
        assertArrayEquals(new double[] {0, 20, 40, 60, 80}, Ticks.of(0, 88, true).values(), 0);
        assertArrayEquals(new String[] {"0", "1", "2", "3"}, Ticks.of(0, 3, true).labels());
        assertEquals(0.5, Ticks.of(0, 3, false).step(), 0);
        // -0.43..1.31: 0.2 would take 8.7 steps, so 0.5, and -0.5 lies outside the range
        assertArrayEquals(new String[] {"0", "0.5", "1.0"}, Ticks.of(-0.43, 1.31, false).labels());
        assertArrayEquals(
                new String[] {"-2", "0", "2", "4", "6"}, Ticks.of(-3.5, 7.9, false).labels());
        // 23k in at most 7 steps: 5k (2k would take 11.5)
        assertArrayEquals(
                new String[] {"250k", "255k", "260k", "265k", "270k"},
                Ticks.of(248_000, 271_000, true).labels());
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            double scale = Math.pow(10, rnd.nextInt(-6, 9));
            double min = rnd.nextBoolean() ? 0 : rnd.nextDouble(-1, 1) * scale;
            double max = min + rnd.nextDouble(0.01, 1) * scale;
            boolean integers = rnd.nextBoolean();
            if (integers) {
                min = Math.floor(min);
                max = Math.max(min + 1, Math.ceil(max));
            }
            assertRound(Ticks.of(min, max, integers), min, max, integers);
        }
    }

    /**
     * Round ticks: a step of 1, 2 or 5 × 10^k (at least 1 on whole-number axes), every tick a
     * multiple of it inside the range, at least three ticks (two on a whole-number axis of length
     * 1) and at most eight, the first within a step of the range's start and the last within a step
     * of its end, and labels that read back as the ticks (without a decimal point on whole-number
     * axes below 10k) and tell them apart.
     */
    private static void assertRound(Ticks t, double min, double max, boolean integers) {
        String at = "[" + min + ", " + max + "]" + (integers ? " integers" : "");
        double step = t.step();
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-12));
        assertTrue(
                Math.abs(mantissa - 1) < 1e-9
                        || Math.abs(mantissa - 2) < 1e-9
                        || Math.abs(mantissa - 5) < 1e-9,
                at + ": step " + step);
        assertTrue(!integers || step >= 1, at + ": step " + step);
        double[] v = t.values();
        boolean unitRange = integers && max - min < 2;
        assertTrue(
                (v.length >= 3 || unitRange) && v.length <= Ticks.MAX_INTERVALS + 1,
                at + ": " + v.length + " ticks");
        assertTrue(v[0] >= min - 1e-9 * step && v[0] < min + step, at + ": first " + v[0]);
        assertTrue(
                v[v.length - 1] <= max + 1e-9 * step && v[v.length - 1] > max - step,
                at + ": last " + v[v.length - 1]);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.rint(v[i] / step), v[i] / step, 1e-9, at + ": tick " + v[i]);
            String label = t.labels()[i];
            double unit = label.endsWith("M") ? 1e6 : label.endsWith("k") ? 1e3 : 1;
            double read =
                    Double.parseDouble(unit == 1 ? label : label.substring(0, label.length() - 1))
                            * unit;
            assertEquals(v[i], read, 1e-9 * step, at + ": label " + label);
            assertTrue(!integers || unit > 1 || !label.contains("."), at + ": label " + label);
            assertTrue(
                    i == 0 || !label.equals(t.labels()[i - 1]), at + ": label " + label + " twice");
        }
    }

    @Test
    void chartsUseRoundTicksAndWholeNumbersOnWholeNumberAxes() {
        double[] x = new double[89];
        double[] y = new double[89];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = 3_190_000.0 * i / 88;
        }
        ChartLayout l =
                new LineChart("cycles", "layer (rank)", "cycles").series("c", x, y).layout();
        assertArrayEquals(new double[] {0, 20, 40, 60, 80}, l.xTicks.values(), 0);
        assertEquals(500_000, l.yTicks.step());
        ChartLayout epochs =
                new LineChart("accuracy", "epoch", "accuracy")
                        .series("a", new double[] {0, 1, 2, 3}, new double[] {0.5, 0.7, 0.8, 0.85})
                        .yFromData()
                        .layout();
        assertArrayEquals(new String[] {"0", "1", "2", "3"}, epochs.xTicks.labels());
        assertArrayEquals(new String[] {"0.5", "0.6", "0.7", "0.8"}, epochs.yTicks.labels());
        ChartLayout channels =
                new BarChart("channels", "layer", "channels", List.of("a", "b"))
                        .series("after", new double[] {3, 2})
                        .layout();
        assertArrayEquals(
                new String[] {"0", "1", "2", "3"},
                channels.yTicks.labels(),
                "3 channels: no 0.5 steps");
        assertEquals(null, channels.xTicks, "a category axis has no numeric ticks");
    }

    /** A bar chart of {@code n} layers named like a deep network's, up to 3.19M cycles. */
    private static BarChart layers(int n) {
        List<String> names = new ArrayList<>();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            names.add("features." + i + ".conv_pointwise");
            v[i] = 3_190_000.0 * (i + 1) / n;
        }
        return new BarChart("per-layer latency (cycles)", "layer", "cycles", names)
                .series("predicted", v)
                .series("measured", java.util.Arrays.stream(v).map(c -> 0.7 * c).toArray());
    }

    @Test
    void labelsLieInsideTheImageAndOverlapNeitherEachOtherNorTheAxisTitles() {
        List<Chart> charts =
                List.of(
                        layers(22),
                        layers(3),
                        layers(80),
                        new BarChart(
                                        "flash",
                                        "",
                                        "bytes",
                                        List.of("budget", "predicted", "measured"))
                                .series("b", new double[] {262_144, 250_011, 249_876}),
                        new LineChart(
                                        "a very long y axis title",
                                        "step",
                                        "bytes of static RAM plus the stack high-water mark, "
                                                + "as measured on the board after the run")
                                .series(
                                        "s",
                                        new double[] {0, 1_000_000},
                                        new double[] {-0.5, 123.25}));
        for (Chart c : charts) {
            ChartLayout l = c.layout();
            String what =
                    c.title
                            + (c.categoryLabels() == null
                                    ? ""
                                    : " (" + c.categoryLabels().length + " categories)");
            List<ChartLayout.Label> labels = l.labels;
            for (ChartLayout.Label a : labels) {
                java.awt.geom.Rectangle2D b = a.box().getBounds2D();
                assertTrue(
                        b.getMinX() >= 0
                                && b.getMinY() >= 0
                                && b.getMaxX() <= Chart.WIDTH
                                && b.getMaxY() <= Chart.HEIGHT,
                        what + ": " + a.kind() + " " + a.text() + " at " + b);
            }
            for (int i = 0; i < labels.size(); i++) {
                for (int j = i + 1; j < labels.size(); j++) {
                    assertTrue(
                            !ChartLayout.intersect(labels.get(i).box(), labels.get(j).box()),
                            what
                                    + ": "
                                    + labels.get(i).kind()
                                    + " "
                                    + labels.get(i).text()
                                    + " overlaps "
                                    + labels.get(j).kind()
                                    + " "
                                    + labels.get(j).text());
                }
            }
            int plotBottom = Chart.HEIGHT - l.bottom;
            for (ChartLayout.Label a : labels) {
                if (a.kind() == ChartLayout.Kind.CATEGORY || a.kind() == ChartLayout.Kind.X_TICK) {
                    assertTrue(
                            a.box().getBounds2D().getMinY() > plotBottom,
                            what + ": " + a.text() + " under the axis");
                }
            }
        }
        // every category keeps its label while they fit side by side; 80 keep every k-th, in order
        assertEquals(22, count(layers(22).layout(), ChartLayout.Kind.CATEGORY));
        ChartLayout many = layers(80).layout();
        List<String> kept =
                many.labels.stream()
                        .filter(a -> a.kind() == ChartLayout.Kind.CATEGORY)
                        .map(ChartLayout.Label::text)
                        .toList();
        assertTrue(kept.size() >= 10 && kept.size() < 80, kept.size() + " of 80 labels kept");
        int k = Integer.parseInt(kept.get(1).split("\\.")[1]);
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(
                    "features." + i * k + ".conv_point",
                    kept.get(i)
                            .substring(0, ("features." + i * k).length() + ".conv_point".length()));
        }
    }

    private static long count(ChartLayout l, ChartLayout.Kind kind) {
        return l.labels.stream().filter(a -> a.kind() == kind).count();
    }

    /**
     * The drawn image agrees with the layout: every label box holds ink (the text was drawn there),
     * and every dark pixel outside the plot area lies inside some label box, so no text runs off
     * the image or into another's place; the image's outer two pixels are blank.
     */
    @Test
    void theDrawnLabelsAreWhereTheLayoutSaysAndUncut() {
        for (Chart c : List.of(layers(22), layers(80))) {
            java.awt.image.BufferedImage img = c.render();
            ChartLayout l = c.layout();
            for (ChartLayout.Label a : l.labels) {
                if (!a.text().isEmpty()) {
                    java.awt.Rectangle b = a.box().getBounds();
                    boolean ink = false;
                    for (int x = b.x; x < b.x + b.width && !ink; x++) {
                        for (int y = b.y; y < b.y + b.height && !ink; y++) {
                            ink = a.box().contains(x + 0.5, y + 0.5) && dark(img.getRGB(x, y));
                        }
                    }
                    assertTrue(ink, a.kind() + " " + a.text() + " was not drawn in its box " + b);
                }
            }
            for (int x = 0; x < Chart.WIDTH; x++) {
                for (int y = 0; y < Chart.HEIGHT; y++) {
                    boolean edge = x < 2 || y < 2 || x >= Chart.WIDTH - 2 || y >= Chart.HEIGHT - 2;
                    boolean plot =
                            x >= l.left - 1
                                    && x <= Chart.WIDTH - l.right + 1
                                    && y >= l.top - 1
                                    && y <= Chart.HEIGHT - l.bottom + 5;
                    if (edge) {
                        assertEquals(
                                0xffffff,
                                img.getRGB(x, y) & 0xffffff,
                                "blank edge at (" + x + ", " + y + ")");
                    } else if (!plot && dark(img.getRGB(x, y))) {
                        double px = x + 0.5;
                        double py = y + 0.5;
                        assertTrue(
                                l.labels.stream().anyMatch(a -> a.box().contains(px, py)),
                                "ink outside every label at (" + x + ", " + y + ")");
                    }
                }
            }
        }
    }

    private static boolean dark(int rgb) {
        return (rgb >> 16 & 0xff) < 160 && (rgb >> 8 & 0xff) < 160 && (rgb & 0xff) < 160;
    }

    @Test
    void rejectsMismatchedSeries() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new BarChart("t", "x", "y", List.of("a")).series("s", new double[] {1, 2}));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new LineChart("t", "x", "y")
                                .series(
                                        "s",
                                        new double[] {1, 2},
                                        new double[] {1, 2},
                                        new double[] {1}));
    }
}
